"""Stored tables as files people open: CSV, Excel (xlsx) or Parquet.

Three tables: `statements` (as `query statements` gives them), `claims` (one row per
figure, with what it counts) and `entities` (the canonical entities and their names).
Lists become text joined by " | ", so each cell is one value a spreadsheet can show.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula, and an article's
words are not to be trusted (`=HYPERLINK("http://x","y") said ...`): in CSV and XLSX such a cell,
and one beginning with a tab or carriage return, gets a leading `'` (OWASP's rule for CSV
injection), and XLSX stores every text cell as a string. Parquet keeps the values as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from enum import Enum
from typing import Any

from whosaid.store.results import Claim
from whosaid.store.store import Store

PAGE = 1000


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
    value = cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_LEADERS):
        return "'" + value
    return value


def flat(row: dict[str, Any]) -> dict[str, Any]:
    return {key: cell(value) for key, value in row.items()}


def write_csv(rows: list[dict[str, Any]], handle) -> None:
    writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [])
    writer.writeheader()
    writer.writerows({key: spreadsheet_cell(value) for key, value in row.items()} for row in rows)


def _xlsx_cells(sheet, values: list[Any]) -> list[Any]:
    """A row of XLSX cells: text always a string cell (never a formula nor an error code),
    its characters XML cannot hold replaced by U+FFFD."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells = []
    for value in map(spreadsheet_cell, values):
        if isinstance(value, str):
            text = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
            text.data_type = "s"
            cells.append(text)
        else:
            cells.append(value)
    return cells


def claim_rows(grouped: dict[str, list[Claim]]) -> list[dict[str, Any]]:
    """Grouped claims as rows, each with what it counts (`counted`: the group)."""
    return [
        {"counted": counted, **claim.model_dump(mode="json")} for counted, claims in grouped.items() for claim in claims
    ]


def _pages(fetch) -> Iterator[dict[str, Any]]:
    offset = 0
    while rows := fetch(offset):
        yield from rows
        offset += PAGE


def table_rows(store: Store, table: ExportTable) -> list[dict[str, Any]]:
    """Every row of one table, flat."""
    if table == ExportTable.statements:
        rows = _pages(lambda offset: [r.model_dump() for r in store.statements(limit=PAGE, offset=offset)])
    elif table == ExportTable.claims:
        rows = _pages(lambda offset: claim_rows(store.claims(limit=PAGE, offset=offset)))
    else:
        rows = (entity.model_dump() for entity in store.entities())
    return [flat(row) for row in rows]


def export_table(store: Store, table: ExportTable, file_format: ExportFormat) -> bytes:
    rows = table_rows(store, table)
    columns = list(rows[0]) if rows else []
    if file_format == ExportFormat.csv:
        text = io.StringIO()
        write_csv(rows, text)
        return text.getvalue().encode("utf-8-sig")  # with a BOM: spreadsheets then read UTF-8
    if file_format == ExportFormat.xlsx:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(table.value)
        sheet.append(_xlsx_cells(sheet, columns))
        for row in rows:
            sheet.append(_xlsx_cells(sheet, [row[column] for column in columns]))
        data = io.BytesIO()
        workbook.save(data)
        return data.getvalue()
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), data)
    return data.getvalue()
