"""Resumable training of the fast profile's attribution component on PolNeAR's gold
attributions, on top of the frozen base pipeline (en_core_web_md; configs/attribution.cfg),
and its publication into the package (`encoder`, the accurate profile's model, is trained by
whosaid.training.finetune).

Training takes longer than a working session, so every evaluation writes `OUTPUT/model-last`
and `OUTPUT/model-best` (whosaid.training.attribution_loop). A later run continues from
`model-last`, and `publish` copies a checkpoint's whosaid components into the package only
when they score better than those already shipped.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training.initialize import init_nlp
from spacy.util import load_config

from whosaid.corpora.polnear import read_split
from whosaid.errors import InvalidOptionError, ModelNotFoundError
from whosaid.models import NEWS_MODEL_PATH
from whosaid.models.base import base_model_path
from whosaid.training.attribution_loop import train_component
from whosaid.training.attributions import write_attribution_corpus

logger = logging.getLogger(__name__)

CONFIG_DIR = Path(__file__).parent / "configs"
ATTRIBUTION = "attribution"
ATTRIBUTION_VECTORS = "attribution-vectors"
# The two members of the fast profile's ensemble (whosaid.training.ensemble).
STAGE_CONFIGS = {
    ATTRIBUTION: CONFIG_DIR / "attribution.cfg",
    ATTRIBUTION_VECTORS: CONFIG_DIR / "attribution-vectors.cfg",
}
# The components whosaid ships (its attribution model and the rules after it); the base's are spaCy's.
WHOSAID_FACTORY_PREFIX = "whosaid_"


def prepare_corpus(data_dir: Path, corpus_dir: Path, splits: tuple[str, ...] = ("train", "dev")) -> dict[str, Path]:
    """Convert PolNeAR's splits (train and dev) for attribution once; reuse them afterwards."""
    paths = {}
    for split in splits:
        path = corpus_dir / f"polnear-{ATTRIBUTION}-{split}.spacy"
        if not path.exists():
            count = write_attribution_corpus(spacy.blank("en"), read_split(data_dir / "polnear", split), path)
            logger.info("converted %s: %d articles", split, count)
        paths[split] = path
    return paths


def pipe_names(model_dir: Path) -> list[str]:
    """The component names of the pipeline saved at `model_dir`, from its config."""
    return list(load_config(model_dir / "config.cfg")["nlp"]["pipeline"])


def checkpoint_to_resume(output_dir: Path) -> Path | None:
    """The run's model-last (the shipped attribution component stands on a base it does not hold:
    a new run starts from scratch)."""
    if (output_dir / "model-last" / "config.cfg").exists():
        return output_dir / "model-last"
    return None


def train(
    data_dir: Path,
    output_dir: Path,
    *,
    stage: str = ATTRIBUTION,
    base_model: Path | None = None,
    max_steps: int = 0,
    resume: bool = True,
) -> Path:
    """Train (or continue training) the attribution component; return the run's model-best path."""
    if stage not in STAGE_CONFIGS:
        raise InvalidOptionError(f"unknown training stage {stage!r} (choose from {', '.join(STAGE_CONFIGS)})")
    corpus = prepare_corpus(data_dir, output_dir / "corpus")
    overrides = {
        "paths.train": str(corpus["train"]),
        "paths.dev": str(corpus["dev"]),
        "paths.base": str(base_model or base_model_path()),
        "training.max_steps": max_steps,
    }
    start = checkpoint_to_resume(output_dir) if resume else None
    if start is None:
        logger.info("training %s from scratch with %s", stage, STAGE_CONFIGS[stage])
        nlp = init_nlp(load_config(STAGE_CONFIGS[stage], overrides=overrides, interpolate=False))
    else:
        logger.info("resuming %s from %s", stage, start)
        nlp = spacy.load(start, config=overrides)
    return train_component(nlp, output_dir, ATTRIBUTION)


def model_score(model_dir: Path) -> float:
    """The dev score training selected the checkpoint by: the weighted mean of whosaid's scores
    in meta.json's performance, with the config's score weights."""
    meta_path = model_dir / "meta.json"
    if not meta_path.exists():
        return float("-inf")
    performance = json.loads(meta_path.read_text(encoding="utf-8")).get("performance") or {}
    # Only whosaid's own scores (named after their component, as spaCy's scorers name them): the
    # base's weights ride along in the config, its scores are not measured.
    own = tuple(f"{name}_" for name in whosaid_pipe_names(model_dir))
    weights = load_config(model_dir / "config.cfg")["training"]["score_weights"]
    scores = [(performance.get(name), weight) for name, weight in weights.items() if weight and name.startswith(own)]
    if not scores or any(score is None for score, _ in scores):
        return float("-inf")
    return sum(score * weight for score, weight in scores) / sum(weight for _, weight in scores)


def publish(checkpoint: Path, target: Path | None = None, *, force: bool = False) -> bool:
    """Copy `checkpoint` into the package if it is better than the shipped model.

    Scores are comparable only between the same components: a checkpoint that adds components
    is published; one that lacks shipped components needs `force`. What is published is the
    checkpoint's whosaid components alone, to be added to the base (profiles.add_to).
    """
    if not (checkpoint / "config.cfg").exists():
        raise ModelNotFoundError(f"{checkpoint}: no trained pipeline here")
    target = target or NEWS_MODEL_PATH
    if (target / "config.cfg").exists() and not force:
        new_names, old_names = set(whosaid_pipe_names(checkpoint)), set(pipe_names(target))
        if not old_names <= new_names:
            logger.info("kept the shipped model: the checkpoint lacks %s", ", ".join(sorted(old_names - new_names)))
            return False
        if new_names == old_names and model_score(checkpoint) <= model_score(target):
            logger.info("kept the shipped model (dev score %.4f >= %.4f)", model_score(target), model_score(checkpoint))
            return False
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    whosaid_components(spacy.load(checkpoint)).to_disk(staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    logger.info("published %s (dev score %.4f)", checkpoint, model_score(checkpoint))
    return True


def whosaid_pipe_names(model_dir: Path) -> list[str]:
    """The names of the whosaid components of the pipeline saved at `model_dir`."""
    components = load_config(model_dir / "config.cfg")["components"]
    return [name for name in pipe_names(model_dir) if components[name]["factory"].startswith(WHOSAID_FACTORY_PREFIX)]


def whosaid_components(nlp: Language) -> Language:
    """A pipeline of `nlp`'s whosaid components alone (its attribution model and what follows it),
    with `nlp`'s dev scores and score weights: what the package ships, to add to the base."""
    weights = dict(nlp.config["training"]["score_weights"])
    components = spacy.blank(nlp.lang, config={"training": {"score_weights": weights}})
    for name in nlp.pipe_names:
        factory = nlp.get_pipe_meta(name).factory
        if factory.startswith(WHOSAID_FACTORY_PREFIX):
            # made anew and given the weights, not sourced: sourcing copies the base's strings (9 MB)
            settings = {key: value for key, value in nlp.config["components"][name].items() if key != "factory"}
            component = components.add_pipe(factory, name=name, config=settings)
            if hasattr(component, "from_bytes"):
                component.from_bytes(nlp.get_pipe(name).to_bytes(exclude=["vocab"]), exclude=["vocab"])
    components.meta.update(name="whosaid_news", performance=nlp.meta.get("performance", {}))
    return components
