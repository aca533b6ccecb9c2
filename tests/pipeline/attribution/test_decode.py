import numpy
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc

from whosaid.pipeline.attribution.decode import (
    best_spans,
    biluo_to_spans,
    contents_after_the_cues_phrases,
    contents_with_their_verb,
    cues_with_their_form,
    spans_to_biluo,
)
from whosaid.pipeline.attribution.model import CONTENT_COLUMNS, ROLE_LABELS, SOURCE_COLUMNS


def test_well_formed_sequences():
    labels = ["O", "B-SOURCE", "L-SOURCE", "U-CUE", "B-CONTENT", "I-CONTENT", "L-CONTENT", "O"]
    assert biluo_to_spans(labels) == [(1, 3, "SOURCE"), (3, 4, "CUE"), (4, 7, "CONTENT")]


def test_slips_still_give_spans():
    assert biluo_to_spans(["O", "I-CONTENT", "L-CONTENT"]) == [(1, 3, "CONTENT")]
    assert biluo_to_spans(["B-CUE", "B-CUE", "O"]) == [(0, 1, "CUE"), (1, 2, "CUE")]
    assert biluo_to_spans(["B-SOURCE", "I-CONTENT"]) == [(0, 1, "SOURCE"), (1, 2, "CONTENT")]
    assert biluo_to_spans(["B-CONTENT", "I-CONTENT"]) == [(0, 2, "CONTENT")]


@st.composite
def span_sets(draw):
    length = draw(st.integers(min_value=0, max_value=30))
    cuts = sorted(draw(st.sets(st.integers(min_value=0, max_value=length), max_size=12)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        if end > start:
            spans.append((start, end, draw(st.sampled_from(["SOURCE", "CONTENT", "CUE"]))))
    return length, spans


@given(span_sets())
def test_round_trip(case):
    length, spans = case
    assert biluo_to_spans(spans_to_biluo(length, spans)) == spans


def _role_probs(labels: list[str]) -> numpy.ndarray:
    """Confident per-token probabilities (0.9 on the given label) over ROLE_LABELS."""
    probs = numpy.full((len(labels), len(ROLE_LABELS)), 0.1 / (len(ROLE_LABELS) - 1))
    for i, label in enumerate(labels):
        probs[i, ROLE_LABELS.index(label)] = 0.9
    return probs


def test_best_spans_bridges_a_slip_inside_a_content():
    # The model slipped to O on one token in the middle: still one content.
    labels = ["O", "B-CONTENT", "I-CONTENT", "O", "I-CONTENT", "L-CONTENT", "O"]
    probs = _role_probs(labels)
    probs[3] = [0.5, 0, 0, 0, 0, 0, 0.5, 0, 0]
    assert best_spans(probs, CONTENT_COLUMNS, numpy.zeros(len(labels), dtype=bool)) == [(1, 6)]


def test_best_spans_splits_around_the_cue_only():
    labels = ["B-CONTENT", "L-CONTENT", "U-SOURCE", "O", "B-CONTENT", "L-CONTENT"]
    blocked = numpy.array([False, False, False, True, False, False])  # the cue
    probs = _role_probs(labels)
    assert best_spans(probs, CONTENT_COLUMNS, blocked, split_at=(3, 4)) == [(0, 2), (4, 6)]
    assert len(best_spans(probs, CONTENT_COLUMNS, blocked)) == 1  # without a split point, one span


def test_best_spans_finds_nothing_when_no_token_has_the_role():
    assert best_spans(_role_probs(["O", "O", "U-SOURCE"]), CONTENT_COLUMNS, numpy.zeros(3, dtype=bool)) == []
    assert best_spans(numpy.zeros((0, 9)), CONTENT_COLUMNS, numpy.zeros(0, dtype=bool)) == []


def test_spans_never_cover_blocked_tokens():
    probs = _role_probs(["B-SOURCE", "L-SOURCE", "U-SOURCE"])
    assert best_spans(probs, SOURCE_COLUMNS, numpy.zeros(3, dtype=bool)) == [(0, 2)]
    assert best_spans(probs, SOURCE_COLUMNS, numpy.array([False, True, False])) == [(2, 3)]


def _brute_force_best(probs, columns, blocked):
    """The best span score by enumerating every span (the definition the linear decoder computes)."""
    eps = 1e-6
    b, i, last, u = (numpy.log(probs[:, c] + eps) for c in columns)
    out = numpy.log(numpy.clip(1 - probs[:, list(columns)].sum(axis=1), eps, None))
    best = 0.0
    for start in range(len(probs)):
        for end in range(start, len(probs)):
            if blocked[start : end + 1].any():
                break
            if start == end:
                score = u[start] - out[start]
            else:
                score = b[start] - out[start] + sum(i[k] - out[k] for k in range(start + 1, end)) + last[end] - out[end]
            best = max(best, score)
    return best


def _score_of(probs, columns, spans):
    eps = 1e-6
    b, i, last, u = (numpy.log(probs[:, c] + eps) for c in columns)
    out = numpy.log(numpy.clip(1 - probs[:, list(columns)].sum(axis=1), eps, None))
    total = 0.0
    for start, end in spans:
        if end - start == 1:
            total += u[start] - out[start]
        else:
            total += b[start] - out[start] + sum(i[k] - out[k] for k in range(start + 1, end - 1)) + last[end - 1]
            total -= out[end - 1]
    return total


@given(
    st.integers(min_value=1, max_value=12).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.floats(0.01, 1.0), min_size=9, max_size=9), min_size=n, max_size=n),
            st.lists(st.booleans(), min_size=n, max_size=n),
        )
    )
)
def test_linear_decoder_finds_the_best_single_span(case):
    rows, blocked = case
    probs = numpy.asarray(rows)
    probs = probs / probs.sum(axis=1, keepdims=True)
    blocked = numpy.asarray(blocked)
    spans = best_spans(probs, CONTENT_COLUMNS, blocked)
    expected = _brute_force_best(probs, CONTENT_COLUMNS, blocked)
    if not spans:
        assert expected <= 1e-9
    else:
        assert not any(blocked[start:end].any() for start, end in spans)
        assert abs(_score_of(probs, CONTENT_COLUMNS, spans) - expected) < 1e-6


def test_a_cue_runs_on_over_the_form_of_the_statement_after_it():
    words = "The minister said in a brief written statement to Reuters that talks would resume .".split()
    doc = Doc(spacy.blank("en").vocab, words=words)
    spans = [("SOURCE", 0, 2), ("CUE", 2, 3), ("CONTENT", 10, 14)]
    assert cues_with_their_form(doc, spans)[1] == ("CUE", 2, 8)  # "said in a brief written statement"
    # not over words another span holds, a form too far from "in a", or a phrase of no form
    assert cues_with_their_form(doc, [("CUE", 2, 3), ("CONTENT", 5, 8)])[0] == ("CUE", 2, 3)
    farther = Doc(spacy.blank("en").vocab, words="He said in a long and angry statement .".split())
    assert cues_with_their_form(farther, [("CUE", 1, 2)]) == [("CUE", 1, 2)]
    no_form = Doc(spacy.blank("en").vocab, words="He said in a way that hurt .".split())
    assert cues_with_their_form(no_form, [("CUE", 1, 2)]) == [("CUE", 1, 2)]


def test_a_content_of_a_clauses_subject_runs_on_over_the_clause():
    words = "Ruiz said 5,000 engineers arrived last spring .".split()
    heads = [1, 1, 3, 4, 1, 6, 4, 1]
    deps = ["nsubj", "ROOT", "nummod", "nsubj", "ccomp", "amod", "npadvmod", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    cue = [("SOURCE", 0, 1), ("CUE", 1, 2)]
    assert contents_with_their_verb(doc, [*cue, ("CONTENT", 2, 4)])[2] == ("CONTENT", 2, 7)  # not the full stop
    # not a content that holds its verb, one whose clause no cue governs, or one another span stops
    assert contents_with_their_verb(doc, [*cue, ("CONTENT", 2, 7)])[2] == ("CONTENT", 2, 7)
    assert contents_with_their_verb(doc, [("SOURCE", 0, 1), ("CONTENT", 2, 4)])[1] == ("CONTENT", 2, 4)
    blocked = [*cue, ("CONTENT", 2, 4), ("SOURCE", 5, 7)]
    assert contents_with_their_verb(doc, blocked) == blocked
    helped = "Ruiz said 5,000 engineers had arrived .".split()
    doc = Doc(
        spacy.blank("en").vocab, words=helped, heads=[1, 1, 3, 5, 5, 1, 1], deps=deps[:4] + ["aux", "ccomp", "punct"]
    )
    assert contents_with_their_verb(doc, [*cue, ("CONTENT", 2, 4)])[2] == ("CONTENT", 2, 6)  # over "had arrived"
    unparsed = Doc(spacy.blank("en").vocab, words=words)
    assert contents_with_their_verb(unparsed, [*cue, ("CONTENT", 2, 4)])[2] == ("CONTENT", 2, 4)


def test_a_content_starts_after_the_phrases_its_cues_verb_takes_before_that():
    words = "The utility said on Monday that repairs would take weeks .".split()
    heads = [1, 2, 2, 2, 3, 8, 8, 8, 2, 8, 2]
    deps = ["det", "nsubj", "ROOT", "prep", "pobj", "mark", "nsubj", "aux", "ccomp", "dobj", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    cue = [("SOURCE", 0, 2), ("CUE", 2, 3)]
    assert contents_after_the_cues_phrases(doc, [*cue, ("CONTENT", 3, 10)])[2] == ("CONTENT", 5, 10)
    # a content that begins at "that", or on words of its own, or with no cue's verb above them, stays
    assert contents_after_the_cues_phrases(doc, [*cue, ("CONTENT", 5, 10)])[2] == ("CONTENT", 5, 10)
    assert contents_after_the_cues_phrases(doc, [*cue, ("CONTENT", 6, 10)])[2] == ("CONTENT", 6, 10)
    assert contents_after_the_cues_phrases(doc, [("SOURCE", 0, 2), ("CONTENT", 3, 10)])[1] == ("CONTENT", 3, 10)
    # without a "that" after the phrase, the phrase may be what was said ("spoke of his flights")
    no_that = "He spoke of his flights .".split()
    doc = Doc(
        spacy.blank("en").vocab,
        words=no_that,
        heads=[1, 1, 1, 4, 2, 1],
        deps=["nsubj", "ROOT", "prep", "poss", "pobj", "punct"],
    )
    assert contents_after_the_cues_phrases(doc, [("SOURCE", 0, 1), ("CUE", 1, 2), ("CONTENT", 2, 5)])[2] == (
        "CONTENT",
        2,
        5,
    )
