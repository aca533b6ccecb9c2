"""Bad values and hostile files on the command line: one clear line, never a traceback or SQL."""

from __future__ import annotations

import pytest

from .conftest import assert_no_traceback, run_cli

pytestmark = pytest.mark.slow


def assert_one_line_error(result, *fragments: str) -> None:
    assert_no_traceback(result)
    stderr = result.stderr.decode()
    assert result.returncode in (1, 2), stderr
    assert stderr.strip(), "no error message"
    for fragment in fragments:
        assert fragment in stderr, stderr


@pytest.mark.parametrize("published", ["2025-01-01T99:99garbage", "20250101", "2025-13-01"])
def test_published_dates_are_strict(tmp_path, published):
    article = tmp_path / "a.txt"
    article.write_text("The mayor said so.", encoding="utf-8")
    assert_one_line_error(run_cli("extract", str(article), "--published", published), "W005")


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--q", " "], "W012"),
        (["--speaker", "\x01".replace("\x01", "\t")], "W012"),
        (["--since", "'"], "W012"),
        (["--until", "20250101"], "W012"),
        (["--min-speaker-confidence", "2"], "W012"),
        (["--min-speaker-confidence", "sure"], "W012"),
    ],
)
def test_query_filters_are_validated(tmp_path, args, fragment):
    assert_one_line_error(run_cli("query", "statements", "--db", str(tmp_path / "l.db"), *args), fragment)


def test_huge_integers_are_refused(tmp_path):
    db = str(tmp_path / "l.db")
    for args in (["statements", "--entity", str(2**63)], ["statements", "--offset", str(2**63)],
                 ["entity", str(2**63)]):  # fmt: skip
        result = run_cli("query", *args, "--db", db)
        assert_no_traceback(result)
        assert result.returncode == 2 and "Invalid value" in result.stderr.decode()


def test_a_file_that_is_no_database(tmp_path):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_bytes(b"these are my notes, not a database" * 100)
    assert_one_line_error(run_cli("query", "statements", "--db", str(not_a_db)), "W010", "cannot open the store")


def test_a_parquet_file_that_is_not_parquet(tmp_path):
    fake = tmp_path / "in.parquet"
    fake.write_text('{"text": "hello"}\n', encoding="utf-8")
    assert_one_line_error(run_cli("batch", str(fake), str(tmp_path / "out")), "W013", "not a readable Parquet file")


def test_endless_input_hits_the_size_cap():
    result = run_cli("extract", "/dev/zero", env={"WHOSAID_MAX_ARTICLE_CHARS": "1000000"}, timeout=120)
    assert_one_line_error(result, "W011", "size limit")


def test_an_oversized_jsonl_line_is_one_failure(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "' + "a" * 2000 + '"}\n{"text": "The mayor said so."}\n', encoding="utf-8")
    result = run_cli("extract", str(path), "--format", "jsonl", env={"WHOSAID_MAX_ARTICLE_CHARS": "1000"})
    assert_no_traceback(result)
    assert result.returncode == 1
    assert len(result.stdout.decode().splitlines()) == 1
    assert f"{path}:1: [W011]" in result.stderr.decode()
