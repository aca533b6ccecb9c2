"""The encoder component's pure parts: windows, tags from spans, constrained decoding."""

import numpy
import pytest

from whosaid.pipeline.attribution.encoder import tag_spans, viterbi
from whosaid.pipeline.attribution.windows import ROLE_TAGS, TAG_INDEX, centre_weights, subword_tags, window_bounds


@pytest.mark.parametrize("length", [0, 1, 254, 255, 600, 5000])
def test_windows_cover_every_subword_and_each_is_read_once(length):
    bounds = window_bounds(length, window=256)
    assert all(end - start <= 254 for start, end in bounds)
    covered = numpy.zeros(length, dtype=int)
    for (start, end), weights in zip(bounds, centre_weights(bounds, length)):
        covered[start:end] += weights.astype(int)
    assert (covered == 1).all()
    if len(bounds) > 1:  # neighbours overlap by a quarter of a window
        assert all(bounds[i][1] - bounds[i + 1][0] == 64 for i in range(len(bounds) - 1))


def test_subword_tags_from_fragments():
    # "Kim said it rained ." with subwords at these character offsets
    offsets = numpy.array([(0, 3), (4, 8), (9, 11), (12, 15), (15, 18), (19, 20)])
    spans = [("SOURCE", ((0, 3),)), ("CUE", ((4, 8),)), ("CONTENT", ((9, 18),))]
    tags = [ROLE_TAGS[i] for i in subword_tags(offsets, spans)]
    assert tags == ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "O"]


def test_viterbi_never_starts_a_span_with_i():
    probabilities = numpy.full((4, len(ROLE_TAGS)), 0.01)
    probabilities[0, TAG_INDEX["I-CONTENT"]] = 0.6  # most likely alone, but invalid first
    probabilities[0, TAG_INDEX["B-CONTENT"]] = 0.3
    probabilities[1:, TAG_INDEX["I-CONTENT"]] = 0.9
    path = viterbi(numpy.log(probabilities))
    assert [ROLE_TAGS[i] for i in path] == ["B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT"]
    assert tag_spans(path) == [("CONTENT", 0, 4)]


def test_i_tag_continues_only_its_own_role():
    probabilities = numpy.full((3, len(ROLE_TAGS)), 0.01)
    probabilities[0, TAG_INDEX["B-SOURCE"]] = 0.9
    probabilities[1, TAG_INDEX["I-CUE"]] = 0.5  # after a source: not allowed
    probabilities[1, TAG_INDEX["B-CUE"]] = 0.4
    probabilities[2, TAG_INDEX["O"]] = 0.9
    path = viterbi(numpy.log(probabilities))
    assert tag_spans(path) == [("SOURCE", 0, 1), ("CUE", 1, 2)]
    assert viterbi(numpy.zeros((0, len(ROLE_TAGS)))).shape == (0,)


def test_spans_of_one_role_that_touch_are_one():
    tags = ["B-CONTENT", "B-CONTENT", "I-CONTENT", "O", "B-CONTENT", "B-SOURCE", "B-SOURCE", "B-CUE"]
    path = numpy.array([TAG_INDEX[tag] for tag in tags])
    assert tag_spans(path) == [("CONTENT", 0, 3), ("CONTENT", 4, 5), ("SOURCE", 5, 7), ("CUE", 7, 8)]
