"""Stored tables as files people open: CSV, Excel (xlsx) or Parquet.

Three tables: `statements` (as `query statements` gives them), `claims` (one row per
figure, with what it counts) and `entities` (the canonical entities and their names).
Lists become text joined by " | ", so each cell is one value a spreadsheet can show.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula, and an article's
words are not to be trusted (`=HYPERLINK("http://x","y") said ...`): in CSV and XLSX such a cell,
and one beginning with a tab or carriage return, gets a leading `'` (OWASP's rule for CSV
injection), and XLSX stores every text cell as a string (whosaid.store.xlsx). Parquet keeps the values as they are.

Exports stream: rows are read a page at a time by keyset pagination (Store.*_pages) and written
as they come, so time grows with the rows and memory stays bounded, whatever the store's size.
A `deadline` (time.monotonic()) stops an export that runs too long with ExportTimeoutError.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from enum import Enum
from typing import Any, BinaryIO, get_args, get_origin

from whosaid.errors import ExportTimeoutError
from whosaid.record.model import SHOWN_CONFIDENCE
from whosaid.store.results import Claim, StoredEntity, StoredStatement
from whosaid.store.store import Store
from whosaid.store.xlsx import XlsxWriter


class ExportTable(str, Enum):
    statements = "statements"
    claims = "claims"
    entities = "entities"


class ExportFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"


MEDIA_TYPES = {
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.parquet: "application/vnd.apache.parquet",
}


def cell(value: Any) -> Any:
    """A value as one cell: a list becomes its items joined by " | "."""
    return " | ".join(map(str, value)) if isinstance(value, list) else value


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_LEADERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """A value as one spreadsheet cell: a list joined, a text that would run as a formula quoted with `'`."""
    return _inert(cell(value))


def _inert(value: Any) -> Any:
    """A flat value that a spreadsheet would run as a formula, quoted with `'`."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_LEADERS) else value


def flat(row: dict[str, Any]) -> dict[str, Any]:
    return {key: cell(value) for key, value in row.items()}


def write_csv(rows: list[dict[str, Any]], handle) -> None:
    writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [])
    writer.writeheader()
    writer.writerows({key: spreadsheet_cell(value) for key, value in row.items()} for row in rows)


def claim_rows(grouped: dict[str, list[Claim]]) -> list[dict[str, Any]]:
    """Grouped claims as rows, each with its group (`counted`: its measure)."""
    return [
        {"counted": counted, **claim.model_dump(mode="json")} for counted, claims in grouped.items() for claim in claims
    ]


def _row_pages(store: Store, table: ExportTable, min_confidence: float) -> Iterator[list[dict[str, Any]]]:
    """Every row of one table, flat, a page at a time (statements and their figures at or above
    `min_confidence`)."""
    if table == ExportTable.statements:
        pages = ([row.model_dump() for row in page] for page in store.statement_pages(min_confidence))
    elif table == ExportTable.claims:
        pages = ([row for claim in page for row in claim_rows({claim.measure: [claim]})]
                 for page in store.claim_pages(min_confidence))  # fmt: skip
    else:
        pages = ([entity.model_dump() for entity in page] for page in store.entity_pages())
    for page in pages:
        yield [flat(row) for row in page]


# Spreadsheet column widths (characters) where 14 would not do.
_WIDTHS = {"content": 60, "evidence": 60, "title": 40, "text": 30, "chain": 30, "speaker_name": 24,
           "reported_via": 24, "name": 24, "aliases": 40, "url": 40, "article_id": 34}  # fmt: skip

# The result each table's rows come from: its fields are the columns.
_MODELS = {ExportTable.statements: StoredStatement, ExportTable.claims: Claim, ExportTable.entities: StoredEntity}


def _columns(table: ExportTable) -> list[str]:
    """A table's columns, known before its first row (an empty table still has its header)."""
    columns = [*_MODELS[table].model_fields, *_MODELS[table].model_computed_fields]
    return ["counted", *columns] if table == ExportTable.claims else columns


def _arrow_type(annotation: Any):
    import pyarrow as pa

    kinds = {int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    if get_origin(annotation) is list:
        return pa.string()  # a list is written as one cell, its items joined (`cell`)
    options = [option for option in get_args(annotation) if option is not type(None)] or [annotation]
    return kinds.get(options[0], pa.string()) if len(options) == 1 else pa.string()


def _arrow_schema(table: ExportTable):
    import pyarrow as pa

    fields = {name: _arrow_type(field.annotation) for name, field in _MODELS[table].model_fields.items()}
    fields.update({name: pa.string() for name in _MODELS[table].model_computed_fields})
    return pa.schema([(name, fields.get(name, pa.string())) for name in _columns(table)])


def write_export(
    store: Store,
    table: ExportTable,
    file_format: ExportFormat,
    handle: BinaryIO,
    deadline: float | None = None,
    min_confidence: float = SHOWN_CONFIDENCE,
) -> None:
    """Write one table to a binary file, streaming (see the module's docstring); of the statements
    and the figures in them, those at or above `min_confidence`."""
    columns = _columns(table)

    def pages() -> Iterator[list[dict[str, Any]]]:
        for page in _row_pages(store, table, min_confidence):
            if deadline is not None and time.monotonic() > deadline:
                raise ExportTimeoutError(f"the export of {table.value} took too long; whosaid export has no limit")
            yield page

    if file_format == ExportFormat.csv:
        # With a BOM (utf-8-sig): spreadsheets then read UTF-8.
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(columns)
        for page in pages():
            writer.writerows([_inert(row[column]) for column in columns] for row in page)  # rows are flat
        text.flush()
        text.detach()
    elif file_format == ExportFormat.xlsx:
        with XlsxWriter(handle, table.value, [_WIDTHS.get(column, 14) for column in columns]) as sheet:
            sheet.append_rows([columns])
            for page in pages():
                sheet.append_rows([_inert(row[column]) for column in columns] for row in page)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(table)
        with pq.ParquetWriter(handle, schema) as writer:
            for page in pages():
                writer.write_table(pa.Table.from_pylist(page, schema=schema))


def export_table(
    store: Store, table: ExportTable, file_format: ExportFormat, min_confidence: float = SHOWN_CONFIDENCE
) -> bytes:
    """One table as the bytes of a file (small stores; large ones: write_export to a file)."""
    data = io.BytesIO()
    write_export(store, table, file_format, data, min_confidence=min_confidence)
    return data.getvalue()
