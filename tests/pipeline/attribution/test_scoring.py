import pytest

from whosaid.pipeline.attribution.scoring import AttributionScorer
from whosaid.record.fragments import FragmentAttribution, FragmentSpan

TEXT = "Ibarra said the dam would hold. Officials said nothing."
#       0     6 7  11 12               30 32       41 42  46 47    54


def span(*fragments):
    return FragmentSpan(tuple(fragments))


GOLD = [
    FragmentAttribution(span((0, 6)), span((7, 11)), span((12, 30))),
    FragmentAttribution(span((32, 41)), span((42, 46)), span((47, 54))),
]


def score(predicted):
    scorer = AttributionScorer()
    scorer.add(TEXT, GOLD, predicted)
    return scorer.result()


def test_perfect_prediction():
    result = score(GOLD)
    for name in ("source", "cue", "content", "attribution"):
        assert result[name]["exact"] == {"p": 100.0, "r": 100.0, "f1": 100.0}
        assert result[name]["partial"] == {"p": 100.0, "r": 100.0, "f1": 100.0}
    assert result["articles"] == 1


def test_boundary_error_is_wrong_exactly_but_earns_partial_credit():
    # Content "the dam would" (3 of 4 tokens) and nothing for the second attribution.
    result = score([FragmentAttribution(span((0, 6)), span((7, 11)), span((12, 25)))])
    assert result["source"]["exact"] == {"p": 100.0, "r": 50.0, "f1": 66.67}
    assert result["content"]["exact"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    assert result["content"]["partial"]["p"] == 100.0, "all predicted tokens are gold"
    assert result["content"]["partial"]["r"] == 37.5, "3 of 4 tokens of one gold span, 0 of the other"
    assert result["attribution"]["exact"]["p"] == 0.0
    assert result["attribution"]["partial"]["p"] == 100.0
    assert result["attribution"]["partial"]["r"] == round(100 * (1 + 1 + 0.75) / 3 / 2, 2)


def test_missing_source_matches_missing_source_only():
    gold = [FragmentAttribution(None, span((7, 11)), span((12, 30)))]
    scorer = AttributionScorer()
    scorer.add(TEXT, gold, [FragmentAttribution(None, span((7, 11)), span((12, 30)))])
    scorer.add(TEXT, gold, [FragmentAttribution(span((0, 6)), span((7, 11)), span((12, 30)))])
    result = scorer.result()
    assert result["attribution"]["exact"] == {"p": 50.0, "r": 50.0, "f1": 50.0}
    assert result["source"]["exact"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    assert result["articles"] == 2


def test_fragments_must_all_match_exactly():
    gold = [FragmentAttribution(span((0, 6)), span((7, 11)), span((12, 19), (20, 30)))]
    scorer = AttributionScorer()
    scorer.add(TEXT, gold, [FragmentAttribution(span((0, 6)), span((7, 11)), span((12, 19)))])
    result = scorer.result()
    assert result["content"]["exact"]["f1"] == 0.0
    assert result["content"]["partial"]["p"] == 100.0 and result["content"]["partial"]["r"] == 50.0


def test_no_predictions_scores_zero_not_an_error():
    result = score([])
    assert result["cue"]["exact"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_a_relay_according_to_is_scored_in_polnear_form():
    from whosaid.pipeline.attribution.scoring import in_polnear_form

    text = "The dam is safe, Tom Berg said, according to the Orbe Agency."
    relay = (text.index("the Orbe"), len(text) - 1)
    recorded = FragmentAttribution(FragmentSpan(((17, 25),)), FragmentSpan(((26, 30),)), FragmentSpan(((0, 15),)))
    (flat,) = in_polnear_form(recorded, [relay], text)
    assert flat.source == FragmentSpan((relay,))
    assert text[flat.cue.start : flat.cue.end] == "according to"
    assert [text[start:end] for start, end in flat.content.fragments] == ["The dam is safe, Tom Berg said"]
    told = "Tom Berg told Reuters the dam was safe."
    direct = FragmentAttribution(FragmentSpan(((0, 8),)), FragmentSpan(((9, 13),)), FragmentSpan(((22, 38),)))
    assert in_polnear_form(direct, [(14, 21)], told) == [direct], "only 'according to' is PolNeAR's outer attribution"


CITED = [
    # text, the recorded speaker, cue and content, the relay; PolNeAR's two attributions
    ("The dam is safe, the Orbe Agency reported, citing two officials.",
     ("two officials", "reported", "The dam is safe"), "the Orbe Agency",
     [("the Orbe Agency", "reported", "The dam is safe"), ("the Orbe Agency", "citing", "two officials")]),
    ("The dam is safe, according to the Orbe Agency, which quoted Tom Berg.",
     ("Tom Berg", "according to", "The dam is safe"), "the Orbe Agency",
     [("the Orbe Agency", "according to", "The dam is safe"), ("the Orbe Agency", "quoted", "Tom Berg")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "recorded", "relay", "expected"), CITED)
def test_a_cited_speaker_is_scored_as_the_outlets_two_attributions(text, recorded, relay, expected):
    from whosaid.pipeline.attribution.scoring import in_polnear_form

    def at(words: str) -> FragmentSpan:
        start = text.index(words)
        return FragmentSpan(((start, start + len(words)),))

    attribution = FragmentAttribution(*(at(words) for words in recorded))
    flat = in_polnear_form(attribution, [at(relay).fragments[0]], text)
    assert [tuple(text[span.start : span.end] for span in (a.source, a.cue, a.content)) for a in flat] == expected
