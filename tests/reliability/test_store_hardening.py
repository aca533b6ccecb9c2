"""Damaged or unusual stores: a corrupt file, a read-only mount, a newer schema, a store in memory,
an export onto earlier files, a full disk. Each gives one clear line, never a traceback, and what
was stored is kept."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from typer.testing import CliRunner

from whosaid.errors import StoreError
from whosaid.record.model import article_id
from whosaid.server.app import create_app
from whosaid.store import schema
from whosaid.store.store import Store

from .conftest import assert_no_traceback, good_line, hostile_article, run_cli

pytestmark = pytest.mark.slow


def fill(db, count: int = 400) -> None:
    """A store of `count` articles (long texts), each with a statement and an entity."""
    article = hostile_article()
    with Store(db) as store:
        for n in range(count):
            text = f"{article.text} ({n}) " + "More words of the article. " * 60
            store.add(article.model_copy(update={"id": article_id(text), "text": text}))


def assert_one_line(result, *fragments: str) -> str:
    assert_no_traceback(result)
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    for fragment in fragments:
        assert fragment in stderr, stderr
    return stderr


@pytest.fixture
def damaged_db(tmp_path):
    db = tmp_path / "ledger.db"
    fill(db)
    with Store(db):
        pass  # a checkpoint on close: every page is in the file
    size = db.stat().st_size
    with open(db, "r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\xff" * (size // 3))
    return db


def test_a_damaged_store_is_one_line_naming_the_file_and_recover(damaged_db, tmp_path):
    for args in (["query", "statements", "--limit", "1000"], ["export", str(tmp_path / "out")]):
        assert_one_line(run_cli(*args, "--db", str(damaged_db)), "[W010]", str(damaged_db), ".recover")


def test_a_damaged_store_gives_503_in_the_web_app(damaged_db):
    client = TestClient(create_app(damaged_db, rate_limit=0))  # no lifespan: no extraction process needed
    api = client.get("/api/statements", params={"limit": 1000})
    assert api.status_code == 503 and ".recover" in api.json()["detail"]
    page = client.get("/")
    assert page.status_code == 503 and "damaged" in page.text and "text/html" in page.headers["content-type"]


def can_mount_read_only() -> bool:
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return shutil.which("unshare") is not None and probe.returncode == 0


@pytest.mark.skipif(not can_mount_read_only(), reason="needs unshare -m (root in a mount namespace)")
def test_a_store_on_a_read_only_mount_can_be_queried(tmp_path):
    folder, mount = tmp_path / "store", tmp_path / "mnt"
    folder.mkdir()
    mount.mkdir()
    fill(folder / "ledger.db", 3)
    db = mount / "ledger.db"

    def on_read_only_mount(*args: str) -> subprocess.CompletedProcess:
        command = " ".join(["exec", sys.executable, "-m", "whosaid", *args])
        script = f"mount --bind {folder} {mount} && mount -o remount,bind,ro {mount} && {command}"
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, env=env, timeout=600)

    query = on_read_only_mount("query", "statements", "--db", str(db), "--format", "jsonl")
    assert_no_traceback(query)
    assert query.returncode == 0, query.stderr.decode()
    assert len(query.stdout.decode().splitlines()) == 3
    articles = tmp_path / "in.jsonl"
    articles.write_bytes(good_line(1) + b"\n")
    ingest = on_read_only_mount("ingest", str(articles), "--db", str(db))
    assert_no_traceback(ingest)
    assert ingest.returncode == 1 and "read-only" in ingest.stderr.decode()


def test_a_store_from_a_newer_whosaid_is_refused_and_left_as_it_is(tmp_path):
    db = tmp_path / "ledger.db"
    fill(db, 2)
    newer = str(schema.SCHEMA_VERSION + 1)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE store_info SET value = ? WHERE key = 'schema_version'", (newer,))
        connection.execute("ALTER TABLE statements ADD COLUMN from_the_future TEXT")
    assert_one_line(run_cli("query", "statements", "--db", str(db)), "[W010]", "newer whosaid", "upgrade whosaid")
    with pytest.raises(StoreError, match="newer whosaid"):
        Store(db)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT value FROM store_info").fetchone() == (newer,)
        assert connection.execute("SELECT count(*) FROM statements").fetchone() == (2,)
        columns = [row[1] for row in connection.execute("PRAGMA table_info(statements)")]
    assert "from_the_future" in columns  # not rebuilt to this version's schema


@pytest.mark.parametrize("db", [":memory:", "sqlite://", "sqlite:///:memory:", "file::memory:?cache=shared"])
def test_a_store_in_memory_is_refused_for_ingest(tmp_path, db):
    articles = tmp_path / "in.jsonl"
    articles.write_bytes(good_line(1) + b"\n")
    assert_one_line(run_cli("ingest", str(articles), "--db", db), "[W010]", "keeps nothing")


def test_export_refuses_existing_files_unless_forced(tmp_path):
    db = tmp_path / "ledger.db"
    fill(db, 2)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")
    assert_one_line(run_cli("export", str(a_file), "--db", str(db)), "[W009]", "is a file")
    assert a_file.read_text(encoding="utf-8") == "mine"
    out = tmp_path / "out"
    assert run_cli("export", str(out), "--db", str(db)).returncode == 0
    (out / "statements.csv").write_text("my edits", encoding="utf-8")
    assert_one_line(run_cli("export", str(out), "--db", str(db)), "[W009]", "--force")
    assert (out / "statements.csv").read_text(encoding="utf-8") == "my edits"
    forced = run_cli("export", str(out), "--db", str(db), "--force")
    assert forced.returncode == 0, forced.stderr.decode()
    assert (out / "statements.csv").read_text(encoding="utf-8-sig").startswith("article_id")


def test_a_full_disk_stops_the_ingest_and_keeps_what_was_stored(tmp_path, monkeypatch):
    from whosaid.cli.main import app
    from whosaid.store import store as store_module

    db = tmp_path / "ledger.db"
    Store(db).close()
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]

    class SmallDisk(Store):
        """A store whose file may not grow past room for a few records: SQLite's "database or disk is full"."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.engine.dispose()
            event.listen(self.engine, "connect", lambda connection, _: connection.execute(
                f"PRAGMA max_page_count = {pages + 40}"))  # fmt: skip

    monkeypatch.setattr(store_module, "Store", SmallDisk)
    articles = tmp_path / "in.jsonl"
    lines = [json.dumps({"text": f"Mayor Lee Ann Park said {n} bridges were repaired. " * 40}) for n in range(40)]
    articles.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(articles), "--db", str(db)])
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.exit_code == 1
    assert summary["failed"] == 1 and 0 < summary["ingested"] < 40
    with Store(db) as store:
        assert store.counts()["articles"] == summary["ingested"]
