"""Scoring claims across articles against a gold set marked by hand."""

import json
from pathlib import Path

import pytest

from whosaid.evaluation.provenance import cluster_scores, evaluate_provenance

from ..conftest import ROOT
from ..store.test_provenance import REPORTS


def test_b_cubed_and_pairwise_scores_counted_by_hand():
    scores = cluster_scores([0, 0, 1, 1, 2], ["a", "a", "a", "b", "c"])
    # B³ precision (2/3 + 2/3 + 1/3 + 1 + 1) / 5, recall (1 + 1 + 1/2 + 1/2 + 1) / 5
    assert scores["b3"] == {"p": 73.33, "r": 80.0, "f1": 76.52}
    # pairs: gold (0,1), (2,3); predicted (0,1), (0,2), (1,2)
    assert scores["pairwise"] == {"p": 33.33, "r": 50.0, "f1": 40.0}
    assert cluster_scores([0, 1], ["x", "y"])["pairwise"] == {"p": 100.0, "r": 100.0, "f1": 100.0}


@pytest.mark.slow
def test_a_small_gold_set_of_three_articles(tmp_path, nlp):
    ids = ["wire", "post", "herald"]
    (tmp_path / "articles.jsonl").write_text(
        "".join(
            json.dumps({"id": name, "outlet": outlet, "published": date, "text": text}) + "\n"
            for name, (outlet, date, text) in zip(ids, REPORTS)
        ),
        encoding="utf-8",
    )
    dam = "The dam is safe and will hold through the winter"
    claims = [
        {"id": "c1", "speaker": "Ana Ruiz", "first": "wire",
         "reports": [{"article": "wire", "content": dam}, {"article": "post", "content": dam}]},
        {"id": "c2", "speaker": "Ana Ruiz", "first": "wire",
         "reports": [{"article": "wire", "content": "5,000 engineers arrived last spring"},
                     {"article": "post", "content": "3,000 engineers arrived last spring"}]},
        {"id": "c3", "speaker": "Ana Ruiz", "first": "herald",
         "reports": [{"article": "herald", "content": "the dam may not hold"}]},
        {"id": "c4", "speaker": "Tom Berg", "first": "herald",
         "reports": [{"article": "herald", "content": "the dam is safe and will hold through the winter"}]},
    ]  # fmt: skip
    (tmp_path / "claims.json").write_text(json.dumps(claims), encoding="utf-8")
    result = evaluate_provenance(nlp, tmp_path)
    assert result["matched"] == {"reports": 6, "gold_reports": 6}
    assert result["b3"]["f1"] == result["pairwise"]["f1"] == 100.0
    assert result["first_source"] == {"right": 2, "claims": 2} and result["first_source_wrong"] == []
    # the first article, published last: the claims' first report follows the dates
    claims[0]["first"] = claims[1]["first"] = "post"
    (tmp_path / "claims.json").write_text(json.dumps(claims), encoding="utf-8")
    result = evaluate_provenance(nlp, tmp_path)
    assert result["first_source"] == {"right": 0, "claims": 2} and result["first_source_wrong"] == ["c1", "c2"]


PROVENANCE_BASELINE = Path(__file__).parent / "provenance_baseline.json"


@pytest.mark.slow
def test_the_shipped_gold_set_scores_no_lower_than_its_baseline(nlp):
    """Update after a change that improves it:
    whosaid evaluate provenance --json > tests/evaluation/provenance_baseline.json"""
    baseline = json.loads(PROVENANCE_BASELINE.read_text(encoding="utf-8"))
    result = evaluate_provenance(nlp, ROOT / "samples" / "provenance")
    assert result["gold_claims"] == baseline["gold_claims"] >= 20
    for kind in ("b3", "pairwise"):
        for name in ("p", "r", "f1"):
            assert result[kind][name] >= baseline[kind][name], (kind, result[kind])
    assert result["first_source"]["right"] >= baseline["first_source"]["right"]
    assert result["matched"]["reports"] >= baseline["matched"]["reports"]
