"""The attribution scores on PolNeAR dev may not fall below the committed baselines.

Each baseline names the articles it counts (the first N of dev): the fast and precise profiles'
count all 84, as a change of model moves a 12-article subset by more than the regressions the gate
is meant to catch (one article's spans swing its content F1 by about 2 points); the accurate
profile's counts the first 12. (The precise model's int8 arithmetic, session 32, moved its first 12
by up to 2.3 points of exact attribution F1, all 84 by 0.4.) After a change that improves the
scores, update the baselines with:
    whosaid evaluate polnear --data ../shared/data/polnear --split dev --json --profile fast \\
        > tests/evaluation/attribution_baseline.json
    whosaid evaluate polnear --data ../shared/data/polnear --split dev --limit 12 --json --profile accurate \\
        > tests/evaluation/accurate_attribution_baseline.json
    whosaid evaluate polnear --data ../shared/data/polnear --split dev --json --profile precise \\
        > tests/evaluation/precise_attribution_baseline.json

The accurate profile's int8 encoder answers a little differently from one CPU to another. Its
integer products are exact on every CPU since session 36 (onnx_encoder.cpu_session; before, they
saturated on AVX2 without VNNI), but its fp32 operators still round as each CPU's kernels do. Its
baseline was measured on the developers' machine of 2026-12-06 (AMD EPYC, AVX2), where the code of
the session before (9f2739b) gave content 73.28 and attribution 66.89 against the 74.25 and 67.22
measured on the earlier AVX-512 VNNI machine: a change of machine, not of code. Back on an
AVX-512 VNNI machine (Intel Xeon, session 39), the same code (1b1a70b) gave those 74.25 and 67.22
again, and source partial 90.78 against AMD's 90.83: each field of the baseline is the lower of
the two machines' figures for the same code, so that the gate catches changes of code on both.
Session 47's full-length last window (docs/BENCHMARKS.md) raised all 84 articles' figures (whole
attributions 53.39 -> 54.04) and the first 12's but for one source span: source exact 90.2 ->
90.04 there (Intel Xeon, AVX-512 VNNI), the field lowered to it, the others kept.
"""

import json
from pathlib import Path

import pytest

import whosaid
from whosaid.evaluation.entities import evaluate_entities
from whosaid.evaluation.polnear import evaluate_polnear
from whosaid.evaluation.speakers import evaluate_speakers

pytestmark = [pytest.mark.slow, pytest.mark.data]

BASELINES = {
    "fast": Path(__file__).parent / "attribution_baseline.json",
    "accurate": Path(__file__).parent / "accurate_attribution_baseline.json",
    "precise": Path(__file__).parent / "precise_attribution_baseline.json",
}


@pytest.mark.parametrize("profile", BASELINES)
def test_attribution_scores_do_not_fall_below_the_baseline(profile, shared_data):
    nlp = whosaid.load(profile=profile)
    if "attribution" not in nlp.pipe_names:
        pytest.fail("the shipped pipeline has no attribution component")
    baseline = json.loads(BASELINES[profile].read_text(encoding="utf-8"))
    result = evaluate_polnear(nlp, shared_data / "polnear", "dev", limit=baseline["articles"])
    assert result["articles"] == baseline["articles"] >= 12
    for name in ("source", "cue", "content", "attribution"):
        for kind in ("exact", "partial"):
            assert result[name][kind]["f1"] >= baseline[name][kind]["f1"], (name, kind, result[name][kind])


SPEAKER_BASELINE = Path(__file__).parent / "speaker_baseline.json"
SPEAKER_SUBSET = 30


def test_pronoun_speaker_resolution_does_not_fall_below_the_baseline(nlp, shared_data):
    """Update with: whosaid evaluate speakers --limit 30 --json > tests/evaluation/speaker_baseline.json"""
    baseline = json.loads(SPEAKER_BASELINE.read_text(encoding="utf-8"))
    result = evaluate_speakers(nlp, shared_data / "polnear", "dev", limit=SPEAKER_SUBSET)
    assert result["with_silver_name"] == baseline["with_silver_name"] > 0
    assert result["correct"] >= baseline["correct"], result
    sure = result["by_confidence"]["0.9-1.0"]
    assert sure["given"] >= baseline["by_confidence"]["0.9-1.0"]["given"] * 0.9, "as many speakers stay sure"
    assert sure["right"] >= 0.9 * sure["given"], f"speakers with confidence >= 0.9 are right 90 % of the time: {sure}"


GUM_BASELINE = Path(__file__).parent / "gum_antecedents_baseline.json"


def test_antecedents_on_gum_dev_do_not_fall_below_the_baseline(nlp, shared_data):
    """Right and wrong answers of speaker resolution on GUM dev's pronouns and descriptions.
    Update with: whosaid evaluate entities --data ../shared/data/gum --split dev --json
    (its "antecedents" per group) > tests/evaluation/gum_antecedents_baseline.json"""
    baseline = json.loads(GUM_BASELINE.read_text(encoding="utf-8"))
    result = evaluate_entities(nlp, shared_data / "gum", "dev")
    for group in ("news", "all"):
        ours, theirs = result[group]["antecedents"], baseline[group]
        assert ours["asked"] == theirs["asked"] > 0
        assert ours["accuracy"] >= theirs["accuracy"], (group, ours)
        assert ours["precision"] >= theirs["precision"], (group, ours)
