import json

from spacy.tokens import Doc, Span

from whosaid.pipeline.extensions import set_meta
from whosaid.record import Article
from whosaid.record.from_doc import article_from_doc, article_id
from whosaid.record.meta import ArticleMeta


def make_doc(nlp, words, spaces, ents):
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def test_entities_group_mentions_and_keep_offsets(blank_nlp):
    words = ["Ibarra", "met", "the", "Agencia", "Orbe", "team", ";", "Tomás", "Ibarra", "praised", "Chile", "."]
    spaces = [True, True, True, True, True, False, True, True, True, True, False, False]
    doc = make_doc(blank_nlp, words, spaces, [(3, 5, "ORG"), (7, 9, "PERSON"), (10, 11, "GPE"), (0, 1, "PERSON")])
    article = article_from_doc(doc)
    names = {(entity.name, entity.type) for entity in article.entities}
    assert names == {("Agencia Orbe", "ORG"), ("Tomás Ibarra", "PERSON"), ("Ibarra", "PERSON"), ("Chile", "GPE")}
    for entity in article.entities:
        for mention in entity.mentions:
            assert article.text[mention.start : mention.end] == mention.text


def test_same_name_in_other_case_or_with_article_is_one_entity(blank_nlp):
    words = ["The", "Senate", "voted", ";", "the", "senate", "'s", "rules", "."]
    spaces = [True, True, False, True, True, False, True, False, False]
    doc = make_doc(blank_nlp, words, spaces, [(0, 2, "ORG"), (4, 6, "ORG")])
    (entity,) = article_from_doc(doc).entities
    assert entity.name == "The Senate"
    assert [m.text for m in entity.mentions] == ["The Senate", "the senate"]


def test_numeric_entities_are_not_named_entities(blank_nlp):
    doc = make_doc(blank_nlp, ["300", "people", "died"], [True, True, False], [(0, 1, "CARDINAL")])
    assert article_from_doc(doc).entities == []


def test_metadata_and_id(blank_nlp):
    doc = set_meta(blank_nlp("Some text."), ArticleMeta.create(title="T", outlet="O", published="2026-03-12"))
    article = article_from_doc(doc)
    assert (article.title, article.outlet, article.published, article.url) == ("T", "O", "2026-03-12", None)
    assert article.id == article_id("Some text.") == article_from_doc(blank_nlp("Some text.")).id
    assert article.id != article_id("Some text!")


def test_record_round_trips_through_json(blank_nlp):
    doc = make_doc(blank_nlp, ["Chile", "said", "so"], [True, True, False], [(0, 1, "GPE")])
    article = article_from_doc(doc)
    data = json.loads(article.to_json())
    assert set(data) == {
        "id", "title", "url", "outlet", "published", "text", "entities", "statements", "quantities", "times"
    }
    assert Article.model_validate_json(article.to_json()) == article


def test_empty_doc_gives_empty_record(blank_nlp):
    article = article_from_doc(blank_nlp(""))
    assert article.text == ""
    assert article.entities == article.statements == article.quantities == article.times == []
