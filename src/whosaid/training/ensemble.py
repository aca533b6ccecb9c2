"""The fast profile's attribution model as an ensemble (whosaid.AttributionEnsemble.v1) of
attribution runs trained alone: assembled from their checkpoints and scored on dev like a
training run's checkpoint, ready for `publish`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import spacy

from whosaid.errors import InvalidOptionError, ModelNotFoundError
from whosaid.training.attribution_loop import score_on_dev
from whosaid.training.train import ATTRIBUTION, prepare_corpus

logger = logging.getLogger(__name__)

ENSEMBLE_ARCHITECTURE = "whosaid.AttributionEnsemble.v1"
MODEL_PARTS = ("encoder", "cue_head", "role_head")


def assemble(members: Sequence[Path], model_dir: Path) -> Path:
    """Write to `model_dir` the first member's pipeline with an attribution model that reads every
    member's (each a run's model-best or a published package; the first a run's, with the base,
    whose vocab serves all: members must stand on the same base)."""
    if len(members) < 2:
        raise InvalidOptionError("an ensemble needs at least two --member checkpoints")
    for member in members:
        if not (member / "config.cfg").exists():
            raise ModelNotFoundError(f"{member}: no trained pipeline here")
    pipelines = [spacy.load(member) for member in members]
    trained = [pipeline.get_pipe(ATTRIBUTION).model for pipeline in pipelines]
    nlp = pipelines[0]
    settings = {key: value for key, value in nlp.config["components"][ATTRIBUTION].items() if key != "factory"}
    settings["model"] = {
        "@architectures": ENSEMBLE_ARCHITECTURE,
        "*": {
            f"member_{index}": pipeline.config["components"][ATTRIBUTION]["model"]
            for index, pipeline in enumerate(pipelines)
        },
    }
    component = nlp.replace_pipe(ATTRIBUTION, nlp.get_pipe_meta(ATTRIBUTION).factory, config=settings)
    component.model.initialize()
    for part in MODEL_PARTS:
        for member_part, model in zip(component.model.get_ref(part).layers, trained):
            member_part.from_bytes(model.get_ref(part).to_bytes())
    model_dir.mkdir(parents=True, exist_ok=True)  # (spaCy makes the last directory alone)
    nlp.to_disk(model_dir)
    return model_dir


def assemble_and_score(members: Sequence[Path], data_dir: Path, output_dir: Path) -> Path:
    """OUTPUT/model-best: the members' ensemble, its PolNeAR dev scores in its meta.json."""
    model_dir = assemble(members, output_dir / "model-best")
    dev = prepare_corpus(data_dir, output_dir / "corpus", splits=("dev",))["dev"]  # scoring needs no train
    logger.info("assembled %d members: dev score %.4f", len(members), score_on_dev(model_dir, str(dev)))
    return model_dir
