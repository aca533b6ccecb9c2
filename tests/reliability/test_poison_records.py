"""One record that cannot be processed never loses the others, in any entry point."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.language import Language

from whosaid.ingest.reading import iter_jsonl
from whosaid.processing.batch import BatchSettings
from whosaid.processing.engines import LocalEngine, MultiprocessEngine
from whosaid.processing.extraction import extract_results
from whosaid.processing.failures import ExtractionFailure
from whosaid.processing.runner import run_batch
from whosaid.store.store import Store

from .conftest import DEEP_JSON_LINE, LONE_SURROGATE_LINES, assert_no_traceback, poison_jsonl, run_cli

pytestmark = pytest.mark.slow


def test_readers_replace_lone_surrogates_and_refuse_deep_json():
    records = list(iter_jsonl([*LONE_SURROGATE_LINES, DEEP_JSON_LINE], "in.jsonl"))
    assert records[0].article.text == "Lone surrogate \ufffd said Kim."
    assert records[1].article.meta.title == "Dam \ufffd"
    assert records[2].article.meta.outlet == "Wire \ufffd"
    assert records[3].article is None and "nested too deeply" in records[3].failure
    assert records[3].where == "in.jsonl:4"


@Language.component("explode_on_poison")
def explode_on_poison(doc):
    if "POISON" in doc.text:
        raise RuntimeError("a component failed")
    return doc


def test_a_failing_article_is_reported_and_the_others_extracted():
    nlp = spacy.blank("en")
    nlp.add_pipe("explode_on_poison")
    texts = ["First article.", "A POISON article.", "Third article.", 42, "Fifth article."]
    results = list(extract_results(texts, nlp=nlp, batch_size=2))
    assert [type(result).__name__ for result in results] == [
        "Article", "ExtractionFailure", "Article", "ExtractionFailure", "Article"
    ]  # fmt: skip
    assert [result.text for result in results if not isinstance(result, ExtractionFailure)] == [
        "First article.", "Third article.", "Fifth article."
    ]  # fmt: skip
    assert results[1].index == 1 and "RuntimeError" in results[1].reason
    assert "must be a string" in results[3].reason


def test_extract_jsonl_goes_on_past_poison_records(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(poison_jsonl())
    result = run_cli("extract", str(path), "--format", "jsonl")
    assert_no_traceback(result)
    assert result.returncode == 1  # the deep line failed
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(records) == 6
    assert records[1]["text"] == "Lone surrogate \ufffd said Kim."
    stderr = result.stderr.decode()
    assert f"{path}:6: " in stderr and "nested too deeply" in stderr
    assert "lone surrogate(s) in the title replaced" in stderr


@pytest.mark.parametrize("engine", [LocalEngine(), MultiprocessEngine(2)], ids=["local", "mp"])
def test_batch_sets_poison_records_aside_and_resumes(tmp_path, engine):
    path = tmp_path / "in.jsonl"
    path.write_bytes(poison_jsonl())
    settings = BatchSettings(output=str(tmp_path / "out"))
    summary = run_batch(path, settings, engine, records_per_partition=3)
    assert (summary.articles, summary.errors) == (6, 1)
    errors = [json.loads(line) for part in sorted((tmp_path / "out" / "_errors").glob("*.jsonl"))
              for line in part.read_text("utf-8").splitlines()]  # fmt: skip
    assert [error["where"] for error in errors] == [f"{path}:6"]
    again = run_batch(path, settings, engine, records_per_partition=3, resume=True)
    assert again.skipped_as_done == again.partitions == 3


def test_ingest_stores_the_good_records_and_prints_its_summary(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(poison_jsonl())
    db = tmp_path / "ledger.db"
    result = run_cli("ingest", str(path), "--db", str(db))
    assert_no_traceback(result)
    assert result.returncode == 1
    assert json.loads(result.stdout.decode().splitlines()[-1]) == {"ingested": 6, "duplicates": 0, "failed": 1}
    with Store(db) as store:
        assert store.counts()["articles"] == 6
    rerun = run_cli("ingest", str(path), "--db", str(db))
    assert json.loads(rerun.stdout.decode().splitlines()[-1]) == {"ingested": 0, "duplicates": 6, "failed": 1}
