"""CofeNet's protocol: span reading, token alignment and labels from predicted fragments."""

import pytest

from whosaid.corpora.polnear import parse_ann
from whosaid.evaluation.cofenet import (
    CofenetLine,
    CofenetScorer,
    _by_article,
    align,
    predicted_labels,
    read_lines,
    spans_from_labels,
)
from whosaid.record.fragments import ROLES


def test_spans_are_read_as_cofenet_reads_them():
    labels = ["B-source", "I-cue", "B-cue", "I-cue", "I-cue", "B-content", "I-content", "O", "I-content", "B-content"]
    spans = spans_from_labels(labels)
    assert spans["source"] == {(0, 1)}  # the I-cue after it ends it and starts nothing
    assert spans["cue"] == {(2, 5)}
    assert spans["content"] == {(5, 7), (9, 10)}  # the stray I-content starts nothing


def test_alignment_handles_ptb_forms_and_curly_quotes():
    text = "Headline\n\nThe mayor (a Democrat) said: \u201cWe\u2019re done.\u201d Then she left."
    lines = [
        CofenetLine("a_x", ["The", "mayor", "-LRB-", "a", "Democrat", "-RRB-", "said", ":"], []),
        CofenetLine("a_x", ["``", "We", "'re", "done", ".", "''"], []),
    ]
    offsets = align(text, lines)
    assert [text[s:e] for s, e in offsets[0]] == ["The", "mayor", "(", "a", "Democrat", ")", "said", ":"]
    assert [text[s:e] for s, e in offsets[1]] == ["\u201c", "We", "\u2019re", "done", ".", "\u201d"]


def test_alignment_finds_every_dash_ptb_writes_as_two_hyphens():
    text = "\u201cNo.\u201d\u2015 Ana Ruiz. One \u2014 two \u2013 three -- four"
    tokens = ["``", "No", ".", "''", "--", "Ana", "Ruiz", ".", "One", "--", "two", "--", "three", "--", "four"]
    line = CofenetLine("a_x", tokens, [])
    offsets = align(text, [line])[0]
    assert None not in offsets
    assert [text[s:e] for s, e in offsets][4] == "\u2015"


def test_alignment_reads_the_period_corenlp_repeats_after_an_abbreviation_as_that_period():
    text = "said Del. Stacey Plaskett of the Virgin Islands."
    line = CofenetLine("a_x", ["said", "Del.", ".", "Stacey", "Plaskett", "of", "the", "Virgin", "Islands", "."], [])
    offsets = align(text, [line])[0]
    assert offsets[2] == (8, 9)  # the abbreviation's own period
    assert [text[s:e] for s, e in offsets[3:]] == ["Stacey", "Plaskett", "of", "the", "Virgin", "Islands", "."]


def test_labels_from_fragments_and_scoring():
    offsets = [(0, 3), (4, 8), (9, 11), (12, 17), (18, 20), None]
    fragments = {"source": [(0, 3)], "cue": [(4, 8)], "content": [(9, 17), (18, 20)]}
    labels = predicted_labels(offsets, fragments)
    assert labels == ["B-source", "B-cue", "B-content", "I-content", "B-content", "O"]
    scorer = CofenetScorer()
    scorer.add(["B-source", "B-cue", "B-content", "I-content", "I-content", "O"], labels)
    result = scorer.result()
    assert result["source"]["f1"] == result["cue"]["f1"] == 100.0
    assert result["content"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


@pytest.mark.data
def test_gold_annotations_score_near_perfect_through_the_protocol(shared_data):
    """The protocol's ceiling: PolNeAR's own annotations, read through it, match CofeNet's labels."""
    scorer = CofenetScorer()
    for article, files in _by_article(read_lines(shared_data / "cofenet" / "polnear-dev.jsonl")):
        text = (shared_data / "polnear" / "dev" / "text" / f"{article}.txt").read_text(encoding="utf-8")
        for file_id, lines in files.items():
            ann = (shared_data / "polnear" / "dev" / "attributions" / f"{file_id}.ann").read_text(encoding="utf-8")
            fragments = {role: [] for role in ROLES}
            for attribution in parse_ann(ann):
                for role in ROLES:
                    if (span := attribution.role(role)) is not None:
                        fragments[role].extend(span.fragments)
            for line, offsets in zip(lines, align(text, lines)):
                scorer.add(line.labels, predicted_labels(offsets, fragments))
    result = scorer.result()
    assert result["lines"] == 1925
    assert all(result[role]["f1"] >= 98.5 for role in ROLES), result
