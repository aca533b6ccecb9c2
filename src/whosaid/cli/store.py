"""`whosaid ingest` and `whosaid query`: the claim ledger from the command line."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections import deque
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from tqdm import tqdm

from whosaid.cli.filters import filter_options
from whosaid.cli.options import (
    ModelOption,
    OutletOption,
    ProfileOption,
    PublishedOption,
    TitleOption,
    UrlOption,
    pipeline_loader,
)
from whosaid.errors import InvalidOptionError, OutputExistsError, StoreFullError, WhosaidError
from whosaid.ingest.sources import SOURCE_FORMAT_HELP, SourceFormat, read_sources
from whosaid.inputs import ArticleInput, ArticleMeta
from whosaid.processing.streaming import extract_records
from whosaid.record.model import SHOWN_CONFIDENCE, Article, article_id
from whosaid.store.exports import ExportFormat, ExportTable, cell, claim_rows, write_csv, write_export
from whosaid.store.filters import MAX_ID, ClaimFilter, MinConfidence, ProvenanceFilter, StatementFilter

logger = logging.getLogger(__name__)

DB_HELP = "SQLite file, or a postgresql:// URL (default: whosaid.db in the user's data directory)."


def ingest_command(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...|-", help="Text, HTML and JSONL files, directories, or - (stdin).")
    ],
    source_format: Annotated[Optional[SourceFormat], typer.Option("--format", help=SOURCE_FORMAT_HELP)] = None,
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
    text_key: Annotated[str, typer.Option(help="The field holding the text in JSONL.")] = "text",
    published: PublishedOption = None,
    title: TitleOption = None,
    url: UrlOption = None,
    outlet: OutletOption = None,
    model: ModelOption = None,
    profile: ProfileOption = None,
    records: Annotated[
        bool,
        typer.Option(
            "--records",
            help="The PATHs hold Article records a batch wrote (nested layout; JSONL or Parquet files, or "
            "directories of part files, from any engine): stored as they are, many a transaction, not extracted.",
        ),
    ] = False,
) -> None:
    """Extract and store articles; the same article twice is stored once.

    Always ends with a JSON summary (ingested, duplicates, failed) on stdout; each
    failure is reported on stderr with where it was and why, and the run goes on.
    """
    from whosaid.store.store import Store

    extraction_options = {"--format": source_format, "--published": published, "--title": title, "--url": url,
                          "--outlet": outlet, "--model": model, "--profile": profile,
                          "--text-key": text_key != "text" or None}  # fmt: skip
    if records and (given := [name for name, value in extraction_options.items() if value]):
        raise InvalidOptionError(
            f"--records stores records as they were extracted: {', '.join(given)} would do nothing"
        )
    meta = ArticleMeta.create(title=title, url=url, outlet=outlet, published=published)
    summary = {"ingested": 0, "duplicates": 0, "failed": 0}
    disk_full = False

    def fail(where: str, reason: str) -> None:
        summary["failed"] += 1
        logger.error("%s: %s (skipped)", where, reason)

    store = Store(db)
    try:
        if records:
            _store_records(store, paths, summary, fail)
        else:

            def new(article: ArticleInput) -> bool:
                if store.has_article(article_id(article.text)):
                    summary["duplicates"] += 1  # known: not even extracted again
                    return False
                return True

            records = read_sources(paths, source_format=source_format, text_key=text_key, defaults=meta)
            with tqdm(unit="article", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
                # Streamed: each article is stored (in its own transaction) as soon as it is extracted.
                for where, result in extract_records(records, pipeline_loader(model, profile), fail, new):
                    try:
                        _, duplicate = store.add(result)
                    except StoreFullError as error:  # every later article would fail the same way
                        fail(where, str(error))
                        logger.error(
                            "ingest stopped: what was stored before is kept (%d articles)", summary["ingested"]
                        )
                        disk_full = True
                        break
                    except WhosaidError as error:
                        fail(where, str(error))
                    else:
                        summary["duplicates" if duplicate else "ingested"] += 1
                    bar.update(1)
            if summary["ingested"] and not disk_full:
                store.optimize()
    finally:
        store.close()
        typer.echo(json.dumps(summary))
    if summary["failed"]:
        raise typer.Exit(1)


def _store_records(store, paths: list[str], summary: dict[str, int], fail) -> None:
    from whosaid.ingest.records import read_article_records

    places: deque[str] = deque()

    def valid() -> Iterator[Article]:
        for where, record in read_article_records(paths):
            if isinstance(record, str):
                fail(where, record)
            else:
                places.append(where)
                yield record

    try:
        for _, outcome in store.add_many(valid()):
            where = places.popleft()
            if isinstance(outcome, WhosaidError):
                fail(where, str(outcome))
            else:
                summary["duplicates" if outcome else "ingested"] += 1
    except StoreFullError as error:  # every later article would fail the same way
        fail(places.popleft(), str(error))
        logger.error("ingest stopped: what was stored before is kept (%d articles)", summary["ingested"])
        return
    if summary["ingested"]:
        store.optimize()


app = typer.Typer(help="Query the stored statements.", no_args_is_help=True)


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


QUERY_FORMAT_HELP = "table (for reading), json, jsonl (a row a line) or csv."


def _one_line(value: Any) -> str:
    return " ".join(str(cell(value) if value is not None else "").split())


def _print_rows(rows: list[dict[str, Any]], output: QueryFormat, columns: list[str], empty: str) -> None:
    """Rows in the chosen format; a table has a header and one line per row."""
    if output == QueryFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif output == QueryFormat.jsonl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    elif output == QueryFormat.csv:
        write_csv(rows, sys.stdout)
    elif not rows:
        typer.echo(empty, err=True)
    else:
        typer.echo("\t".join(columns))
        for row in rows:
            typer.echo("\t".join(_one_line(row[column]) for column in columns))


@app.command("statements")
@filter_options(StatementFilter)
def statements_command(
    filters: StatementFilter,
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
    output: Annotated[QueryFormat, typer.Option("--format", help=QUERY_FORMAT_HELP)] = QueryFormat.table,
) -> None:
    """Stored statements, newest first."""
    from whosaid.store.store import Store

    with Store(db) as store:
        rows = [row.model_dump(mode="json") for row in store.statements(filters)]
        held_back = store.held_back(filters)
    columns = ["published", "outlet", "speaker_name", "speaker_confidence", "reported_via", "cue", "content"]
    columns += ["confidence", "article_id", "id"]
    _print_rows(rows, output, columns, "No statements match.")
    if held_back:
        typer.echo(
            f"{held_back} more below confidence {filters.min_confidence} held back; --min-confidence 0 shows them.",
            err=True,
        )


@app.command("claims")
@filter_options(ClaimFilter)
def claims_command(
    filters: ClaimFilter,
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
    output: Annotated[QueryFormat, typer.Option("--format", help=QUERY_FORMAT_HELP)] = QueryFormat.table,
) -> None:
    """Figures grouped by what they count: who reported which figure, via whom, when."""
    from whosaid.store.store import Store

    with Store(db) as store:
        grouped = store.claims(filters)
    rows = claim_rows(grouped)
    columns = ["counted", "figure", "speaker_name", "reported_via", "cue", "outlet", "published", "article_id"]
    columns += ["quantity_id"]
    _print_rows(rows, output, columns, "No figures match.")


@app.command("provenance")
@filter_options(ProvenanceFilter)
def provenance_command(
    filters: ProvenanceFilter,
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
    output: Annotated[QueryFormat, typer.Option("--format", help=QUERY_FORMAT_HELP)] = QueryFormat.table,
) -> None:
    """Claims reported in several articles: each report in order of publication (the first is
    report 1), the sources it came through, and what changed between reports (drift)."""
    from whosaid.store.store import Store

    with Store(db) as store:
        histories = store.claim_histories(filters)
    if output in (QueryFormat.json, QueryFormat.jsonl):
        _print_rows([history.model_dump(mode="json") for history in histories], output, [], "")
        return
    rows = [
        {"claim": history.claim, "report": number, **report.model_dump(mode="json"),
         "drift": "; ".join(history.drift) if number == 1 else ""}
        for history in histories
        for number, report in enumerate(history.reports, start=1)
    ]  # fmt: skip
    columns = [
        "claim", "report", "published", "outlet", "chain", "cue", "content", "figures", "times", "drift", "article_id",
    ]  # fmt: skip
    _print_rows(rows, output, columns + ["id"], "No claim is reported in that many articles.")


def export_command(
    output: Annotated[Path, typer.Argument(help="A directory: statements, claims and entities are written into it.")],
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
    file_format: Annotated[ExportFormat, typer.Option("--format", help="csv, xlsx or parquet.")] = ExportFormat.csv,
    force: Annotated[bool, typer.Option("--force", help="Replace the files of an earlier export.")] = False,
    min_confidence: Annotated[
        float, typer.Option(min=0.0, max=1.0, help=MinConfidence.__metadata__[0].description)
    ] = SHOWN_CONFIDENCE,
) -> None:
    """Write the stored statements, claims and entities as tables (CSV, Excel or Parquet files)."""
    from whosaid.store.store import Store

    if output.exists() and not output.is_dir():
        raise OutputExistsError(f"{output}: is a file; export writes its tables into a directory")
    paths = {table: output / f"{table.value}.{file_format.value}" for table in ExportTable}
    existing = [str(path) for path in paths.values() if path.exists()]
    if existing and not force:
        raise OutputExistsError(f"{', '.join(existing)}: already there; pass --force to replace")
    output.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        for table, path in paths.items():
            partial = path.with_name(path.name + ".tmp")  # renamed when whole: no half file left behind
            try:
                with partial.open("wb") as handle:
                    write_export(store, table, file_format, handle, min_confidence=min_confidence)
                os.replace(partial, path)
            finally:
                partial.unlink(missing_ok=True)
            typer.echo(str(path))


@app.command("entity")
def entity_command(
    entity_id: Annotated[
        int, typer.Argument(min=1, max=MAX_ID, help="The entity's id in the store (see query statements --json).")
    ],
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
) -> None:
    """An entity's page as JSON: names, what it said, what speakers affiliated with it said, what was said about it."""
    from whosaid.errors import StoreError
    from whosaid.store.store import Store

    with Store(db) as store:
        page = store.entity(entity_id)
    if page is None:
        raise StoreError(f"no entity {entity_id} in the store")
    typer.echo(page.model_dump_json(indent=2))
