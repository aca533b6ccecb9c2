"""The reporting rules on hand-parsed Docs, so that they are tested apart from the models."""

from spacy.tokens import Doc, Span

from whosaid.pipeline.attributions import CONTENT, CUE, SOURCE, SPANS_KEY, VIA, attributions_in
from whosaid.pipeline.reporting import ReportingRules


def parsed(vocab, tokens, sent_starts=None):
    """tokens: (word, head index, dep, lemma) tuples."""
    words = [word for word, _, _, _ in tokens]
    return Doc(
        vocab,
        words=words,
        spaces=[
            word != "“" and i + 1 < len(words) and words[i + 1] not in {".", ",", "”"} for i, word in enumerate(words)
        ],
        heads=[head for _, head, _, _ in tokens],
        deps=[dep for _, _, dep, _ in tokens],
        lemmas=[lemma for _, _, _, lemma in tokens],
        sent_starts=sent_starts or [i == 0 for i in range(len(words))],
    )


def with_attribution(doc, key, source, cue, contents):
    spans = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
    spans += [Span(doc, *source, label=SOURCE, span_id=key), Span(doc, *cue, label=CUE, span_id=key)]
    spans += [Span(doc, *content, label=CONTENT, span_id=key) for content in contents]
    doc.spans[SPANS_KEY] = spans
    return doc


# "Kim hailed the volunteers as brave in a message carried by the agency KCNA ."
CARRIED = [
    ("Kim", 1, "nsubj", "Kim"), ("hailed", 1, "ROOT", "hail"), ("the", 3, "det", "the"),
    ("volunteers", 1, "dobj", "volunteer"), ("as", 5, "mark", "as"), ("brave", 1, "advcl", "brave"),
    ("in", 8, "case", "in"), ("a", 8, "det", "a"), ("message", 5, "nmod", "message"),
    ("carried", 8, "acl", "carry"), ("by", 13, "case", "by"), ("the", 13, "det", "the"),
    ("agency", 13, "compound", "agency"), ("KCNA", 9, "nmod", "KCNA"), (".", 1, "punct", "."),
]  # fmt: skip


def test_relaying_outlet_becomes_via_and_content_stops_before_it(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, CARRIED), "a1", (0, 1), (1, 2), [(2, 14)])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[CONTENT]] == ["the volunteers as brave"]
    assert [span.text for span in roles[VIA]] == ["the agency KCNA"]


# "The minister thanked the engineers , according to Xinhua ."
ACCORDING = [
    ("The", 1, "det", "the"), ("minister", 2, "nsubj", "minister"), ("thanked", 2, "ROOT", "thank"),
    ("the", 4, "det", "the"), ("engineers", 2, "dobj", "engineer"), (",", 2, "punct", ","),
    ("according", 8, "case", "accord"), ("to", 6, "mwe", "to"), ("Xinhua", 2, "nmod", "Xinhua"), (".", 2, "punct", "."),
]  # fmt: skip


def test_according_to_an_outlet_is_a_via(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, ACCORDING), "a1", (0, 2), (2, 3), [(3, 5)])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[VIA]] == ["Xinhua"]
    assert [span.text for span in roles[CONTENT]] == ["the engineers"]


def test_according_to_as_the_cue_itself_is_no_via(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, ACCORDING), "a1", (8, 9), (6, 8), [(0, 5)])
    ReportingRules()(doc)
    assert attributions_in(doc)["a1"][VIA] == []


def _quotes_doc(vocab, words, sent_starts):
    """Each sentence a flat tree under its first word."""
    heads = []
    for i, starts in enumerate(sent_starts):
        heads.append(i if starts else heads[-1])
    tokens = [
        (word, head, "ROOT" if head == i else "dep", word.lower()) for i, (word, head) in enumerate(zip(words, heads))
    ]
    return parsed(vocab, tokens, sent_starts)


FLOATING = ["He", "said", "it", "works", ".", "“", "We", "agreed", ".", "”"]
STARTS = [True, False, False, False, False, True, False, False, False, False]


def test_floating_quote_continues_the_previous_attribution(blank_nlp):
    doc = with_attribution(_quotes_doc(blank_nlp.vocab, FLOATING, STARTS), "a1", (0, 1), (1, 2), [(2, 4)])
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a1"][CONTENT]] == ["it works", "“We agreed.”"]


def test_quote_after_another_cue_or_inside_a_sentence_does_not_float(blank_nlp):
    doc = with_attribution(_quotes_doc(blank_nlp.vocab, FLOATING, STARTS), "a1", (0, 1), (1, 2), [(2, 4)])
    with_attribution(doc, "a2", (2, 3), (3, 4), [(4, 5)])  # a cue between a1 and the quote
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a1"][CONTENT]] == ["it works"]

    words = ["He", "said", "it", "works", ".", "So", "“", "we", "agreed", "”", "."]
    starts = [True, False, False, False, False, True, False, False, False, False, False]
    doc = with_attribution(_quotes_doc(blank_nlp.vocab, words, starts), "a1", (0, 1), (1, 2), [(2, 4)])
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a1"][CONTENT]] == ["it works"]


def test_floating_quote_needs_a_near_attribution_with_a_source(blank_nlp):
    words = ["He", "said", "it", ".", "A", ".", "B", ".", "C", ".", "“", "Yes", ".", "”"]
    starts = [w in {"He", "A", "B", "C", "“"} for w in words]
    doc = with_attribution(_quotes_doc(blank_nlp.vocab, words, starts), "a1", (0, 1), (1, 2), [(2, 3)])
    ReportingRules(max_sentence_gap=2)(doc)
    assert len(attributions_in(doc)["a1"][CONTENT]) == 1
    ReportingRules(max_sentence_gap=4)(doc)
    assert len(attributions_in(doc)["a1"][CONTENT]) == 2


def test_doc_without_attributions_is_unchanged(blank_nlp):
    doc = parsed(blank_nlp.vocab, ACCORDING)
    assert SPANS_KEY not in ReportingRules()(doc).spans
