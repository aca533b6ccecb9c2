from spacy.tokens import Doc

from whosaid.pipeline.attribution.features import (
    analyse,
    cue_window,
    distance_buckets,
    relation_to_cue,
)
from whosaid.pipeline.text import quotations


def quotation_spans(doc):
    """The quotations as spans, marks included, from the numbers quotations() gives."""
    numbers = quotations(doc)
    spans, start = [], None
    for i in range(len(doc) + 1):
        number = numbers[i] if i < len(doc) else 0
        if start is not None and number != numbers[start]:
            spans.append(doc[start:i])
            start = None
        if start is None and number:
            start = i
    return spans


def test_curly_and_straight_quotes_pair(blank_nlp):
    doc = blank_nlp('“We agreed,” he said, "and we will build it." Then: done.')
    assert [s.text for s in quotation_spans(doc)] == ["“We agreed,”", '"and we will build it."']


def test_quote_left_open_ends_at_the_paragraph(blank_nlp):
    doc = blank_nlp("He said: “We will stay.\n\nThey left. “Again” she said")
    assert [s.text for s in quotation_spans(doc)] == ["“We will stay.", "“Again”"]


def test_odd_number_of_straight_quotes_never_fails(blank_nlp):
    doc = blank_nlp('He said "yes and "no and "maybe.')
    spans = quotation_spans(doc)
    assert [s.text for s in spans] == ['"yes and "', '"maybe.']


def test_opening_mark_inside_an_open_quote_starts_a_new_one(blank_nlp):
    doc = blank_nlp("“One “two” three")
    assert [s.text for s in quotation_spans(doc)] == ["“One", "“two”"]


def test_ten_thousand_marks_pair_up(blank_nlp):
    # Time per character is measured by benchmarks/pathological.py, not here.
    doc = blank_nlp('" ' * 10_000 + "end")
    numbers = quotations(doc)
    assert max(numbers) == 5_000


def parsed_doc(nlp):
    # "Officials said the dam held , Ibarra noted ." with a hand-made tree.
    words = ["Officials", "said", "the", "dam", "held", ",", "Ibarra", "noted", "."]
    heads = [1, 7, 3, 4, 1, 7, 7, 7, 7]
    deps = ["nsubj", "ccomp", "det", "nsubj", "ccomp", "punct", "nsubj", "ROOT", "punct"]
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps)


def test_relation_to_cue(blank_nlp):
    doc = parsed_doc(blank_nlp)
    cue = doc[1:2]  # "said", whose head is "noted"
    assert relation_to_cue(analyse(doc), cue, 0, len(doc)) == [
        "DOWN:nsubj",
        "CUE",
        "DOWN:ccomp",
        "DOWN:ccomp",
        "DOWN:ccomp",
        "SIB:punct",
        "SIB:nsubj",
        "UP",
        "SIB:punct",
    ]


def test_window_spans_neighbouring_sentences(blank_nlp):
    words = ["A", ".", "B", "said", ".", "C", ".", "D", ".", "E", ".", "F", "."]
    sent_starts = [True, False, True, False, False, True, False, True, False, True, False, True, False]
    doc = Doc(blank_nlp.vocab, words=words, sent_starts=sent_starts)
    sentences = analyse(doc).sentences
    window = cue_window(doc[3:4], sentences, before=1, after=2)
    assert (window.start, window.end) == (0, 9)
    short = cue_window(doc[3:4], sentences, before=1, after=2, max_tokens=4)
    assert short.start <= 3 < short.end and short.end - short.start == 4


def test_distance_buckets(blank_nlp):
    doc = blank_nlp("a b c d e f g h i j")
    cue = doc[4:5]
    assert distance_buckets(cue, 0, 10).tolist() == [-3, -2, -2, -1, 0, 1, 2, 2, 3, 3]
    far = blank_nlp("x " * 300)
    assert distance_buckets(far[0:1], 0, 300)[[63, 64, 127, 128, 299]].tolist() == [6, 7, 7, 8, 8]


def test_analysis_handles_any_label_hash(blank_nlp):
    # "nummod" hashes above 2**63: a regression test for reading labels as signed integers.
    assert blank_nlp.vocab.strings.add("nummod") >= 2**63
    doc = Doc(blank_nlp.vocab, words=["300", "troops", "arrived"], heads=[1, 2, 2], deps=["nummod", "nsubj", "ROOT"])
    analysis = analyse(doc)
    assert analysis.deps == ["nummod", "nsubj", "ROOT"]
    assert analysis.heads == [1, 2, 2]
    assert analysis.sentences == [0, 0, 0]
