import json

import pytest
from typer.testing import CliRunner

from whosaid.cli.main import app

from ..conftest import SAMPLES

pytestmark = pytest.mark.slow
TOTAL = 300  # articles in the ingest that is killed: enough that it cannot finish first


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_ingest_twice_stores_once_and_reports_failures(tmp_path):
    db = str(tmp_path / "ledger.db")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Officials said the dam held."}\nnot json\n', encoding="utf-8")
    first = run("ingest", str(SAMPLES / "sinpo-dam.txt"), str(bad), "--db", db, "--published", "2026-03-12")
    assert first.exit_code == 1  # one record failed
    assert json.loads(first.stdout.strip().splitlines()[-1]) == {"ingested": 2, "duplicates": 0, "failed": 1}
    second = run("ingest", str(SAMPLES / "sinpo-dam.txt"), "--db", db)
    assert second.exit_code == 0
    assert json.loads(second.stdout.strip().splitlines()[-1]) == {"ingested": 0, "duplicates": 1, "failed": 0}
    missing = run("ingest", str(tmp_path / "nope.txt"), "--db", db)
    assert missing.exit_code == 1 and '"failed": 1' in missing.stdout


def test_query_statements_as_json(tmp_path):
    db = str(tmp_path / "ledger.db")
    assert run("ingest", str(SAMPLES / "sinpo-dam.txt"), "--db", db, "--published", "2026-03-12").exit_code == 0
    every = ("--min-confidence", "0")  # the sample's statements mostly score under the shown confidence
    result = run("query", "statements", "--db", db, "--speaker", "Kim", "--format", "jsonl", *every)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(row["speaker_name"] == "Kim Tae-song" for row in rows)
    sure = run("query", "statements", "--db", db, "--min-speaker-confidence", "0.9", "--format", "jsonl", *every)
    sure_rows = [json.loads(line) for line in sure.stdout.splitlines()]
    assert sure_rows and all(row["speaker_confidence"] >= 0.9 for row in sure_rows)


def test_query_says_how_many_statements_it_held_back_and_how_to_see_them(tmp_path):
    from whosaid.record.model import SHOWN_CONFIDENCE

    db = str(tmp_path / "ledger.db")
    assert run("ingest", str(SAMPLES / "sinpo-dam.txt"), "--db", db).exit_code == 0
    every = [json.loads(line) for line in run("query", "statements", "--db", db, "--format", "jsonl",
                                              "--min-confidence", "0").stdout.splitlines()]  # fmt: skip
    shown = run("query", "statements", "--db", db, "--format", "jsonl")
    rows = [json.loads(line) for line in shown.stdout.splitlines()]
    below = sum(row["confidence"] < SHOWN_CONFIDENCE for row in every)
    assert below and all(row["confidence"] >= SHOWN_CONFIDENCE for row in rows) and len(rows) + below == len(every)
    assert f"{below} more below confidence {SHOWN_CONFIDENCE} held back; --min-confidence 0 shows them" in shown.stderr
    assert run("query", "statements", "--db", db, "--min-confidence", "2").exit_code != 0


def test_exports_carry_each_statements_reporting_chain(tmp_path):
    import csv

    db = str(tmp_path / "ledger.db")
    assert run("ingest", str(SAMPLES / "sinpo-dam.txt"), "--db", db, "--published", "2026-03-12").exit_code == 0
    assert run("export", str(tmp_path / "out"), "--db", db, "--format", "csv", "--min-confidence", "0").exit_code == 0
    with open(tmp_path / "out" / "statements.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    relayed = [row for row in rows if row["reported_via"] not in ("", "[]")]
    assert relayed and all(row["chain"].startswith(f"{row['speaker_name']} → ") for row in relayed)
    assert "Ri Son-gwon → KCNA" in {row["chain"] for row in rows}


def test_ingest_html_pages(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Dam</title><meta name='date' content='2026-03-12'></head><body><article>"
        "<p>The minister said on Tuesday that the dam was finished, officials said in the capital today.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    db = str(tmp_path / "ledger.db")
    result = run("ingest", str(tmp_path), "--db", db)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"ingested": 1, "duplicates": 0, "failed": 0}
    listed = run("query", "statements", "--db", db, "--format", "jsonl", "--min-confidence", "0")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rows and rows[0]["published"] == "2026-03-12" and rows[0]["title"] == "Dam"


def stored_articles(db) -> int:
    """Articles in the store, read without writing (opening a Store would wait on the writer's lock)."""
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as connection:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet, or busy
        return 0


def test_ingest_killed_mid_way_leaves_a_consistent_store_and_a_rerun_finishes(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    from collections import Counter
    from pathlib import Path

    from sqlalchemy import select

    from whosaid.store import schema
    from whosaid.store.store import Store

    paragraphs = (SAMPLES / "sinpo-dam.txt").read_text("utf-8").split("\n\n")
    texts = [f"{paragraphs[n % len(paragraphs)]}\n\nThe count was {n}, officials said." for n in range(TOTAL)]
    source = tmp_path / "many.jsonl"
    source.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    db = tmp_path / "ledger.db"
    command = [str(Path(sys.executable).parent / "whosaid"), "ingest", str(source), "--db", str(db)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if stored_articles(db) >= 16:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    store = Store(db)
    stored = store.counts()["articles"]
    assert 0 < stored < TOTAL, "killed mid-way"
    # Each stored article is whole: as many statement rows as its record has statements.
    rows_per_article = Counter(row.article_id for row in store.statements(min_confidence=0, limit=1000))
    with store.engine.connect() as connection:
        article_ids = connection.execute(select(schema.articles.c.id)).scalars().all()
    for article_id in article_ids:
        assert rows_per_article[article_id] == len(store.article(article_id).statements)
    result = run("ingest", str(source), "--db", str(db))
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "ingested": TOTAL - stored,
        "duplicates": stored,
        "failed": 0,
    }
    assert store.counts()["articles"] == TOTAL


def test_ingest_records_a_batch_wrote_stores_them_as_extracting_would(tmp_path):
    from whosaid.store.store import Store

    from ..processing.conftest import write_corpus

    source = write_corpus(tmp_path / "in.jsonl", count=5)  # 5 articles, 4 bad lines (one extracted all the same)
    for output_format in ("jsonl", "parquet"):
        assert run("batch", str(source), str(tmp_path / output_format), "--format", output_format).exit_code == 0
    parts = [str(tmp_path / output_format / "articles") for output_format in ("jsonl", "parquet")]
    stored = run("ingest", "--records", *parts, str(tmp_path / "absent"), "--db", str(tmp_path / "records.db"))
    assert stored.exit_code == 1  # the absent path
    assert json.loads(stored.stdout.strip().splitlines()[-1]) == {"ingested": 6, "duplicates": 6, "failed": 1}
    refused = run("ingest", "--records", parts[0], "--published", "2026-01-01", "--db", str(tmp_path / "no.db"))
    assert refused.exit_code != 0 and "--published would do nothing" in str(refused.exception)
    extracted = run("ingest", str(source), "--db", str(tmp_path / "extracted.db"))
    assert json.loads(extracted.stdout.strip().splitlines()[-1]) == {"ingested": 6, "duplicates": 0, "failed": 3}
    with Store(tmp_path / "records.db") as records, Store(tmp_path / "extracted.db") as extracting:
        assert records.counts() == extracting.counts()
        listed = extracting.articles(limit=100)
        assert len(listed) == 6
        for article in listed:
            assert records.article(article.id) == extracting.article(article.id)


def test_extract_ingest_and_batch_give_one_article_the_same_record(tmp_path):
    """The same article and defaults through every entry point: the same record."""
    from whosaid.store.store import Store

    text = "PYONGYANG, March 12 (Wire) — Prime Minister Kim Tae-song said the dam was finished.\n"
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    (tmp_path / "article.jsonl").write_text(json.dumps({"id": "a1", "text": text}) + "\n", encoding="utf-8")
    defaults = ["--published", "2025-01-05", "--outlet", "Courier", "--title", "Dam", "--profile", "fast"]
    extracted = run("extract", str(tmp_path / "article.txt"), *defaults)
    assert extracted.exit_code == 0, extracted.output
    record = json.loads(extracted.stdout)
    assert (record["published"], record["outlet"], record["title"]) == ("2025-03-12", "Courier", "Dam")
    batch = run("batch", str(tmp_path / "article.jsonl"), str(tmp_path / "out"), *defaults)
    assert batch.exit_code == 0, batch.output
    (batch_record,) = [json.loads(line) for line in (tmp_path / "out" / "articles" / "part-00000.jsonl").open()]
    assert batch_record.pop("input_id") == "a1" and batch_record == record
    db = str(tmp_path / "ledger.db")
    assert run("ingest", str(tmp_path / "article.txt"), "--db", db, *defaults).exit_code == 0
    with Store(db) as store:
        assert json.loads(store.article(record["id"]).to_json()) == record
    pooled = run("batch", str(tmp_path / "article.jsonl"), str(tmp_path / "mp"), *defaults, "--engine", "mp")
    assert pooled.exit_code == 0, pooled.output
    (pooled_record,) = [json.loads(line) for line in (tmp_path / "mp" / "articles" / "part-00000.jsonl").open()]
    assert pooled_record.pop("input_id") == "a1" and pooled_record == record
    # the Python API, the same defaults given to the article, whole and read in pieces
    import whosaid
    from whosaid.inputs import ArticleInput, ArticleMeta

    given = ArticleMeta.create(published="2025-01-05", outlet="Courier", title="Dam")
    nlp = whosaid.load(profile="fast")
    (api,) = whosaid.extract_many([ArticleInput(text, defaults=given)], nlp=nlp)
    assert json.loads(api.to_json()) == record
    long_text = text + "\n".join(["Officials said the spillway was tested twice."] * 40) + "\n"
    whole, pieces = (
        next(whosaid.extract_many([ArticleInput(long_text, defaults=given)], nlp=nlp, max_chunk_chars=size))
        for size in (100_000, 400)
    )
    assert (pieces.published, pieces.outlet, pieces.title) == ("2025-03-12", "Courier", "Dam")
    # the same record, but for confidences: the attribution model reads each piece on its own
    read_whole, read_in_pieces = (json.loads(article.to_json()) for article in (whole, pieces))
    for statement in read_whole["statements"] + read_in_pieces["statements"]:
        assert 0.0 <= statement.pop("confidence") <= 1.0
    assert read_in_pieces == read_whole


def test_query_provenance_gives_each_claims_reports_in_order(tmp_path):
    from tests.store.test_provenance import REPORTS

    db = str(tmp_path / "ledger.db")
    records = tmp_path / "reports.jsonl"
    records.write_text(
        "".join(
            json.dumps({"text": text, "outlet": outlet, "published": date}) + "\n" for outlet, date, text in REPORTS
        ),
        encoding="utf-8",
    )
    assert run("ingest", str(records), "--db", db).exit_code == 0
    result = run("query", "provenance", "--db", db, "--min-confidence", "0", "--q", "dam", "--format", "json")
    assert result.exit_code == 0, result.output
    [history] = json.loads(result.stdout)
    assert history["speaker_name"] == "Ana Ruiz" and history["outlets"] == ["Wire", "Post"]
    assert [report["chain"] for report in history["reports"]] == ["Ana Ruiz", "Ana Ruiz → Orbe Agency"]
    table = run("query", "provenance", "--db", db, "--min-confidence", "0")
    lines = table.stdout.splitlines()
    assert lines[0].split("\t")[:4] == ["claim", "report", "published", "outlet"] and len(lines) == 5
    none = run("query", "provenance", "--db", db, "--min-articles", "3")
    assert none.exit_code == 0 and "No claim is reported in that many articles." in none.output
