import numpy

from whosaid.pipeline import speaker_confidence
from whosaid.pipeline.antecedents import FEATURES
from whosaid.training.antecedents import RankingExample, accuracy, fit


def _example(right_at: int, candidates: int, kind: str = "personal") -> RankingExample:
    """ "none" and `candidates` entities; the right one alone is the most recent."""
    features = numpy.zeros((candidates + 1, len(FEATURES)), dtype="float32")
    features[0, FEATURES.index(f"none:{kind}")] = 1.0
    features[1:, FEATURES.index(f"{kind}:PERSON")] = 1.0
    features[1:, FEATURES.index("log_tokens")] = numpy.linspace(0.2, 1.0, candidates)
    features[right_at, FEATURES.index("most_recent")] = 1.0
    right = numpy.zeros(candidates + 1, dtype=bool)
    right[right_at] = True
    return RankingExample(features, right)


def test_fit_learns_which_feature_marks_the_right_candidate():
    examples = [_example(right_at, 4) for right_at in (1, 2, 3, 4) * 5]
    weights = fit(examples)
    assert weights[FEATURES.index("most_recent")] > 1.0
    assert accuracy(weights, examples) == 1.0
    assert accuracy(numpy.zeros(len(FEATURES)), examples) < 1.0


def test_fit_learns_to_answer_none_when_no_candidate_is_right():
    examples = [_example(0, 3) for _ in range(10)]
    weights = fit(examples)
    assert weights[FEATURES.index("none:personal")] > 0 > weights[FEATURES.index("personal:PERSON")]
    assert accuracy(weights, examples) == 1.0


def test_fit_as_a_logistic_regression_learns_which_speakers_are_right():
    """The confidence is fitted as a choice between the answer (its features) and a zero-scored alternative."""
    right_named = [speaker_confidence.FEATURES.index(name) for name in ("named", "named:holds_head")]
    examples = []
    for holds_head, right in (((1.0, True),) * 9 + ((1.0, False),) + ((0.0, False),) * 6 + ((0.0, True),) * 4) * 5:
        features = numpy.zeros(len(speaker_confidence.FEATURES))
        features[right_named] = 1.0, holds_head
        examples.append(
            RankingExample(numpy.stack([features, numpy.zeros_like(features)]), numpy.array([right, not right]))
        )
    weights = fit(examples)
    assert weights[speaker_confidence.FEATURES.index("named:holds_head")] > 0.5
    head, modifier = examples[0].features[0] @ weights, examples[-1].features[0] @ weights
    assert head > 0 > modifier, "right more often than not with the name at the head, less often without"


def test_a_warm_start_keeps_the_ranker_and_refits_the_confidence(nlp, shared_data, tmp_path):
    import json

    from whosaid.models import ANTECEDENTS_PATH
    from whosaid.training.antecedents import train_antecedents

    shipped = json.loads(ANTECEDENTS_PATH.read_text(encoding="utf-8"))
    summary = train_antecedents(nlp, shared_data, tmp_path / "antecedents.json", limit=3, ranker=ANTECEDENTS_PATH)
    assert summary["weights"] == shipped["weights"]
    assert summary["examples"]["confidence"] > 0 and summary["confidence"] != shipped["confidence"]
    assert json.loads((tmp_path / "antecedents.json").read_text(encoding="utf-8")) == summary
