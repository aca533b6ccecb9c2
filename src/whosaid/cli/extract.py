"""`whosaid extract`: articles in, one JSON Article record per line out."""

from __future__ import annotations

import logging
import sys
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from whosaid.cli.options import (
    ModelOption,
    OutletOption,
    ProfileOption,
    PublishedOption,
    TitleOption,
    UrlOption,
    pipeline_loader,
)
from whosaid.ingest.sources import SOURCE_FORMAT_HELP, SourceFormat, read_sources
from whosaid.inputs import ArticleMeta
from whosaid.models import ARTICLES_PER_BATCH
from whosaid.processing.streaming import extract_records

logger = logging.getLogger(__name__)


def extract_command(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH...|-", help="Text, HTML and JSONL files, directories, or - (stdin)."),
    ],
    source_format: Annotated[Optional[SourceFormat], typer.Option("--format", help=SOURCE_FORMAT_HELP)] = None,
    text_key: Annotated[str, typer.Option("--text-key", help="In JSONL: the field holding the text.")] = "text",
    published: PublishedOption = None,
    title: TitleOption = None,
    url: UrlOption = None,
    outlet: OutletOption = None,
    pretty: Annotated[bool, typer.Option("--pretty", help="Indented JSON.")] = False,
    n_process: Annotated[int, typer.Option("--n-process", min=1, help="Worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per batch.")] = ARTICLES_PER_BATCH,
    progress: Annotated[
        Optional[bool],
        typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: on a terminal)."),
    ] = None,
    model: ModelOption = None,
    profile: ProfileOption = None,
) -> None:
    """Extract the Article record of each article; JSON on stdout, one per line.

    JSONL records may hold published, title, url and outlet; HTML pages give theirs. A bad
    file or line is reported on stderr with where it is and skipped; the exit code is then 1.
    """

    meta = ArticleMeta.create(title=title, url=url, outlet=outlet, published=published)
    inputs = read_sources(paths, source_format=source_format, text_key=text_key, defaults=meta)
    failures: list[str] = []

    def report(where: str, reason: str) -> None:
        failures.append(where)
        logger.error("%s: %s (skipped)", where, reason)

    show_progress = progress if progress is not None else sys.stderr.isatty()
    bar = tqdm(unit="article", file=sys.stderr, disable=not show_progress)
    indent = 2 if pretty else None
    with bar:
        loader = pipeline_loader(model, profile)
        for _, article in extract_records(inputs, loader, report, n_process=n_process, batch_size=batch_size):
            sys.stdout.write(article.to_json(indent=indent) + "\n")
            bar.update(1)
    sys.stdout.flush()
    if failures:
        raise typer.Exit(code=1)
