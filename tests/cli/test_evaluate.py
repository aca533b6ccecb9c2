"""`whosaid evaluate polnear` on a tiny corpus laid out like PolNeAR."""

import json

import pytest

from tests.cli.test_extract import assert_one_line_error, run

pytestmark = pytest.mark.slow

TEXT = "Ibarra said the dam would hold. Officials said nothing."
ANN = (
    "T1\tSource 0 6\tIbarra\nT2\tCue 7 11\tsaid\nT3\tContent 12 30\tthe dam would hold\n"
    "T4\tAttribution 7 11\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
)


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "one.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "one_4e07.ann").write_text(ANN, encoding="utf-8")
    return tmp_path


def test_json_output_has_exactly_the_documented_shape(corpus):
    result = run("evaluate", "polnear", "--data", str(corpus), "--split", "dev", "--json")
    assert result.returncode == 0, result.stderr.decode()
    scores = json.loads(result.stdout)
    assert set(scores) == {"source", "cue", "content", "attribution", "articles"}
    assert scores["articles"] == 1
    for name in ("source", "cue", "content", "attribution"):
        assert set(scores[name]) == {"exact", "partial"}
        for kind in ("exact", "partial"):
            assert set(scores[name][kind]) == {"p", "r", "f1"}
            assert all(0.0 <= value <= 100.0 for value in scores[name][kind].values())


def test_audit_of_a_tiny_corpus(corpus):
    result = run("evaluate", "audit", "--data", str(corpus), "--split", "dev", "--json")
    assert result.returncode == 0, result.stderr.decode()
    scores = json.loads(result.stdout)
    assert scores["gold"] == 1
    assert set(scores["by_threshold"]["0.0"]) == {"given", "precision", "speaker_right", "recall"}
    assert scores["by_threshold"]["0.0"]["recall"] in (0.0, 100.0)  # one gold attribution: found or not


def test_missing_corpus_is_a_one_line_error(tmp_path):
    assert_one_line_error(run("evaluate", "polnear", "--data", str(tmp_path)), "W001")


def test_evaluate_entities_on_a_tiny_gum(tmp_path):
    from tests.corpora.test_gum import CONLLU

    (tmp_path / "dep").mkdir()
    (tmp_path / "dep" / "GUM_news_test.conllu").write_text(CONLLU, encoding="utf-8")
    (tmp_path / "splits.md").write_text("# Splits\n\n## dev\n\n  * GUM_news_test\n", encoding="utf-8")
    result = run("evaluate", "entities", "--data", str(tmp_path), "--split", "dev", "--json")
    assert result.returncode == 0, result.stderr.decode()
    scores = json.loads(result.stdout)
    assert set(scores) == {"news", "all"} and scores["all"]["documents"] == 1
    assert set(scores["all"]) == {
        "documents", "ner", "recorded_entities", "antecedents", "coreference", "chains", "chains_by_head",
    }  # fmt: skip
    assert scores["all"]["antecedents"]["asked"] == 1, '"She", after the mayor was named'
    for name in ("coreference", "chains", "chains_by_head"):
        assert set(scores["all"][name]) == {"muc", "b_cubed", "ceaf_e", "conll_f1"}
    assert_one_line_error(run("evaluate", "entities", "--data", str(tmp_path / "nope")), "W001")


def test_agreement_of_annotators_needs_no_model(tmp_path):
    from tests.evaluation.test_agreement import FILES, write_article

    write_article(tmp_path, "dev", "bridge", FILES)
    result = run("evaluate", "agreement", "--data", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr.decode()
    scores = json.loads(result.stdout)
    assert set(scores) == {"dev", "all"} and scores["all"]["gold"] == 14
    assert set(scores["all"]["by_threshold"]["0.0"]) == {"given", "precision", "speaker_right", "recall"}
    assert_one_line_error(run("evaluate", "agreement", "--data", str(tmp_path / "nope")), "W001")
