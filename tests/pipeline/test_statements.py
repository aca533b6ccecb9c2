"""The statements component on attributions set by hand: numbering, kind, nesting and relays,
cue types, and the figures and hedges that belong to each statement."""

import spacy
from spacy.tokens import Doc, Span

from whosaid.pipeline.analyses import add_article_components
from whosaid.pipeline.statements import statement_kind
from whosaid.pipeline.text import quotations


def _attributed(nlp, text: str, roles: list[tuple[str, str, str]], lemmas: dict[str, str]) -> Doc:
    """The Doc of `text` with attribution spans (label, words, attribution key), each at the first
    place its words stand not yet taken by a span of the same label; cue words given `lemmas`."""
    doc = nlp.make_doc(text)
    words = [token.text for token in doc]
    spans, taken = [], set()
    for label, phrase, key in roles:
        wanted = [token.text for token in nlp.make_doc(phrase)]
        start = next(i for i in range(len(words)) if words[i : i + len(wanted)] == wanted and (label, i) not in taken)
        taken.add((label, start))
        spans.append(Span(doc, start, start + len(wanted), label=label, span_id=key))
    for token in doc:
        token.lemma_ = lemmas.get(token.text, token.text.lower())
    doc.spans["whosaid_attributions"] = spans
    return nlp(doc)


def test_statements_are_numbered_in_text_order_and_typed_by_what_they_quote(article_nlp):
    doc = _attributed(
        article_nlp,
        '"The dam held," Ruiz said. Officials believe roughly 300 homes may flood. '
        'Lee added that the river would rise "within weeks".',
        [("CONTENT", '"The dam held,"', "a"), ("SOURCE", "Ruiz", "a"), ("CUE", "said", "a"),
         ("SOURCE", "Officials", "b"), ("CUE", "believe", "b"), ("CONTENT", "roughly 300 homes may flood", "b"),
         ("SOURCE", "Lee", "c"), ("CUE", "added", "c"), ("CONTENT", 'the river would rise "within weeks"', "c")],
        {"said": "say", "believe": "believe", "added": "add"},
    )  # fmt: skip
    statements = doc._.whosaid_statements
    assert [(s["id"], s["attribution"], s["kind"]) for s in statements] == [
        ("s1", "a", "direct"),
        ("s2", "b", "indirect"),
        ("s3", "c", "mixed"),
    ]
    assert [(s["cue_lemma"], s["cue_type"]) for s in statements] == [
        ("say", "assert"),
        ("believe", "believe"),
        ("add", "assert"),
    ]
    assert [s["within"] for s in statements] == [None, None, None]
    # the figure in the second content is that statement's, and "roughly" hedges it
    assert [s["quantities"] for s in statements] == [[], ["q1"], []]
    hedges = [(span.text, span.id_) for span in doc.spans["whosaid_epistemics"] if span.label_ == "HEDGE"]
    assert ("roughly", "s2") in hedges and all(statement == "s2" for _, statement in hedges)


def test_an_approximate_figure_in_the_speaker_s_words_hedges_nothing(nlp):
    doc = nlp(
        "The Metalworkers' Union, which represents about 6,000 Brenmoor employees, said it had not been consulted "
        "on the plant closure. Lee said about 300 people left."
    )
    hedges = [span.text for span in doc.spans["whosaid_epistemics"] if span.label_ == "HEDGE"]
    assert hedges == ["about"] and doc.spans["whosaid_epistemics"][0].start_char > doc.text.index("Lee")


def test_a_statement_reported_in_anothers_content_is_within_it_and_relayed_by_its_speaker(article_nlp):
    doc = _attributed(
        article_nlp,
        "The Post reported that Ruiz said the dam held.",
        [("SOURCE", "The Post", "outer"), ("CUE", "reported", "outer"),
         ("CONTENT", "that Ruiz said the dam held", "outer"),
         ("SOURCE", "Ruiz", "inner"), ("CUE", "said", "inner"), ("CONTENT", "the dam held", "inner")],
        {"reported": "report", "said": "say"},
    )  # fmt: skip
    outer, inner = doc._.whosaid_statements
    assert (outer["attribution"], outer["within"], outer["reported_via"]) == ("outer", None, [])
    assert (inner["attribution"], inner["within"]) == ("inner", outer["id"])
    assert inner["reported_via"] == [[0, 2]], "The Post relays what Ruiz said"
    assert outer["cue_type"] == "report"


def test_kind_counts_the_quoted_words_of_the_content(article_nlp):
    doc = article_nlp.make_doc('She called it "a disgrace" and left.')
    numbers = quotations(doc)
    assert statement_kind([doc[2:7]], numbers) == "mixed"
    assert statement_kind([doc[3:7]], numbers) == "direct"
    assert statement_kind([doc[0:2]], numbers) == "indirect"


# "Officials said the firms paid about $ 38 million and $ 23 million , respectively ." parsed by hand
SHARED_BOUND = [
    ("Officials", 1, "nsubj", "NOUN"), ("said", 1, "ROOT", "VERB"), ("the", 3, "det", "DET"),
    ("firms", 4, "nsubj", "NOUN"), ("paid", 1, "ccomp", "VERB"), ("about", 8, "quantmod", "ADV"),
    ("$", 8, "quantmod", "SYM"), ("38", 8, "compound", "NUM"), ("million", 4, "dobj", "NUM"),
    ("and", 8, "cc", "CCONJ"), ("$", 12, "quantmod", "SYM"), ("23", 12, "compound", "NUM"),
    ("million", 8, "conj", "NUM"), (",", 4, "punct", "PUNCT"), ("respectively", 4, "advmod", "ADV"),
    (".", 1, "punct", "PUNCT"),
]  # fmt: skip


def test_a_bound_shared_by_coordinated_amounts_hedges_their_statement_once(article_nlp):
    words, heads, deps, pos = (list(column) for column in zip(*SHARED_BOUND))
    doc = Doc(article_nlp.vocab, words=words, heads=heads, deps=deps, pos=pos,
              lemmas=["say" if word == "said" else word.lower() for word in words])  # fmt: skip
    doc.spans["whosaid_attributions"] = [
        Span(doc, 0, 1, label="SOURCE", span_id="a"),
        Span(doc, 1, 2, label="CUE", span_id="a"),
        Span(doc, 2, 15, label="CONTENT", span_id="a"),
    ]
    doc = article_nlp(doc)
    bounds = [(span.text, doc._.whosaid_quantities[span.id_]["bound"]) for span in doc.spans["whosaid_quantities"]]
    assert bounds == [("$ 38 million", "~"), ("$ 23 million", "~")]
    hedges = [(span.text, span.id_) for span in doc.spans["whosaid_epistemics"] if span.label_ == "HEDGE"]
    assert hedges == [("about", "s1")]


def test_a_cue_verb_added_through_the_component_s_config_types_the_statement():
    quipping = {"@misc": "whosaid.cue_words.v1", "added": {"assert": ["quip"], "hedge_words": ["ostensibly"]}}
    kinds = []
    for config in ({"cue_words": quipping}, {}):
        nlp = add_article_components(spacy.blank("en"))
        nlp.replace_pipe("statements", "whosaid_statements_v1", config=config)
        doc = _attributed(
            nlp,
            "Ruiz quipped that the dam ostensibly held.",
            [("SOURCE", "Ruiz", "a"), ("CUE", "quipped", "a"), ("CONTENT", "that the dam ostensibly held", "a")],
            {"quipped": "quip"},
        )
        hedges = [span.text for span in doc.spans["whosaid_epistemics"] if span.label_ == "HEDGE"]
        kinds.append([(s["cue_type"], hedges) for s in doc._.whosaid_statements])
    assert kinds == [[("assert", ["ostensibly"])], [(None, [])]]
