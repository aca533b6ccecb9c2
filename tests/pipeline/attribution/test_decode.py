from hypothesis import given
from hypothesis import strategies as st

from whosaid.pipeline.attribution.decode import biluo_to_spans, spans_to_biluo


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
