"""Exports never carry live spreadsheet formulas: an article's words that begin with =, +, -, @,
a tab or a carriage return reach CSV and XLSX quoted with ', whichever way they are exported."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from whosaid.record.model import article_id
from whosaid.server.app import create_app
from whosaid.store.exports import FORMULA_LEADERS, ExportFormat, ExportTable, export_table
from whosaid.store.store import Store

from .conftest import CONTENT, SPEAKER, TITLE, assert_no_traceback, hostile_article, run_cli


@pytest.fixture
def hostile_store(tmp_path):
    db = tmp_path / "ledger.db"
    with Store(db) as store:
        store.add(hostile_article())
    return db


def assert_no_formula_cells(cells: list, *expected: str) -> None:
    texts = [value for value in cells if isinstance(value, str)]
    assert not [value for value in texts if value.startswith(FORMULA_LEADERS)], texts
    for value in expected:
        assert value in texts, (value, texts)


def csv_cells(data: bytes) -> list[str]:
    return [value for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for value in row]


def xlsx_cells(data: bytes) -> list:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    return [cell.value for cell in cells]


READERS = {ExportFormat.csv: csv_cells, ExportFormat.xlsx: xlsx_cells}


@pytest.mark.parametrize("file_format", [ExportFormat.csv, ExportFormat.xlsx])
def test_export_neutralises_formulas(hostile_store, file_format):
    with Store(hostile_store) as store:
        statements = READERS[file_format](export_table(store, ExportTable.statements, file_format))
        entities = READERS[file_format](export_table(store, ExportTable.entities, file_format))
    assert_no_formula_cells(statements, "'" + SPEAKER, "'" + CONTENT, "'" + TITLE, "'+Wire")
    assert_no_formula_cells(entities, "'" + SPEAKER)


def test_parquet_keeps_the_values_as_they_are(hostile_store):
    import pyarrow.parquet as pq

    with Store(hostile_store) as store:
        table = pq.read_table(io.BytesIO(export_table(store, ExportTable.statements, ExportFormat.parquet)))
    assert table.column("content").to_pylist() == [CONTENT]


@pytest.mark.slow
def test_export_and_query_commands_neutralise_formulas(hostile_store, tmp_path):
    for file_format in (ExportFormat.csv, ExportFormat.xlsx):
        out = tmp_path / f"out-{file_format.value}"
        result = run_cli("export", str(out), "--db", str(hostile_store), "--format", file_format.value)
        assert_no_traceback(result)
        assert result.returncode == 0, result.stderr.decode()
        cells = READERS[file_format]((out / f"statements.{file_format.value}").read_bytes())
        assert_no_formula_cells(cells, "'" + SPEAKER, "'" + CONTENT)
    query = run_cli("query", "statements", "--db", str(hostile_store), "--format", "csv")
    assert_no_formula_cells(csv_cells(query.stdout), "'" + SPEAKER, "'" + CONTENT)


@pytest.mark.slow
@pytest.mark.parametrize("file_format", [ExportFormat.csv, ExportFormat.xlsx])
def test_api_export_neutralises_formulas(hostile_store, file_format):
    with TestClient(create_app(hostile_store, rate_limit=0)) as client:
        response = client.get(f"/api/export/statements.{file_format.value}")
    assert response.status_code == 200
    assert_no_formula_cells(READERS[file_format](response.content), "'" + SPEAKER, "'" + CONTENT)


def test_xlsx_text_that_xml_cannot_hold_is_exported(tmp_path):
    article = hostile_article()
    text = "The mayor\x0b said so."
    db = tmp_path / "ledger.db"
    with Store(db) as store:
        store.add(article.model_copy(update={"id": article_id(text), "text": text, "title": "Bell\x07"}))
        cells = xlsx_cells(export_table(store, ExportTable.statements, ExportFormat.xlsx))
    assert "Bell\ufffd" in cells
