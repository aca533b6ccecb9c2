"""`whosaid train` and `whosaid publish-model`: reproduce the shipped news model."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

logger = logging.getLogger(__name__)

DEFAULT_DATA = Path("../shared/data")
DEFAULT_OUTPUT = Path("training/news")


def train_command(
    data: Annotated[Path, typer.Option(help="The shared data directory (polnear/, gum/).")] = DEFAULT_DATA,
    output: Annotated[Path, typer.Option(help="Run directory: corpus, model-last, model-best.")] = DEFAULT_OUTPUT,
    max_steps: Annotated[int, typer.Option(help="Stop after this many steps (0: when dev stops improving).")] = 0,
    resume: Annotated[bool, typer.Option("--resume/--restart", help="Continue from the last checkpoint.")] = True,
) -> None:
    """Train the news pipeline; resumes from OUTPUT/model-last or the shipped model."""
    from whosaid.training.train import train  # training imports are heavy and optional

    best = train(data, output, max_steps=max_steps, resume=resume)
    logger.info("best checkpoint: %s (publish it with `whosaid publish-model`)", best)


def publish_command(
    checkpoint: Annotated[Path, typer.Argument(help="A trained pipeline, e.g. training/news/model-best.")] = DEFAULT_OUTPUT
    / "model-best",
    force: Annotated[bool, typer.Option("--force", help="Publish even if it scores lower.")] = False,
) -> None:
    """Copy a checkpoint into the package if it beats the shipped model on dev."""
    from whosaid.training.train import publish

    publish(checkpoint, force=force)
