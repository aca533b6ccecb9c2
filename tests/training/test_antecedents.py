import numpy

from whosaid.pipeline.antecedents import FEATURES
from whosaid.training.antecedents import RankingExample, accuracy, fit


def _example(right_at: int, candidates: int, kind: str = "personal") -> RankingExample:
    """"none" and `candidates` entities; the right one alone is the most recent."""
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
