"""Exports stream: whole tables are read by keyset pagination (never OFFSET), written as they come;
the API's export runs under the server's timeout and at most `max_exports` at once."""

from __future__ import annotations

import csv
import io
import threading

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from whosaid.server import app as app_module
from whosaid.server.app import create_app
from whosaid.store.exports import ExportFormat, ExportTable, export_table
from whosaid.store.store import Store

from .test_store_hardening import fill

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store_of_400(tmp_path_factory):
    db = tmp_path_factory.mktemp("exports") / "ledger.db"
    fill(db, 400)
    return db


def test_pages_cover_every_row_once(store_of_400):
    with Store(store_of_400) as store:
        pages = list(store.statement_pages(page=7))
        entity_pages = list(store.entity_pages(page=1))
        assert [len(page) for page in pages] == [7] * 57 + [1]
        keys = [(row.article_id, row.id) for page in pages for row in page]
        assert len(set(keys)) == len(keys) == store.counts()["statements"] == 400
        assert [entity.id for page in entity_pages for entity in page] == [e.id for e in store.entities()]


def test_exports_never_page_by_offset(store_of_400):
    with Store(store_of_400) as store:
        queries: list[tuple[str, tuple]] = []
        event.listen(store.engine, "before_cursor_execute", lambda *args: queries.append((args[2], args[3])))
        for table in ExportTable:
            for file_format in ExportFormat:
                export_table(store, table, file_format)
    # SQLite's dialect writes "LIMIT ? OFFSET ?" with 0: no page may skip rows by counting them.
    skipped = [params[-1] for sql, params in queries if "OFFSET ?" in sql]
    assert len(queries) > 10 and skipped and set(skipped) == {0}


def test_every_format_holds_every_row(store_of_400):
    with Store(store_of_400) as store:
        rows = list(csv.reader(io.StringIO(export_table(store, ExportTable.statements, ExportFormat.csv).decode())))
        table = pq.read_table(io.BytesIO(export_table(store, ExportTable.statements, ExportFormat.parquet)))
        empty_claims = export_table(store, ExportTable.claims, ExportFormat.csv).decode("utf-8-sig")
    assert len(rows) == 401 and rows[0][:2] == ["\ufeffarticle_id", "id"]
    assert table.num_rows == 400 and str(table.schema.field("speaker_confidence").type) == "double"
    assert empty_claims.startswith("counted,unit,")  # an empty table keeps its header


def test_api_export_stops_at_the_server_timeout(store_of_400):
    client = TestClient(create_app(store_of_400, timeout_seconds=0.000001, rate_limit=0))
    response = client.get("/api/export/statements.csv")
    assert response.status_code == 503 and response.headers["retry-after"]
    assert "took too long" in response.json()["detail"]


def test_api_exports_are_capped(store_of_400, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real_write = app_module.write_export

    def slow_write(*args, **kwargs):
        started.set()
        release.wait(60)
        real_write(*args, **kwargs)

    monkeypatch.setattr(app_module, "write_export", slow_write)
    client = TestClient(create_app(store_of_400, max_exports=1, rate_limit=0))
    answers = []
    first = threading.Thread(target=lambda: answers.append(client.get("/api/export/statements.xlsx")))
    first.start()
    assert started.wait(60)
    busy = client.get("/api/export/entities.csv")
    release.set()
    first.join(60)
    assert busy.status_code == 503 and busy.headers["retry-after"]
    assert answers[0].status_code == 200 and answers[0].content.startswith(b"PK")
    assert client.get("/api/export/entities.csv").status_code == 200  # the slot was given back
