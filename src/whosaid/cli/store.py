"""`whosaid ingest` and `whosaid query`: the claim ledger from the command line."""

from __future__ import annotations

import json
import logging
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from whosaid.cli.filters import filter_options
from whosaid.errors import WhosaidError, error_reason
from whosaid.ingest.html import article_from_html
from whosaid.ingest.reading import (
    InputFormat,
    InputRecord,
    check_readable,
    format_of,
    iter_jsonl,
    read_bytes,
    read_text_file,
)
from whosaid.inputs import ArticleInput, ArticleMeta
from whosaid.processing.extraction import ExtractionFailure, extract_results, load
from whosaid.record.model import article_id
from whosaid.store.filters import MAX_ID, ClaimFilter, StatementFilter

logger = logging.getLogger(__name__)

DB_HELP = "SQLite file, or a postgresql:// URL (default: whosaid.db in the user's data directory)."


def _inputs(paths: list[str], text_key: str, meta: ArticleMeta) -> Iterator[InputRecord]:
    """Every article of the given files, directories (recursively) and - (JSONL on stdin)."""
    for source in paths:
        if source == "-":
            yield from iter_jsonl(sys.stdin.buffer, "<stdin>", text_key)
            continue
        path = Path(source)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            kind = format_of(file)
            if path.is_dir() and kind not in (InputFormat.text, InputFormat.html, InputFormat.jsonl):
                continue
            try:
                check_readable(file)
                if kind == InputFormat.html:
                    yield InputRecord(str(file), article=article_from_html(read_bytes(file), str(file)))
                elif kind == InputFormat.jsonl:
                    with file.open("rb") as handle:
                        yield from iter_jsonl(handle, str(file), text_key)
                else:
                    yield InputRecord(str(file), article=ArticleInput(read_text_file(file), meta))
            except Exception as error:  # noqa: BLE001 - one unreadable file must not stop the others
                yield InputRecord(str(file), failure=error_reason(error))


def ingest_command(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...|-", help="Text, HTML and JSONL files, directories, or - (JSONL).")
    ],
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
    text_key: Annotated[str, typer.Option(help="The field holding the text in JSONL.")] = "text",
    published: Annotated[Optional[str], typer.Option(help="Publication date of plain-text articles.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet of plain-text articles.")] = None,
) -> None:
    """Extract and store articles; the same article twice is stored once.

    Always ends with a JSON summary (ingested, duplicates, failed) on stdout; each
    failure is reported on stderr with where it was and why, and the run goes on.
    """
    from whosaid.store.store import Store

    meta = ArticleMeta.create(published=published, outlet=outlet)
    summary = {"ingested": 0, "duplicates": 0, "failed": 0}
    places: deque[str] = deque()

    def fail(where: str, reason: str) -> None:
        summary["failed"] += 1
        logger.error("%s: %s (skipped)", where, reason)

    store = Store(db)
    try:

        def new_articles() -> Iterator[ArticleInput]:
            for record in _inputs(paths, text_key, meta):
                if record.article is None:
                    fail(record.where, record.failure)
                elif store.has_article(article_id(record.article.text)):
                    summary["duplicates"] += 1  # known: not even extracted again
                else:
                    places.append(record.where)
                    yield record.article

        with tqdm(unit="article", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
            # Streamed: each article is stored (in its own transaction) as soon as it is extracted.
            for result in extract_results(new_articles(), nlp=load()):
                where = places.popleft()
                if isinstance(result, ExtractionFailure):
                    fail(where, result.reason)
                    continue
                try:
                    _, duplicate = store.add(result)
                except WhosaidError as error:
                    fail(where, str(error))
                else:
                    summary["duplicates" if duplicate else "ingested"] += 1
                bar.update(1)
    finally:
        store.close()
        typer.echo(json.dumps(summary))
    if summary["failed"]:
        raise typer.Exit(1)


app = typer.Typer(help="Query the stored statements.", no_args_is_help=True)


@app.command("statements")
@filter_options(StatementFilter)
def statements_command(
    filters: StatementFilter,
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Stored statements, newest first."""
    from whosaid.store.store import Store

    with Store(db) as store:
        rows = store.statements(filters)
    for row in rows:
        if as_json:
            typer.echo(row.model_dump_json())
        else:
            via = f" (via {', '.join(row.reported_via)})" if row.reported_via else ""
            typer.echo(f"{row.published or '':10}  {row.speaker_name or '?'}{via} {row.cue or ''}: {row.content}")


@app.command("claims")
@filter_options(ClaimFilter)
def claims_command(
    filters: ClaimFilter,
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Figures grouped by what they count: who reported which figure, via whom, when."""
    from whosaid.store.store import Store

    with Store(db) as store:
        grouped = store.claims(filters)
    if as_json:
        payload = {counted: [claim.model_dump(mode="json") for claim in claims] for counted, claims in grouped.items()}
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    for counted, claims in grouped.items():
        typer.echo(counted)
        for claim in claims:
            via = f" via {', '.join(claim.reported_via)}" if claim.reported_via else ""
            typer.echo(f"  {claim.bound} {claim.value:g}  {claim.speaker_name or '?'}{via}"
                       f"  ({claim.outlet or '?'}, {claim.published or '?'})")  # fmt: skip


@app.command("entity")
def entity_command(
    entity_id: Annotated[
        int, typer.Argument(min=1, max=MAX_ID, help="The entity's id in the store (see query statements --json).")
    ],
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
) -> None:
    """An entity's page as JSON: names, what it said, what was said about it."""
    from whosaid.errors import StoreError
    from whosaid.store.store import Store

    with Store(db) as store:
        page = store.entity(entity_id)
    if page is None:
        raise StoreError(f"no entity {entity_id} in the store")
    typer.echo(page.model_dump_json(indent=2))
