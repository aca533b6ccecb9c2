"""Training the coreference model on a GUM laid out by hand (PyTorch: the finetune extra)."""

import json

import numpy
import pytest

from tests.corpora.test_gum import CONLLU
from whosaid.corpora.gum import read_document

pytestmark = [pytest.mark.finetune, pytest.mark.slow]
pytest.importorskip("torch", reason="the finetune extra is not installed (make test-finetune)")


@pytest.fixture
def gum_dir(tmp_path):
    (tmp_path / "dep").mkdir()
    (tmp_path / "dep" / "GUM_news_test.conllu").write_text(CONLLU, encoding="utf-8")
    (tmp_path / "splits.md").write_text(
        "# Splits\n\n## train\n\n  * GUM_news_test\n\n## dev\n\n  * GUM_news_test\n", encoding="utf-8"
    )
    return tmp_path


def test_gold_chains_join_the_heads_of_one_entitys_mentions(nlp, gum_dir):
    from whosaid.training.coref import gold_chains

    document = read_document(gum_dir / "dep" / "GUM_news_test.conllu")
    doc = nlp(document.text)
    chain_of = {doc[token].text: entity for token, (_, entity) in gold_chains(document, doc).items()}
    assert chain_of["Ruiz"] == chain_of["She"] != chain_of["city"]


def test_the_grid_marks_gold_antecedents_and_none_where_a_word_has_none(nlp):
    from whosaid.pipeline.coreference import article_features
    from whosaid.training.coref import _grid

    features = article_features(nlp("Ana Ruiz spoke. She said the city was ready."))  # Ruiz, She, city
    index, gold = _grid(features, numpy.array([0, 0, 1]))
    assert index.shape == (3, 3)  # "none" and at most two candidates
    assert gold.tolist() == [[True, False, False], [False, True, False], [True, False, False]]


def test_training_checkpoints_resumes_and_exports_a_model_the_component_runs(nlp, gum_dir, tmp_path):
    from whosaid.pipeline.coreference import CorefModel
    from whosaid.training.coref import train_coref

    output = tmp_path / "run"
    import torch

    model_dir = train_coref(output, gum_dir, nlp, epochs=2)
    assert (output / "last.pt").exists() and (output / "features-train.npz").exists()
    first = torch.load(output / "last.pt", weights_only=False)["state"]["history"]
    model_dir = train_coref(output, gum_dir, nlp, epochs=3)  # resumes at epoch 2, trains one more
    history = torch.load(output / "last.pt", weights_only=False)["state"]["history"]
    assert history[:2] == first and [entry["epoch"] for entry in history] == [1, 2, 3]
    settings = json.loads((model_dir / "settings.json").read_text(encoding="utf-8"))
    assert settings["epochs"] == 3 and 1 <= settings["best_epoch"] <= 3
    links = CorefModel(model_dir).links(nlp("Ana Ruiz spoke. She said the city was ready."))
    assert links and all(0.0 <= p <= 1.0 for _, _, p in links)


def test_a_run_with_dev_trains_on_both_splits_and_keeps_its_last_epoch(nlp, gum_dir, tmp_path):
    import torch

    from whosaid.training.coref import train_coref

    model_dir = train_coref(tmp_path / "run", gum_dir, nlp, epochs=3, with_dev=True)
    settings = json.loads((model_dir / "settings.json").read_text(encoding="utf-8"))
    assert settings["trained_on"] == "GUM train and GUM dev (gold chains)" and settings["best_epoch"] == 3
    assert settings["chosen_by"] == "last_epoch" and "best_dev_chains_conll_f1" not in settings  # dev not held out
    # a checkpoint of a train-only run is another run: not resumed by a run with dev
    train_coref(tmp_path / "train-only", gum_dir, nlp, epochs=1)
    train_coref(tmp_path / "train-only", gum_dir, nlp, epochs=1, with_dev=True)
    state = torch.load(tmp_path / "train-only" / "last.pt", weights_only=False)["state"]
    assert state["run"]["trained_on"] == ["train", "dev"] and [entry["epoch"] for entry in state["history"]] == [1]


def test_the_model_and_its_cache_name_the_encoder_states_they_read(nlp, gum_dir, tmp_path):
    import shutil

    from whosaid.pipeline.coreference import ENCODER_STATES, CorefModel, word_feature_width
    from whosaid.training.coref import train_coref

    with_states = train_coref(tmp_path / "with", gum_dir, nlp, epochs=1)
    settings = json.loads((with_states / "settings.json").read_text(encoding="utf-8"))
    assert settings["encoder"] == ENCODER_STATES
    assert settings["word_width"] == word_feature_width(300, 96, ENCODER_STATES["width"])
    assert CorefModel(with_states).encoder is not None
    # a cache of other states is not read but rebuilt
    (tmp_path / "without").mkdir()
    for name in ("features-train.npz", "features-dev.npz"):
        shutil.copy(tmp_path / "with" / name, tmp_path / "without" / name)
    without = train_coref(tmp_path / "without", gum_dir, nlp, epochs=1, encoder=None)
    settings = json.loads((without / "settings.json").read_text(encoding="utf-8"))
    assert "encoder" not in settings and settings["word_width"] == word_feature_width(300, 96)
    assert CorefModel(without).encoder is None


def test_epochs_are_chosen_by_the_chains_the_network_builds():
    import torch

    from whosaid.pipeline.coreference import PAIR_FEATURES, ArticleFeatures
    from whosaid.training.coref import dev_chain_conll

    features = ArticleFeatures(
        words=numpy.array([0, 1, 2]),
        word_features=numpy.zeros((3, 4), dtype="float32"),
        anaphors=numpy.array([1, 2, 2]),
        antecedents=numpy.array([0, 0, 1]),
        pair_features=numpy.zeros((3, len(PAIR_FEATURES)), dtype="float32"),
    )
    gold = numpy.array([0, 0, -1])  # words 0 and 1 corefer, word 2 stands alone

    def scoring(*scores):
        return lambda *inputs: torch.tensor(scores)

    assert dev_chain_conll(scoring(5.0, -5.0, -5.0), [(features, gold)]) == 100.0
    wrong = dev_chain_conll(scoring(-5.0, 5.0, -5.0), [(features, gold)])  # word 2 joins word 0 instead
    assert 0.0 < wrong < 100.0
    assert dev_chain_conll(scoring(-5.0, -5.0, -5.0), [(features, gold)]) == 0.0  # no chain found
