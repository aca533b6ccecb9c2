"""Resumable training of whosaid's English news pipeline.

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
from spacy.language import Language
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train
from spacy.util import load_config, registry

from whosaid.models import NEWS_MODEL_PATH
from whosaid.training.corpus import convert_polnear_split
from whosaid.training.tag_map import TagMapData, learn_tag_map

logger = logging.getLogger(__name__)

CONFIG_PATH = Path(__file__).parent / "configs" / "news.cfg"


@registry.misc("whosaid.gum_tag_map.v1")
def gum_tag_map(conllu_dir: str) -> TagMapData:
    return learn_tag_map(Path(conllu_dir))


def prepare_corpus(data_dir: Path, corpus_dir: Path) -> dict[str, Path]:
    """Convert PolNeAR train/dev to DocBins once; reuse them afterwards."""
    paths = {}
    for split in ("train", "dev"):
        path = corpus_dir / f"polnear-{split}.spacy"
        if not path.exists():
            report = convert_polnear_split(spacy.blank("en").vocab, data_dir / "polnear", split, path)
            logger.info("converted %s: %d articles, %d skipped", split, report.converted, len(report.skipped))
        paths[split] = path
    return paths


def checkpoint_to_resume(output_dir: Path) -> Path | None:
    for candidate in (output_dir / "model-last", NEWS_MODEL_PATH):
        if (candidate / "config.cfg").exists():
            return candidate
    return None


def train(data_dir: Path, output_dir: Path, *, max_steps: int = 0, resume: bool = True) -> Path:
    """Train (or continue training) and return the run's model-best path."""
    corpus = prepare_corpus(data_dir, output_dir / "corpus")
    overrides = {
        "paths.train": str(corpus["train"]),
        "paths.dev": str(corpus["dev"]),
        "paths.gum": str(data_dir / "gum" / "dep"),
        "training.max_steps": max_steps,
    }
    start = checkpoint_to_resume(output_dir) if resume else None
    if start is None:
        logger.info("training from scratch with %s", CONFIG_PATH)
        nlp = init_nlp(load_config(CONFIG_PATH, overrides=overrides, interpolate=False))
    else:
        logger.info("resuming from %s", start)
        nlp = spacy.load(start, config=overrides)
    spacy_train(nlp, output_dir, stdout=sys.stdout, stderr=sys.stderr)
    return output_dir / "model-best"


def model_score(model_dir: Path) -> float:
    meta_path = model_dir / "meta.json"
    if not meta_path.exists():
        return float("-inf")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return float((meta.get("performance") or {}).get("score", float("-inf")))


def publish(checkpoint: Path, target: Path = NEWS_MODEL_PATH, *, force: bool = False) -> bool:
    """Copy `checkpoint` into the package if it beats the shipped model."""
    new, old = model_score(checkpoint), model_score(target)
    if not force and new <= old:
        logger.info("kept the shipped model (score %.4f >= %.4f)", old, new)
        return False
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    nlp: Language = spacy.load(checkpoint)
    nlp.meta.update(name="whosaid_news", version=nlp.meta.get("version", "0.0.0"))
    nlp.to_disk(staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    logger.info("published %s (score %.4f, was %.4f)", checkpoint, new, old)
    return True
