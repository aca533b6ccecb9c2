import json

from spacy.tokens import Doc, Span

from whosaid.inputs import ArticleMeta
from whosaid.pipeline.article import article_from_doc
from whosaid.pipeline.attribution_spans import CONTENT, CUE, SOURCE, SPANS_KEY, VIA
from whosaid.pipeline.extensions import set_meta
from whosaid.record import Article
from whosaid.record.model import article_id


def make_doc(nlp, words, spaces, ents):
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def test_entities_group_mentions_and_keep_offsets(article_nlp):
    words = ["Ibarra", "met", "the", "Agencia", "Orbe", "team", ";", "Tomás", "Ibarra", "praised", "Chile", "."]
    spaces = [True, True, True, True, True, False, True, True, True, True, False, False]
    doc = make_doc(article_nlp, words, spaces, [(3, 5, "ORG"), (7, 9, "PERSON"), (10, 11, "GPE"), (0, 1, "PERSON")])
    article = article_from_doc(article_nlp(doc))
    names = {(entity.name, entity.type) for entity in article.entities}
    assert names == {("Agencia Orbe", "ORG"), ("Tomás Ibarra", "PERSON"), ("Chile", "GPE")}
    (person,) = [entity for entity in article.entities if entity.type == "PERSON"]
    assert [m.text for m in person.mentions] == ["Ibarra", "Tomás Ibarra"], "a short name joins the longer one"
    (country,) = [entity for entity in article.entities if entity.type == "GPE"]
    assert (country.country, country.source_type) == ("CL", "government")
    for entity in article.entities:
        for mention in entity.mentions:
            assert article.text[mention.start : mention.end] == mention.text


def test_same_name_in_other_case_or_with_article_is_one_entity(article_nlp):
    words = ["The", "Senate", "voted", ";", "the", "senate", "'s", "rules", "."]
    spaces = [True, True, False, True, True, False, True, False, False]
    doc = make_doc(article_nlp, words, spaces, [(0, 2, "ORG"), (4, 6, "ORG")])
    (entity,) = article_from_doc(article_nlp(doc)).entities
    assert entity.name == "Senate"
    assert [m.text for m in entity.mentions] == ["Senate", "senate"], 'mentions are the names, without "the"'


def test_numeric_entities_are_not_named_entities(article_nlp):
    doc = make_doc(article_nlp, ["300", "people", "died"], [True, True, False], [(0, 1, "CARDINAL")])
    assert article_from_doc(article_nlp(doc)).entities == []


def test_metadata_and_id(article_nlp):
    doc = set_meta(article_nlp("Some text."), ArticleMeta.create(title="T", outlet="O", published="2026-03-12"))
    article = article_from_doc(article_nlp(doc))
    assert (article.title, article.outlet, article.published, article.url) == ("T", "O", "2026-03-12", None)
    assert article.id == article_id("Some text.") == article_from_doc(article_nlp("Some text.")).id
    assert article.id != article_id("Some text!")


def test_record_round_trips_through_json(article_nlp):
    doc = make_doc(article_nlp, ["Chile", "said", "so"], [True, True, False], [(0, 1, "GPE")])
    article = article_from_doc(article_nlp(doc))
    data = json.loads(article.to_json())
    assert set(data) == {
        "id",
        "title",
        "url",
        "outlet",
        "published",
        "text",
        "entities",
        "statements",
        "quantities",
        "times",
    }
    assert Article.model_validate_json(article.to_json()) == article


def test_empty_doc_gives_empty_record(article_nlp):
    article = article_from_doc(article_nlp(""))
    assert article.text == ""
    assert article.entities == article.statements == article.quantities == article.times == []


def with_attributions(doc, spans):
    from whosaid.pipeline.attribution_spans import CONFIDENCE_EXTENSION, SPANS_KEY
    from whosaid.pipeline.extensions import register_extensions

    register_extensions()
    doc.spans[SPANS_KEY] = [Span(doc, start, end, label=label, span_id=key) for start, end, label, key in spans]
    doc._.set(CONFIDENCE_EXTENSION, {"a1": 0.9, "a2": 0.6})
    return doc


def test_statements_with_split_direct_quote_and_indirect_speech(article_nlp):
    text = "“We agreed,” Ibarra said, “and we will build it.” Officials said the dam held."
    doc = article_nlp(text)
    doc.ents = [Span(doc, 5, 6, label="PERSON")]
    with_attributions(
        doc,
        [
            (0, 5, "CONTENT", "a1"),
            (5, 6, "SOURCE", "a1"),
            (6, 7, "CUE", "a1"),
            (8, 16, "CONTENT", "a1"),
            (16, 17, "SOURCE", "a2"),
            (17, 18, "CUE", "a2"),
            (18, 21, "CONTENT", "a2"),
        ],
    )
    analysed = article_nlp(doc)
    first, second = article_from_doc(analysed).statements
    assert (first.id, first.kind) == ("s1", "direct")
    assert [first.confidence, second.confidence] == [s["confidence"] for s in analysed._.whosaid_statements]
    assert first.confidence > second.confidence, "it reads the attribution model's (0.9 and 0.6) and the speakers"
    assert first.speaker.text == "Ibarra" and first.speaker.name == "Ibarra" and first.speaker.type == "PERSON"
    assert first.speaker.entity is not None
    assert (first.cue.text, first.cue.lemma) == ("said", "said"), "without a lemmatizer the lemma is the lowercase form"
    assert first.content.fragments == [(0, 12), (26, 49)]
    assert first.content.text == text[0:49]
    assert (second.kind, second.speaker.entity, second.content.text) == ("indirect", None, "the dam held")
    for statement in (first, second):
        for part in (statement.speaker, statement.cue, statement.content):
            assert text[part.start : part.end] == part.text


def test_partly_quoted_content_is_mixed_and_sourceless_is_allowed(article_nlp):
    doc = article_nlp("It was called “a disgrace” by nobody.")
    with_attributions(doc, [(2, 3, "CUE", "a1"), (3, 6, "CONTENT", "a1")])
    (statement,) = article_from_doc(article_nlp(doc)).statements
    assert statement.speaker is None and statement.kind == "direct"
    doc = article_nlp("Ibarra said it was “a disgrace” today.")
    with_attributions(doc, [(0, 1, "SOURCE", "a1"), (1, 2, "CUE", "a1"), (2, 8, "CONTENT", "a1")])
    (statement,) = article_from_doc(article_nlp(doc)).statements
    assert statement.kind == "mixed"


def test_nested_statement_is_within_its_reporter_and_lists_its_chain(article_nlp):
    # "Reuters said KCNA reported that Kim said it works via Tass": three levels, and a VIA span
    words = ["Reuters", "said", "KCNA", "reported", "that", "Kim", "said", "it", "works", "via", "Tass"]
    doc = Doc(article_nlp.vocab, words=words)

    def spans(key, roles):
        return [Span(doc, start, end, label=label, span_id=key) for label, (start, end) in roles]

    doc.spans[SPANS_KEY] = [
        *spans("a1", [(SOURCE, (0, 1)), (CUE, (1, 2)), (CONTENT, (2, 11))]),
        *spans("a2", [(SOURCE, (2, 3)), (CUE, (3, 4)), (CONTENT, (4, 9))]),
        *spans("a3", [(SOURCE, (5, 6)), (CUE, (6, 7)), (CONTENT, (7, 9)), (VIA, (10, 11))]),
    ]
    statements = {s.speaker.text: s for s in article_from_doc(article_nlp(doc)).statements}
    assert statements["Reuters"].within is None and statements["Reuters"].reported_via == []
    assert statements["KCNA"].within == statements["Reuters"].id
    assert [source.text for source in statements["KCNA"].reported_via] == ["Reuters"]
    assert statements["Kim"].within == statements["KCNA"].id
    assert [source.text for source in statements["Kim"].reported_via] == ["Tass", "KCNA", "Reuters"]
    for source in statements["Kim"].reported_via:
        assert doc.text[source.start : source.end] == source.text


def test_a_pipeline_without_the_layout_component_still_takes_the_run_s_defaults(blank_nlp):
    defaults = ArticleMeta.create(outlet="Courier", published="2025-01-05")
    doc = set_meta(blank_nlp("The dam was finished."), ArticleMeta.create(title="Dam"), defaults=defaults)
    article = article_from_doc(doc)
    assert (article.title, article.outlet, article.published) == ("Dam", "Courier", "2025-01-05")
