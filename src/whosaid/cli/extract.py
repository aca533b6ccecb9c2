"""`whosaid extract`: articles in, one JSON Article record per line out."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from whosaid.api import DEFAULT_BATCH_SIZE, PROFILE_HELP, ArticleInput, extract_many, load
from whosaid.ingest.reading import RecordFailure, check_readable, decode, iter_jsonl, read_text_file
from whosaid.record.meta import ArticleMeta

logger = logging.getLogger(__name__)

STDIN = "-"


def _count_records(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def _jsonl_file(path: Path, text_key: str) -> Iterator[ArticleInput | RecordFailure]:
    with path.open("rb") as handle:
        yield from iter_jsonl(handle, str(path), text_key)


def _read_inputs(source: str, *, jsonl: bool, text_key: str, meta: ArticleMeta) -> tuple[Iterator, int | None]:
    """The inputs (ArticleInput or RecordFailure) and how many, when known."""
    if not jsonl:
        text = decode(sys.stdin.buffer.read(), "<stdin>") if source == STDIN else read_text_file(Path(source))
        return iter([ArticleInput(text, meta)]), 1
    if source == STDIN:
        return iter_jsonl(sys.stdin.buffer, "<stdin>", text_key), None
    path = Path(source)
    check_readable(path)
    return _jsonl_file(path, text_key), _count_records(path)


def extract_command(
    source: Annotated[
        str, typer.Argument(metavar="FILE|-", help="A plain-text article, JSONL with --jsonl, or - for stdin.")
    ],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read one JSON object per line.")] = False,
    text_key: Annotated[str, typer.Option("--text-key", help="With --jsonl: the field holding the text.")] = "text",
    published: Annotated[
        Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) of a plain-text article.")
    ] = None,
    title: Annotated[Optional[str], typer.Option(help="Title of a plain-text article.")] = None,
    url: Annotated[Optional[str], typer.Option(help="URL of a plain-text article.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet of a plain-text article.")] = None,
    pretty: Annotated[bool, typer.Option("--pretty", help="Indented JSON.")] = False,
    n_process: Annotated[int, typer.Option("--n-process", min=1, help="Worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per batch.")] = DEFAULT_BATCH_SIZE,
    progress: Annotated[
        Optional[bool],
        typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: on a terminal)."),
    ] = None,
    model: Annotated[
        Optional[Path], typer.Option(help="A spaCy pipeline directory instead of the shipped model.")
    ] = None,
    profile: Annotated[str, typer.Option(help=PROFILE_HELP)] = "fast",
) -> None:
    """Extract the Article record of each article; JSON on stdout, one per line.

    With --jsonl, the keys published, title, url and outlet are read when
    present. A bad line is reported on stderr with its line number and
    skipped; the exit code is then 1.
    """
    meta = ArticleMeta.create(title=title, url=url, outlet=outlet, published=published)
    inputs, total = _read_inputs(source, jsonl=jsonl, text_key=text_key, meta=meta)
    failures: list[RecordFailure] = []

    def good_inputs() -> Iterator[ArticleInput]:
        for item in inputs:
            if isinstance(item, RecordFailure):
                failures.append(item)
                logger.error("%s: %s (skipped)", item.where, item.reason)
            else:
                yield item

    nlp = load(model, profile=profile)
    show_progress = progress if progress is not None else sys.stderr.isatty()
    bar = tqdm(total=total, unit="article", file=sys.stderr, disable=not show_progress or total == 1)
    indent = 2 if pretty else None
    with bar:
        for article in extract_many(good_inputs(), nlp=nlp, n_process=n_process, batch_size=batch_size):
            sys.stdout.write(article.to_json(indent=indent) + "\n")
            bar.update(1)
    sys.stdout.flush()
    if failures:
        raise typer.Exit(code=1)
