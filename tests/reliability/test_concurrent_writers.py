"""Several ingests into one store at once: every article stored exactly once, nobody crashes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select

from whosaid.store import schema
from whosaid.store.store import Store

from .conftest import assert_no_traceback

pytestmark = pytest.mark.slow


def articles_file(path, numbers) -> str:
    lines = [
        json.dumps({"text": f"Mayor Lee Ann Park said {n} bridges were repaired in the district of Noor {n}."})
        for n in numbers
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def start_ingest(path: str, db: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "whosaid", "ingest", path, "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.mark.parametrize("writers", [2, 4])
def test_overlapping_concurrent_ingests_store_each_article_once(tmp_path, db_url, writers):
    # Each writer takes 30 articles, overlapping its neighbour's by 15: 15 * (writers + 1) in all.
    inputs = [articles_file(tmp_path / f"in{k}.jsonl", range(15 * k, 15 * k + 30)) for k in range(writers)]
    processes = [start_ingest(path, db_url) for path in inputs]
    summaries = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=600)
        result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        assert_no_traceback(result)
        assert process.returncode == 0, stderr.decode()
        summaries.append(json.loads(stdout.decode().splitlines()[-1]))
    unique = 15 * (writers + 1)
    assert sum(s["ingested"] for s in summaries) == unique
    assert sum(s["duplicates"] for s in summaries) == 30 * writers - unique
    assert all(s["failed"] == 0 for s in summaries)
    with Store(db_url) as store, store.engine.connect() as connection:
        assert store.counts()["articles"] == unique
        ids = connection.execute(select(schema.articles.c.id)).scalars().all()
        # Each article's statements once: no half-written or doubled article.
        assert store.counts()["statements"] == sum(len(store.article(i).statements) for i in ids)


def test_ingest_waits_for_a_writer_holding_the_lock(tmp_path):
    db = str(tmp_path / "ledger.db")
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release_later() -> None:
        time.sleep(8)
        holder.execute("COMMIT")
        released.set()

    threading.Thread(target=release_later, daemon=True).start()
    process = start_ingest(articles_file(tmp_path / "in.jsonl", range(3)), db)
    stdout, stderr = process.communicate(timeout=600)
    assert released.is_set()
    assert process.returncode == 0, stderr.decode()
    assert json.loads(stdout.decode().splitlines()[-1]) == {"ingested": 3, "duplicates": 0, "failed": 0}
