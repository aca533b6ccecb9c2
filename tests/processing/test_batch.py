"""Batch extraction: the same records from every engine, faults set aside, resumable."""

import pytest

from whosaid.errors import OutputExistsError
from whosaid.processing.batch import BatchSettings, process_partition
from whosaid.processing.engines import LocalEngine, MultiprocessEngine, make_engine
from whosaid.processing.partitions import plan_partitions, read_partition
from whosaid.processing.runner import run_batch

from .conftest import generated_articles, read_output

pytestmark = pytest.mark.slow


def test_bad_records_go_to_the_errors_output(corpus, tmp_path):
    summary = run_batch(corpus, BatchSettings(str(tmp_path / "out")), LocalEngine(), records_per_partition=8)
    # Invalid UTF-8 is replaced with a warning, as in every reader (line 7 is extracted).
    assert (summary.partitions, summary.articles, summary.errors) == (5, 31, 3)
    output = read_output(tmp_path / "out")
    errors = output["_errors"]
    assert [(e["where"].rsplit(":", 1)[1], e["input_id"]) for e in errors] == [
        ("4", None),
        ("5", "no-text"),
        ("6", "number"),
    ]
    reasons = [e["reason"] for e in errors]
    assert "invalid JSON" in reasons[0] and "'text'" in reasons[1] and "not int" in reasons[2]
    replaced = [row for row in output["articles"] if row["input_id"] == "bytes"]
    assert replaced[0]["text"] == "caf\ufffd"


def test_local_and_multiprocess_give_the_same_records(corpus, tmp_path):
    settings = {"layout": "tables", "output_format": "parquet"}
    local, pool = tmp_path / "local", tmp_path / "mp"
    run_batch(corpus, BatchSettings(str(local), **settings), LocalEngine(), records_per_partition=10)
    run_batch(corpus, BatchSettings(str(pool), **settings), MultiprocessEngine(2), records_per_partition=10)
    ours, theirs = read_output(local), read_output(pool)
    assert ours == theirs
    # 30 generated articles and the one whose invalid UTF-8 was replaced
    assert len(ours["articles"]) == 31 and ours["statements"] and ours["quantities"] and ours["entities"]
    assert {row["input_id"] for row in ours["articles"]} == {f"g{n}" for n in range(30)} | {"bytes"}


def test_a_killed_run_resumes_without_redoing_finished_partitions(corpus, tmp_path):
    output = tmp_path / "out"

    class KilledAfterTwo:
        def run(self, partitions, settings):
            for partition in partitions[:2]:
                yield process_partition(partition, settings)
            (output / "articles" / "part-00002.jsonl.tmp").write_text("half written")  # as if killed mid-write
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(corpus, BatchSettings(str(output)), KilledAfterTwo(), records_per_partition=8)
    done_before = {p.name: p.stat().st_mtime_ns for p in (output / "_done").iterdir()}
    assert sorted(done_before) == ["part-00000", "part-00001"]
    with pytest.raises(OutputExistsError):
        run_batch(corpus, BatchSettings(str(output)), LocalEngine(), records_per_partition=8)
    with pytest.raises(OutputExistsError):
        run_batch(corpus, BatchSettings(str(output)), LocalEngine(), records_per_partition=5, resume=True)
    summary = run_batch(corpus, BatchSettings(str(output)), LocalEngine(), records_per_partition=8, resume=True)
    assert (summary.skipped_as_done, summary.articles) == (2, 30 - 12)  # 0-1: 16 lines, 4 of them bad
    assert {p.name: p.stat().st_mtime_ns for p in (output / "_done").iterdir() if p.name in done_before} == done_before
    clean = tmp_path / "clean"
    run_batch(corpus, BatchSettings(str(clean)), LocalEngine(), records_per_partition=8)
    assert read_output(output) == read_output(clean)


def test_partitions_cover_every_line_once(corpus):
    plan = plan_partitions(corpus, 7)
    seen = [record.where for partition in plan for record in read_partition(partition)]
    assert len(seen) == len(set(seen)) == 34
    assert [p.index for p in plan] == list(range(len(plan)))


def test_unknown_engine_and_layout_are_clear_errors(corpus, tmp_path):
    from whosaid.errors import WhosaidError

    with pytest.raises(WhosaidError, match="unknown engine"):
        make_engine("dask")
    with pytest.raises(WhosaidError, match="unknown layout"):
        run_batch(corpus, BatchSettings(str(tmp_path / "o"), layout="flat"), LocalEngine())


def test_parquet_input_with_row_numbers_in_errors(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = generated_articles(5) + [{"id": "none", "text": None, "published": None, "outlet": None}]
    path = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    summary = run_batch(path, BatchSettings(str(tmp_path / "out")), LocalEngine(), records_per_partition=4)
    assert (summary.partitions, summary.articles, summary.errors) == (2, 5, 1)
    (error,) = read_output(tmp_path / "out")["_errors"]
    assert error["where"].endswith(":row 5") and error["input_id"] == "none"
