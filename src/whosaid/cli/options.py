"""The options every command that extracts shares (extract, ingest, batch): the pipeline
and the metadata an article that states none is given."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from whosaid.ingest.sources import PUBLISHED_HELP
from whosaid.pipeline.profile_options import PROFILE_HELP, Profile

if TYPE_CHECKING:
    from spacy.language import Language

ModelOption = Annotated[Optional[Path], typer.Option(help="A spaCy pipeline directory instead of the shipped model.")]
ProfileOption = Annotated[Optional[Profile], typer.Option(help=PROFILE_HELP, show_default=False)]
PublishedOption = Annotated[Optional[str], typer.Option(help=PUBLISHED_HELP)]
TitleOption = Annotated[Optional[str], typer.Option(help="Title of articles that have none (nor a headline).")]
UrlOption = Annotated[Optional[str], typer.Option(help="URL of articles that state none.")]
OutletOption = Annotated[Optional[str], typer.Option(help="Outlet of articles that name none.")]


def pipeline_loader(model: Path | None, profile: Profile | None) -> Callable[[], Language]:
    """What loads the pipeline the options name, once there is an article to extract."""

    def load_pipeline() -> Language:
        from whosaid.pipeline.profiles import load  # spaCy: imported only once needed

        return load(model, profile=profile)

    return load_pipeline
