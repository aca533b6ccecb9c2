"""`whosaid train` and `whosaid publish-model`: reproduce the shipped news model."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer

logger = logging.getLogger(__name__)

DEFAULT_DATA = Path("../shared/data")
DEFAULT_OUTPUT = Path("training/news")


def train_command(
    data: Annotated[Path, typer.Option(help="The shared data directory (polnear/, gum/).")] = DEFAULT_DATA,
    output: Annotated[Path, typer.Option(help="Run directory: corpus, model-last, model-best.")] = DEFAULT_OUTPUT,
    stage: Annotated[
        str, typer.Option(help="base (tagger, parser, NER), attribution, or accurate (attribution on MiniLM).")
    ] = "base",
    base_model: Annotated[
        Optional[Path], typer.Option(help="For --stage attribution: the base pipeline (default: the shipped one).")
    ] = None,
    max_steps: Annotated[int, typer.Option(help="Stop after this many steps (0: when dev stops improving).")] = 0,
    resume: Annotated[bool, typer.Option("--resume/--restart", help="Continue from the last checkpoint.")] = True,
) -> None:
    """Train a stage of the pipeline; resumes from OUTPUT/model-last or the shipped model."""
    from whosaid.training.train import train  # training imports are heavy and optional

    best = train(data, output, stage=stage, base_model=base_model, max_steps=max_steps, resume=resume)
    logger.info("best checkpoint: %s (publish it with `whosaid publish-model`)", best)


def publish_command(
    checkpoint: Annotated[
        Path, typer.Argument(help="A trained pipeline, e.g. training/news/model-best.")
    ] = DEFAULT_OUTPUT / "model-best",
    force: Annotated[bool, typer.Option("--force", help="Publish even if it scores lower.")] = False,
) -> None:
    """Copy a checkpoint into the package if it beats the shipped model on dev."""
    from whosaid.training.train import publish

    publish(checkpoint, force=force)
