"""Which checkpoint training resumes from, and when a checkpoint is published."""

import json

import pytest
import spacy

from whosaid.errors import WhosaidError
from whosaid.training import train as training


def save_pipeline(path, pipes, score, base=("tagger",)):
    """A saved pipeline of `base` components (spaCy's) and whosaid components `pipes`, whose
    weighted dev score is `score`.

    spaCy adds the sentencizer's sents_f (0.5) to the weights and scales the others to 0.25 each;
    the base is not scored (no sents_f in the performance): the weighted mean of whosaid's is `score`.
    """
    weights = {"attribution_a_f": 0.5, "attribution_b_f": 0.5, "attribution_c_f": 0.0}
    nlp = spacy.blank("en", config={"training": {"score_weights": weights}})
    for name in base:
        nlp.add_pipe("sentencizer", name=name)
    for name in pipes:
        nlp.add_pipe("whosaid_layout_v1", name=name)
    nlp.to_disk(path)
    meta = json.loads((path / "meta.json").read_text())
    meta["performance"] = {"attribution_a_f": score - 0.1, "attribution_b_f": score + 0.1, "attribution_c_f": None}
    (path / "meta.json").write_text(json.dumps(meta))
    return path


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    target = tmp_path / "shipped"
    monkeypatch.setattr(training, "NEWS_MODEL_PATH", target)
    return target


def test_better_checkpoint_is_published_without_the_base(tmp_path, shipped):
    save_pipeline(shipped, ["attribution"], 0.80, base=())
    assert not training.publish(save_pipeline(tmp_path / "worse", ["attribution"], 0.79), shipped)
    assert training.publish(save_pipeline(tmp_path / "better", ["attribution"], 0.81), shipped)
    assert training.model_score(shipped) == pytest.approx(0.81), "whosaid's scores alone, the base's weight unmet"
    assert training.pipe_names(shipped) == ["attribution"], "the base's components are not shipped"


def test_checkpoint_adding_a_component_is_published_one_lacking_one_is_not(tmp_path, shipped):
    save_pipeline(shipped, ["attribution"], 0.80, base=())
    assert training.publish(save_pipeline(tmp_path / "more", ["attribution", "layout"], 0.30), shipped)
    assert training.pipe_names(shipped) == ["attribution", "layout"]
    assert not training.publish(save_pipeline(tmp_path / "less", ["attribution"], 0.99), shipped)
    assert training.publish(save_pipeline(tmp_path / "less", ["attribution"], 0.99), shipped, force=True)


def test_publish_needs_a_pipeline(tmp_path, shipped):
    with pytest.raises(WhosaidError, match="no trained pipeline"):
        training.publish(tmp_path / "nothing", shipped)


def test_resume_only_from_the_run(tmp_path):
    run = tmp_path / "run"
    assert training.checkpoint_to_resume(run) is None, "the shipped components hold no base to train on"
    run.mkdir()
    save_pipeline(run / "model-last", ["attribution"], 0.1)
    assert training.checkpoint_to_resume(run) == run / "model-last"


def test_unknown_stage(tmp_path):
    with pytest.raises(WhosaidError, match="unknown training stage"):
        training.train(tmp_path, tmp_path, stage="base")
