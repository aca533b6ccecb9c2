"""`whosaid extract`: articles in, one JSON Article record per line out."""

from __future__ import annotations

import logging
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from whosaid.ingest.reading import InputRecord, check_readable, decode, iter_jsonl, read_bytes, read_limited
from whosaid.inputs import ArticleInput, ArticleMeta
from whosaid.pipeline.profiles import PROFILE_HELP, Profile, load
from whosaid.processing.extraction import DEFAULT_BATCH_SIZE, ExtractionFailure, extract_results

logger = logging.getLogger(__name__)

STDIN = "-"


def _count_records(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def _jsonl_file(path: Path, text_key: str) -> Iterator[InputRecord]:
    with path.open("rb") as handle:
        yield from iter_jsonl(handle, str(path), text_key)


def _read_inputs(
    source: str, *, jsonl: bool, text_key: str, meta: ArticleMeta
) -> tuple[Iterator[InputRecord], int | None]:
    """The input records and how many, when known."""
    if not jsonl:
        where = "<stdin>" if source == STDIN else source
        data = read_limited(sys.stdin.buffer, where) if source == STDIN else read_bytes(Path(source))
        return iter([InputRecord(where, article=ArticleInput(decode(data, where), meta))]), 1
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
    profile: Annotated[Profile, typer.Option(help=PROFILE_HELP)] = Profile.fast,
) -> None:
    """Extract the Article record of each article; JSON on stdout, one per line.

    With --jsonl, the keys published, title, url and outlet are read when
    present. A bad line is reported on stderr with its line number and
    skipped; the exit code is then 1.
    """
    meta = ArticleMeta.create(title=title, url=url, outlet=outlet, published=published)
    inputs, total = _read_inputs(source, jsonl=jsonl, text_key=text_key, meta=meta)
    failures: list[str] = []

    places: deque[str] = deque()  # where each input sent to the pipeline came from

    def report(where: str, reason: str) -> None:
        failures.append(where)
        logger.error("%s: %s (skipped)", where, reason)

    def good_inputs() -> Iterator[ArticleInput]:
        for record in inputs:
            if record.article is None:
                report(record.where, record.failure)
            else:
                places.append(record.where)
                yield record.article

    nlp = load(model, profile=profile)
    show_progress = progress if progress is not None else sys.stderr.isatty()
    bar = tqdm(total=total, unit="article", file=sys.stderr, disable=not show_progress or total == 1)
    indent = 2 if pretty else None
    with bar:
        for result in extract_results(good_inputs(), nlp=nlp, n_process=n_process, batch_size=batch_size):
            place = places.popleft()
            if isinstance(result, ExtractionFailure):
                report(place, result.reason)
            else:
                sys.stdout.write(result.to_json(indent=indent) + "\n")
            bar.update(1)
    sys.stdout.flush()
    if failures:
        raise typer.Exit(code=1)
