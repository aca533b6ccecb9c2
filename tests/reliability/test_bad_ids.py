"""A record whose id cannot be written goes to _errors like any bad record, on every engine:
the partition's good records are kept and no temporary file is left behind."""

from __future__ import annotations

import json
import shutil

import pytest

from whosaid.ingest.reading import iter_jsonl
from whosaid.processing.batch import BatchSettings
from whosaid.processing.engines import make_engine
from whosaid.processing.runner import run_batch

from .conftest import good_line

pytestmark = pytest.mark.slow

BAD_ID_LINE = b'{"id": "bad\\ud800id", "text": "Mayor Lee Ann Park said the bridge was repaired."}'


def has_spark() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


ENGINES = [
    "local",
    "mp",
    pytest.param("spark", marks=pytest.mark.skipif(not has_spark(), reason="needs PySpark and Java")),
]


def test_a_lone_surrogate_id_is_a_failed_record():
    records = list(iter_jsonl([good_line(1), BAD_ID_LINE], "in.jsonl"))
    assert records[0].failure is None
    assert records[1].article is None and "lone surrogate" in records[1].failure
    assert records[1].record_id == "bad\ufffdid"


@pytest.mark.parametrize("output_format", ["jsonl", "parquet"])
@pytest.mark.parametrize("engine", ENGINES)
def test_batch_sets_a_bad_id_aside_and_keeps_the_partition(tmp_path, engine, output_format):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join([good_line(1), BAD_ID_LINE, good_line(2)]) + b"\n")
    output = tmp_path / "out"
    settings = BatchSettings(output=str(output), output_format=output_format)
    if engine == "spark":
        from whosaid.processing.spark_batch import run_spark_batch

        summary = run_spark_batch(str(path), str(output), settings, master="local[2]", partitions=1)
    else:
        summary = run_batch(path, settings, make_engine(engine, n_process=2), records_per_partition=3)
    assert (summary.articles, summary.errors) == (2, 1)
    errors = [
        json.loads(line)
        for part in (output / "_errors").glob("part-*")
        for line in part.read_text("utf-8").splitlines()
    ]
    assert errors == [{"where": f"{path}:2", "input_id": "bad\ufffdid", "reason": errors[0]["reason"]}]
    assert "lone surrogate" in errors[0]["reason"]
    (written,) = (output / "articles").glob("part-*")  # one partition
    if output_format == "jsonl":
        ids = [json.loads(line)["input_id"] for line in written.read_text("utf-8").splitlines()]
    else:
        import pyarrow.parquet as pq

        ids = pq.read_table(written).column("input_id").to_pylist()
    assert ids == ["g1", "g2"]
    assert not list(output.rglob("*.tmp"))
