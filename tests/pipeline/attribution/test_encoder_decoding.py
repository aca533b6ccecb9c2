"""The encoder component's pure parts: windows, tags from spans, constrained decoding."""

import numpy
import pytest
import spacy
from spacy.tokens import Doc

from whosaid.models import ENCODER_ATTRIBUTION_PATH
from whosaid.pipeline.attribution.encoder_component import (
    link_roles,
    link_subject_sources,
    parsed_links_first,
    tag_spans,
    whole_quotations,
)
from whosaid.pipeline.attribution.windows import (
    IGNORE,
    ROLE_TAGS,
    TAG_INDEX,
    centre_weights,
    encode_article,
    load_tokenizer,
    subword_tags,
    window_bounds,
)
from whosaid.pipeline.onnx_encoder import token_probabilities, viterbi, word_path
from whosaid.training.finetune import article_examples

TWO_PARAGRAPHS = 'Kim said "it rained."\n\n\nLee said\nit did not.\n'


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(ENCODER_ATTRIBUTION_PATH / "tokenizer.json")


def test_a_marker_stands_at_each_line_break_between_subwords(tokenizer):
    plain = encode_article(tokenizer, TWO_PARAGRAPHS, paragraph_marker=False)
    marked = encode_article(tokenizer, TWO_PARAGRAPHS, paragraph_marker=True)
    assert not plain.markers.any()
    # one marker for the three line breaks after "rained.", one after "said", none at the end
    assert [TWO_PARAGRAPHS[start:end] for start, end in marked.offsets[marked.markers]] == ["\n", "\n"]
    assert marked.offsets[marked.markers][:, 0].tolist() == [21, 32]
    assert (marked.ids[marked.markers] == tokenizer.token_to_id("[SEP]")).all()
    assert (marked.ids[~marked.markers] == plain.ids).all()
    assert (marked.offsets[~marked.markers] == plain.offsets).all()
    assert not encode_article(tokenizer, "", paragraph_marker=True).ids.size


def test_markers_are_not_trained_on(tokenizer):
    annotation = "T1\tSource 24 27\tLee\nT2\tCue 28 32\tsaid\nT3\tContent 33 44\tit did not.\n"
    annotation += "T4\tAttribution 28 32\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    (example,) = article_examples(tokenizer, TWO_PARAGRAPHS, annotation, paragraph_marker=True)
    markers = example.input_ids[1:-1] == tokenizer.token_to_id("[SEP]")
    assert markers.sum() == 2
    assert (example.tags[1:-1][markers] == IGNORE).all() and (example.cue_targets[1:-1][markers] == IGNORE).all()
    tags = [ROLE_TAGS[tag] for tag in example.tags[1:-1][~markers]]
    assert tags[-6:] == ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT"]


@pytest.mark.parametrize("length", [0, 1, 254, 255, 600, 5000])
def test_windows_cover_every_subword_and_each_is_read_once(length):
    bounds = window_bounds(length, window=256)
    assert all(end - start <= 254 for start, end in bounds)
    covered = numpy.zeros(length, dtype=int)
    for (start, end), weights in zip(bounds, centre_weights(bounds, length)):
        covered[start:end] += weights.astype(int)
    assert (covered == 1).all()
    if len(bounds) > 1:  # neighbours overlap by a quarter of a window at least, the last one ends the text
        assert all(bounds[i][1] - bounds[i + 1][0] >= 64 for i in range(len(bounds) - 1))
        assert bounds[-1] == (length - 254, length)


@pytest.mark.parametrize("length", [255, 300, 446, 600, 5000])
def test_each_subword_is_read_with_context_on_both_sides(length):
    # a subword is read where it has at least an eighth of a window before and after it, but at the text's edges
    bounds = window_bounds(length, window=256)
    for (start, end), weights in zip(bounds, centre_weights(bounds, length)):
        for position in numpy.flatnonzero(weights) + start:
            assert position - start >= 32 or start == 0
            assert end - position > 32 or end == length


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


def test_a_cue_takes_one_source_and_one_content_on_each_side():
    cues = [("CUE", 5, 6), ("CUE", 20, 21)]
    roles = [("SOURCE", 3, 5), ("CONTENT", 0, 2), ("CONTENT", 6, 10), ("CONTENT", 11, 15), ("SOURCE", 16, 17)]
    masses = numpy.array([[0.9, 0.04], [0.8, 0.1], [0.9, 0.1], [0.7, 0.3], [0.6, 0.02]])
    links, unlinked = link_roles(roles, cues, masses)
    # the second content after the first cue goes to its next cue; the second source finds no free cue
    assert [span for span, _ in links[0]] == [("CONTENT", 0, 2), ("SOURCE", 3, 5), ("CONTENT", 6, 10)]
    assert links[1] == [(("CONTENT", 11, 15), 0.3)]
    assert unlinked == [("SOURCE", 16, 17)]
    assert link_roles([("CONTENT", 0, 2)], [], numpy.zeros((1, 0))) == ([], [("CONTENT", 0, 2)])


def test_a_cue_left_without_a_source_shares_the_one_pointing_at_it_most():
    # "Ana Lee said X and vowed Y": one source, two cues
    cues = [("CUE", 2, 3), ("CUE", 8, 9)]
    roles = [("SOURCE", 0, 2), ("CONTENT", 3, 7), ("CONTENT", 9, 12)]
    masses = numpy.array([[0.55, 0.4], [0.9, 0.05], [0.1, 0.9]])
    links, unlinked = link_roles(roles, cues, masses)
    assert [span for span, _ in links[0]] == [("SOURCE", 0, 2), ("CONTENT", 3, 7)]
    assert links[1] == [(("SOURCE", 0, 2), 0.4), (("CONTENT", 9, 12), 0.9)]
    assert unlinked == []
    # below MIN_LINK a source is not shared
    masses[0, 1] = 0.04
    links, _ = link_roles(roles, cues, masses)
    assert [span for span, _ in links[1]] == [("CONTENT", 9, 12)]


def test_a_cue_without_a_source_takes_the_source_holding_its_subject():
    # "Tom Berg said it rained , adding it poured": the pointer sends Tom Berg to "adding" alone
    words = ["Tom", "Berg", "said", "it", "rained", ",", "adding", "it", "poured"]
    heads = [1, 2, 2, 4, 2, 2, 2, 8, 6]
    deps = ["compound", "nsubj", "ROOT", "nsubj", "ccomp", "punct", "advcl", "nsubj", "ccomp"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    cues = [("CUE", 2, 3), ("CUE", 6, 7)]
    roles = [("SOURCE", 0, 2), ("CONTENT", 3, 5), ("CONTENT", 7, 9)]
    masses = numpy.array([[0.01, 0.9], [0.9, 0.05], [0.1, 0.9]])
    links, _ = link_roles(roles, cues, masses)
    assert [span for span, _ in links[0]] == [("CONTENT", 3, 5)]
    link_subject_sources(doc, roles, cues, masses, links)
    assert links[0] == [(("SOURCE", 0, 2), 0.01), (("CONTENT", 3, 5), 0.9)]  # the pointer's own mass
    assert [span for span, _ in links[1]] == [("SOURCE", 0, 2), ("CONTENT", 7, 9)]
    unparsed = Doc(spacy.blank("en").vocab, words=words)
    links, _ = link_roles(roles, cues, masses)
    link_subject_sources(unparsed, roles, cues, masses, links)
    assert [span for span, _ in links[0]] == [("CONTENT", 3, 5)], "without a parse nothing is linked"


def test_the_parse_settles_the_pointers_close_calls():
    # "Acme said it agreed . Ann Lee said it was late": the pointer leans to the second "said"
    words = ["Acme", "said", "it", "agreed", ".", "Ann", "Lee", "said", "it", "was", "late"]
    heads = [1, 1, 3, 1, 1, 6, 7, 7, 9, 7, 9]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "punct", "compound", "nsubj", "ROOT", "nsubj", "ccomp", "acomp"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    cues = [("CUE", 1, 2), ("CUE", 7, 8)]
    roles = [("SOURCE", 0, 1), ("CONTENT", 2, 4), ("SOURCE", 5, 7), ("CONTENT", 8, 11)]
    masses = numpy.array([[0.4, 0.45], [0.3, 0.5], [0.1, 0.8], [0.05, 0.9]])
    links, _ = link_roles(roles, cues, parsed_links_first(doc, roles, cues, masses))
    assert [span for span, _ in links[0]] == [("SOURCE", 0, 1), ("CONTENT", 2, 4)]
    assert [span for span, _ in links[1]] == [("SOURCE", 5, 7), ("CONTENT", 8, 11)]
    assert links[0][1][1] == 0.5, "the link keeps the pointer's larger mass"
    weak = masses.copy()
    weak[1] = [0.2, 0.5]  # under half the likeliest cue's mass: the pointer stands
    links, _ = link_roles(roles, cues, parsed_links_first(doc, roles, cues, weak))
    assert [span for span, _ in links[1]] == [("CONTENT", 2, 4), ("SOURCE", 5, 7), ("CONTENT", 8, 11)]
    unparsed = Doc(spacy.blank("en").vocab, words=words)
    assert (parsed_links_first(unparsed, roles, cues, masses) == masses).all()


def test_a_content_that_opens_a_quotation_runs_on_to_its_closing_mark():
    words = ["The", "survey", "said", ",", '"', "Roads", "closed", ",", "according", "to", "reports", ".", '"']
    doc = Doc(spacy.blank("en").vocab, words=words)
    # the tagger's reading: the quotation cut at "according to", its end a source and a '."'
    tagged = [("SOURCE", 0, 2), ("CUE", 2, 3), ("CONTENT", 4, 10), ("SOURCE", 10, 11), ("CONTENT", 11, 13)]
    assert whole_quotations(doc, tagged) == [("SOURCE", 0, 2), ("CUE", 2, 3), ("CONTENT", 4, 13)]
    # a cue inside the quotation is an attribution of its own: nothing runs on through it
    with_cue = [("SOURCE", 0, 2), ("CUE", 2, 3), ("CONTENT", 4, 8), ("CUE", 8, 10), ("SOURCE", 10, 11)]
    assert whole_quotations(doc, with_cue) == with_cue
    # a content that opens no quotation, or one whose quotation is closed already, stays
    assert whole_quotations(doc, [("CONTENT", 5, 8)]) == [("CONTENT", 5, 8)]
    assert whole_quotations(doc, [("CONTENT", 4, 13)]) == [("CONTENT", 4, 13)]


def test_a_content_of_no_letter_or_digit_is_dropped_but_a_colon_cue_stays():
    doc = Doc(spacy.blank("en").vocab, words=["Lee", ":", "rain", "today", ".", '"'])
    spans = [("SOURCE", 0, 1), ("CUE", 1, 2), ("CONTENT", 2, 4), ("CONTENT", 4, 6)]
    assert whole_quotations(doc, spans) == spans[:3]


def test_a_token_without_a_subword_of_its_own_continues_the_one_it_lies_in():
    doc = spacy.blank("en")("He cannot go")
    assert [token.text for token in doc] == ["He", "can", "not", "go"]
    probs = numpy.zeros((3, len(ROLE_TAGS)), dtype="float32")  # subwords: he, cannot, go
    probs[0, TAG_INDEX["B-SOURCE"]] = 1.0
    probs[1, TAG_INDEX["B-CONTENT"]] = 0.8
    probs[1, TAG_INDEX["O"]] = 0.2
    probs[2, TAG_INDEX["I-CONTENT"]] = 1.0
    token_probs, subwords = token_probabilities(doc, numpy.array([0, 3, 10]), probs)
    assert token_probs[2, TAG_INDEX["I-CONTENT"]] == pytest.approx(0.8)
    assert token_probs[2, TAG_INDEX["B-CONTENT"]] == 0.0
    assert [list(s) for s in subwords] == [[0], [1], [1], [2]]
    assert tag_spans(viterbi(numpy.log(numpy.clip(token_probs, 1e-9, 1)))) == [("SOURCE", 0, 1), ("CONTENT", 1, 4)]


def test_the_transition_prior_can_outweigh_a_weak_tag():
    probabilities = numpy.full((3, len(ROLE_TAGS)), 0.01)
    probabilities[0, TAG_INDEX["B-CONTENT"]] = 0.9
    probabilities[1, TAG_INDEX["O"]] = 0.95  # a dip in the middle of a content
    probabilities[1, TAG_INDEX["I-CONTENT"]] = 0.04
    probabilities[2, TAG_INDEX["B-CONTENT"]] = 0.9
    log = numpy.log(probabilities)
    assert tag_spans(viterbi(log)) == [("CONTENT", 0, 1), ("CONTENT", 2, 3)]
    transitions = numpy.zeros((len(ROLE_TAGS), len(ROLE_TAGS)))
    transitions[TAG_INDEX["B-CONTENT"], TAG_INDEX["O"]] = -4.0  # contents seldom stop after one word
    assert tag_spans(viterbi(log, transitions)) == [("CONTENT", 0, 3)]


def test_a_space_token_inside_a_span_stays_in_it_and_one_between_spans_stays_out():
    doc = spacy.blank("en")("Kim said \xa0it could\xa0leak.\n\nLee")
    assert [token.text for token in doc] == ["Kim", "said", "\xa0", "it", "could", "\xa0", "leak", ".", "\n\n", "Lee"]
    tags = ["B-SOURCE", "B-CUE", None, "B-CONTENT", "I-CONTENT", None, "I-CONTENT", "I-CONTENT", None, "B-SOURCE"]
    token_probs = numpy.zeros((len(doc), len(ROLE_TAGS)), dtype="float32")
    for index, tag in enumerate(tags):
        token_probs[index, TAG_INDEX[tag or "O"]] = 1.0  # a space token reads O, as token_probabilities gives it
    assert tag_spans(viterbi(numpy.log(numpy.clip(token_probs, 1e-9, 1)))) == [
        ("SOURCE", 0, 1),
        ("CUE", 1, 2),
        ("CONTENT", 3, 5),
        ("CONTENT", 6, 8),
        ("SOURCE", 9, 10),
    ]  # the no-break space cut the content
    path = word_path(doc, token_probs)
    assert tag_spans(path) == [("SOURCE", 0, 1), ("CUE", 1, 2), ("CONTENT", 3, 8), ("SOURCE", 9, 10)]
    assert [ROLE_TAGS[tag] for tag in path[[2, 5, 8]]] == ["O", "I-CONTENT", "O"]
