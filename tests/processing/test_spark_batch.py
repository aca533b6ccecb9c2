"""`whosaid batch --engine spark`: a Spark job that reads and writes with Spark's own
readers and writers, gives the local engine's records, and resumes where it stopped;
on local[2] and on a standalone cluster started here."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from whosaid.errors import OutputExistsError
from whosaid.processing.batch import BatchSettings
from whosaid.processing.engines import LocalEngine
from whosaid.processing.runner import run_batch
from whosaid.store.store import Store

from .conftest import generated_articles, read_output_sorted, write_corpus


def _spark_missing() -> str | None:
    if shutil.which("java") is None:
        return "Java is not installed"
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "PySpark is not installed (pip install 'whosaid[spark]')"
    return None


pytestmark = [pytest.mark.slow, pytest.mark.skipif(_spark_missing() is not None, reason=str(_spark_missing()))]


def spark_batch(source, output, settings=None, **options):
    from whosaid.processing.spark_batch import run_spark_batch

    settings = settings or BatchSettings(str(output))
    return run_spark_batch(str(source), str(output), settings, master="local[2]", **options)


def local_batch(source, output, **settings):
    run_batch(source, BatchSettings(str(output), **settings), LocalEngine(), records_per_partition=10)
    return read_output_sorted(output)


def extraction_tasks(output: Path) -> int:
    """How many Spark tasks wrote extracted records (each writes its own part file)."""
    return len(list((output / "_extracted").glob("part-*.parquet")))


def test_same_records_as_local_over_every_core_and_resumes_only_what_is_new(corpus, tmp_path):
    source = tmp_path / "articles.jsonl"
    source.write_bytes(corpus.read_bytes())
    output = tmp_path / "spark"
    summary = spark_batch(source, output)
    assert (summary.partitions, summary.articles, summary.errors) == (2, 31, 3)
    assert extraction_tasks(output) == 2  # 34 records on 2 cores: not one task
    assert read_output_sorted(output) == local_batch(source, tmp_path / "local")
    # The store takes Spark's part files as they are.
    from whosaid.ingest.records import read_article_records

    records = [record for _, record in read_article_records([str(output / "articles")])]
    stored = Store(tmp_path / "ledger.db")
    distinct = {record.id for record in records}  # some generated texts repeat
    assert len(records) == 31 and sum(not duplicate for _, duplicate in stored.add_many(records)) == len(distinct)
    assert stored.counts()["articles"] == len(distinct)
    with pytest.raises(OutputExistsError):
        spark_batch(source, output)

    # Killed after extracting, before the tables were written: resuming writes them, extracting nothing.
    shutil.rmtree(output / "articles")
    summary = spark_batch(source, output, resume=True)
    assert (summary.partitions, summary.skipped_as_done, summary.articles) == (0, 34, 31)
    assert extraction_tasks(output) == 2

    # New records at the end of the input: a resumed run extracts them alone.
    more = generated_articles(33)[30:]
    with source.open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(article) + "\n" for article in more)
    summary = spark_batch(source, output, resume=True, partitions=1)
    assert (summary.partitions, summary.skipped_as_done, summary.articles, summary.errors) == (1, 34, 34, 3)
    assert read_output_sorted(output) == local_batch(source, tmp_path / "local-all")


def test_files_cut_into_many_splits_keep_their_line_numbers(corpus, tmp_path, monkeypatch):
    from whosaid.processing.spark_batch import run_spark_batch, start_session

    source = tmp_path / "articles.jsonl"
    lines = corpus.read_bytes().split(b"\n")
    source.write_bytes(b"\n".join(lines[:10] + [b""] + lines[10:]))  # and a blank line, 11
    session = start_session("local[2]")
    try:
        session.conf.set("spark.sql.files.maxPartitionBytes", "4096")  # splits of 4 KB: many a file
        output = tmp_path / "spark"
        summary = run_spark_batch(str(source), str(output), BatchSettings(str(output)), session=session)
        assert (summary.articles, summary.errors) == (31, 3)
        assert read_output_sorted(output) == local_batch(source, tmp_path / "local")
        # Resumed under another spelling of the same input: the same positions, nothing extracted again.
        monkeypatch.chdir(tmp_path)
        again = run_spark_batch(source.name, str(output), BatchSettings(str(output)), session=session, resume=True)
        assert (again.partitions, again.articles) == (1, 31)  # the blank line alone, which holds no record
    finally:
        session.stop()


def test_resume_with_other_settings_is_refused(corpus, tmp_path):
    output = tmp_path / "spark"
    spark_batch(corpus, output, partitions=1)
    with pytest.raises(OutputExistsError, match="other settings"):
        spark_batch(corpus, output, BatchSettings(str(output), layout="tables"), resume=True)


def test_tables_as_parquet_from_a_directory_spark_wrote(corpus, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    articles = generated_articles(6) + [{"id": "none", "text": None, "published": None, "outlet": None}]
    directory = tmp_path / "input"  # a directory of part files, named as Spark names them
    directory.mkdir()
    pq.write_table(pa.Table.from_pylist(articles[:4]), directory / "part-00000.parquet")
    pq.write_table(pa.Table.from_pylist(articles[4:]), directory / "part-00001.parquet")
    settings = {"layout": "tables", "output_format": "parquet"}
    output = tmp_path / "spark"
    summary = spark_batch(directory, output, BatchSettings(str(output), **settings), input_format="parquet")
    assert (summary.articles, summary.errors) == (6, 1)
    ours = read_output_sorted(output)
    (error,) = ours.pop("_errors")
    assert error["where"] == f"{(directory / 'part-00001.parquet').as_uri()}:row 2" and error["input_id"] == "none"
    single = tmp_path / "all.parquet"
    pq.write_table(pa.Table.from_pylist(articles), single)
    theirs = local_batch(single, tmp_path / "local", **settings)
    theirs.pop("_errors")
    assert ours == theirs and ours["statements"] and ours["quantities"]


def test_an_input_spark_cannot_read_is_a_clear_error(tmp_path):
    from whosaid.errors import InputFormatError, InputNotFoundError, SparkJobError

    with pytest.raises(InputNotFoundError, match="no such file"):
        spark_batch(tmp_path / "absent.jsonl", tmp_path / "out")
    (tmp_path / "input").mkdir()
    with pytest.raises(InputFormatError, match="--input-format"):
        spark_batch(tmp_path / "input", tmp_path / "out")
    (tmp_path / "input" / "part-0").write_text('{"text": "not Parquet"}\n')
    with pytest.raises(SparkJobError) as raised:  # Spark's own failure, in one line
        spark_batch(tmp_path / "input", tmp_path / "out", input_format="parquet")
    assert "\n" not in str(raised.value) and "\tat " not in str(raised.value)


def test_map_in_pandas_function_in_a_users_spark_job():
    import os
    import sys

    from pyspark.sql import SparkSession

    from whosaid import extract
    from whosaid.processing.spark import ARTICLE_SCHEMA, extract_articles

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    articles = generated_articles(4)
    spark = SparkSession.builder.master("local[2]").appName("whosaid test").getOrCreate()
    try:
        frame = spark.createDataFrame(
            [(a["id"], a["text"]) for a in articles] + [("empty", None)], "doc_id string, body string"
        )
        rows = frame.mapInPandas(extract_articles("body", "doc_id"), ARTICLE_SCHEMA).collect()
    finally:
        spark.stop()
    by_id = {row.input_id: row for row in rows}
    for article in articles:
        assert json.loads(by_id[article["id"]].article) == json.loads(extract(article["text"]).to_json())
    assert by_id["empty"].article is None and "no 'body' value" in by_id["empty"].error


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from whosaid.processing.standalone import standalone_cluster

    with standalone_cluster(cores=2, directory=tmp_path_factory.mktemp("cluster")) as started:
        yield started


def test_the_cli_on_a_standalone_cluster_with_relative_paths(cluster, tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    write_corpus(data / "articles.jsonl", count=12)
    elsewhere = tmp_path / "elsewhere"  # the driver's working directory, not the executors'
    elsewhere.mkdir()
    whosaid = Path(sys.executable).with_name("whosaid")
    command = [str(whosaid), "batch", "../data/articles.jsonl", "../out", "--engine", "spark"]
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
    done = subprocess.run(
        [*command, "--master", cluster.url],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "partitions": 2, "skipped_as_done": 0, "articles": 13, "errors": 3
    }  # fmt: skip
    output = tmp_path / "out"
    assert extraction_tasks(output) == 2
    ours = read_output_sorted(output)
    assert sorted(error["where"] for error in ours["_errors"]) == [
        f"../data/articles.jsonl:{line}" for line in (4, 5, 6)
    ]
    monkeypatch.chdir(elsewhere)
    assert ours == local_batch(Path("../data/articles.jsonl"), tmp_path / "local")


def test_spark_submit_runs_the_cli_on_the_cluster_it_names(cluster, tmp_path):
    """As on a managed cluster: spark-submit names the master; the batch takes it."""
    import whosaid
    from whosaid.processing.standalone import spark_home

    write_corpus(tmp_path / "articles.jsonl", count=4)
    spark_submit = spark_home() / "bin" / "spark-submit"
    python = [f"--conf=spark.pyspark.{role}={sys.executable}" for role in ("python", "driver.python")]
    entry = Path(whosaid.__file__).with_name("__main__.py")
    command = [str(spark_submit), "--master", cluster.url, *python, str(entry)]
    command += ["batch", "articles.jsonl", "out", "--engine", "spark"]
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
    applications_before = cluster.applications()
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert cluster.applications() == applications_before + 1  # not on local[2]
    # spark-submit's Python runner merges the program's stderr into its stdout.
    summary = next(line for line in done.stdout.splitlines() if line.startswith('{"partitions"'))
    assert json.loads(summary)["articles"] == 5
