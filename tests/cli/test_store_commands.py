import json

import pytest
from typer.testing import CliRunner

from whosaid.cli.main import app

from ..conftest import SAMPLES

pytestmark = pytest.mark.slow


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
    result = run("query", "statements", "--db", db, "--speaker", "Kim", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(row["speaker_name"] == "Kim Tae-song" for row in rows)


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
    rows = [json.loads(line) for line in run("query", "statements", "--db", db, "--json").stdout.splitlines()]
    assert rows and rows[0]["published"] == "2026-03-12" and rows[0]["title"] == "Dam"
