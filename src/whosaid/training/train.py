"""Resumable training of whosaid's pipeline, in two stages.

- `base`: tok2vec, tagger, parser and NER on PolNeAR's CoreNLP silver
  annotations (configs/news.cfg).
- `attribution`: the attribution component on PolNeAR's gold attributions,
  on top of the frozen base pipeline (configs/attribution.cfg).
- `encoder`: the accurate profile's attribution model, a fine-tuned
  transformer encoder (whosaid.training.encoder; not a spaCy training run).

Training on two cores takes hours, longer than one working session, so every
evaluation writes `OUTPUT/model-last` and `OUTPUT/model-best`. A later run
continues from `model-last` (or from the shipped model when there is no run
directory), and `publish` copies a checkpoint into the package only when it
scores better than the model already shipped.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path

import spacy
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train
from spacy.util import load_config, registry

from whosaid.corpora.polnear import read_split
from whosaid.errors import InvalidOptionError, ModelNotFoundError
from whosaid.models import NEWS_MODEL_PATH
from whosaid.training.attributions import write_attribution_corpus
from whosaid.training.corpus import convert_polnear_split
from whosaid.training.tag_map import TagMapData, learn_tag_map

logger = logging.getLogger(__name__)

CONFIG_DIR = Path(__file__).parent / "configs"
STAGE_CONFIGS = {
    "base": CONFIG_DIR / "news.cfg",
    "attribution": CONFIG_DIR / "attribution.cfg",
}
ATTRIBUTION = "attribution"
# Stages that train the attribution component on top of the frozen base.
ATTRIBUTION_STAGES = (ATTRIBUTION,)


@registry.misc("whosaid.gum_tag_map.v1")
def gum_tag_map(conllu_dir: str) -> TagMapData:
    return learn_tag_map(Path(conllu_dir))


def prepare_corpus(stage: str, data_dir: Path, corpus_dir: Path) -> dict[str, Path]:
    """Convert PolNeAR train/dev for a stage once; reuse them afterwards."""
    paths = {}
    for split in ("train", "dev"):
        path = corpus_dir / f"polnear-{stage}-{split}.spacy"
        if not path.exists():
            blank = spacy.blank("en")
            if stage in ATTRIBUTION_STAGES:
                count = write_attribution_corpus(blank, read_split(data_dir / "polnear", split), path)
            else:
                count = convert_polnear_split(blank.vocab, data_dir / "polnear", split, path).converted
            logger.info("converted %s %s: %d articles", stage, split, count)
        paths[split] = path
    return paths


def pipe_names(model_dir: Path) -> list[str]:
    """The component names of the pipeline saved at `model_dir`, from its config."""
    return list(load_config(model_dir / "config.cfg")["nlp"]["pipeline"])


def checkpoint_to_resume(stage: str, output_dir: Path) -> Path | None:
    """The run's model-last, else the shipped model if it has what the stage trains."""
    if (output_dir / "model-last" / "config.cfg").exists():
        return output_dir / "model-last"
    if (NEWS_MODEL_PATH / "config.cfg").exists():
        if stage != ATTRIBUTION or ATTRIBUTION in pipe_names(NEWS_MODEL_PATH):
            return NEWS_MODEL_PATH
    return None


def train(
    data_dir: Path,
    output_dir: Path,
    *,
    stage: str = "base",
    base_model: Path | None = None,
    max_steps: int = 0,
    resume: bool = True,
) -> Path:
    """Train (or continue training) one stage; return the run's model-best path."""
    if stage not in STAGE_CONFIGS:
        raise InvalidOptionError(f"unknown training stage {stage!r} (choose from {', '.join(STAGE_CONFIGS)})")
    corpus = prepare_corpus(stage, data_dir, output_dir / "corpus")
    overrides = {"paths.train": str(corpus["train"]), "paths.dev": str(corpus["dev"]), "training.max_steps": max_steps}
    if stage in ATTRIBUTION_STAGES:
        overrides["paths.base"] = str(base_model or NEWS_MODEL_PATH)
    else:
        overrides["paths.gum"] = str(data_dir / "gum" / "dep")
    start = checkpoint_to_resume(stage, output_dir) if resume else None
    if start is None:
        logger.info("training %s from scratch with %s", stage, STAGE_CONFIGS[stage])
        nlp = init_nlp(load_config(STAGE_CONFIGS[stage], overrides=overrides, interpolate=False))
    else:
        logger.info("resuming %s from %s", stage, start)
        # The base stage never trains the attribution component: a new base invalidates it.
        exclude = [ATTRIBUTION] if stage not in ATTRIBUTION_STAGES and ATTRIBUTION in pipe_names(start) else []
        nlp = spacy.load(start, config=overrides, exclude=exclude)
    spacy_train(nlp, output_dir, stdout=sys.stdout, stderr=sys.stderr)
    return output_dir / "model-best"


def model_score(model_dir: Path) -> float:
    """The dev score training selected the checkpoint by: the weighted sum of
    the scores in meta.json's performance, with the config's score weights."""
    meta_path = model_dir / "meta.json"
    if not meta_path.exists():
        return float("-inf")
    performance = json.loads(meta_path.read_text(encoding="utf-8")).get("performance") or {}
    weights = load_config(model_dir / "config.cfg")["training"]["score_weights"]
    scores = [(performance.get(name), weight) for name, weight in weights.items() if weight]
    if not scores or any(score is None for score, _ in scores):
        return float("-inf")
    return sum(score * weight for score, weight in scores)


def publish(checkpoint: Path, target: Path | None = None, *, force: bool = False) -> bool:
    """Copy `checkpoint` into the package if it is better than the shipped model.

    Scores are comparable only between pipelines of the same components: a
    checkpoint that adds components (the attribution stage on top of the
    shipped base) is published; one that lacks shipped components needs
    `force`.
    """
    if not (checkpoint / "config.cfg").exists():
        raise ModelNotFoundError(f"{checkpoint}: no trained pipeline here")
    target = target or NEWS_MODEL_PATH
    if (target / "config.cfg").exists() and not force:
        new_names, old_names = set(pipe_names(checkpoint)), set(pipe_names(target))
        if not old_names <= new_names:
            logger.info("kept the shipped model: the checkpoint lacks %s", ", ".join(sorted(old_names - new_names)))
            return False
        if new_names == old_names and model_score(checkpoint) <= model_score(target):
            logger.info("kept the shipped model (dev score %.4f >= %.4f)", model_score(target), model_score(checkpoint))
            return False
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    nlp = spacy.load(checkpoint)
    nlp.meta.update(name="whosaid_news")
    nlp.to_disk(staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    logger.info("published %s (dev score %.4f)", checkpoint, model_score(checkpoint))
    return True
