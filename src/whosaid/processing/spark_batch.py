"""`whosaid batch --engine spark`: batch extraction as a Spark job.

Spark reads the input (JSON Lines or Parquet: a file or a directory, on any
filesystem Hadoop reaches: `file://`, `hdfs://`, `s3a://`; a path without a
scheme is made absolute), spreads its records over the cluster's cores, and
writes the output with its own writers, so no node needs to see the driver's
disk. Each executor's Python worker loads the pipeline once.

OUTPUT holds, beside each table (`articles`, and with the tables layout
`statements`, `quantities`, `entities`, `times`) and `_errors` as Spark writes
them:
- `_extracted`: every record extracted so far, one row per input record (its
  position, id, the rows of each table, or why it failed), appended by each
  run as one Spark job, which Spark's output committer makes all or nothing;
- `_run`: the settings the output was started with;
- with `claims`, `claim_reports`: the claim each statement's content reports across the
  corpus, as the store would join them ingesting the records in the input's order
  (whosaid.processing.spark_claims; nested layout only).
The tables are rewritten from `_extracted` at the end of each run, so a run
killed after its extraction job loses nothing, one killed during it loses that
job's work alone (earlier runs' stays), and `--resume` extracts only the
records not yet in `_extracted` (on object stores such as s3a, where a commit
is a copy, all or nothing holds only with an S3A committer). Records are keyed by position (file and
line, or file and row): ids may repeat or be missing, positions do not.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from whosaid.errors import (
    InputFormatError,
    InputNotFoundError,
    InvalidOptionError,
    MissingExtraError,
    OutputExistsError,
    SparkJobError,
)
from whosaid.ingest.reading import SUFFIXES, InputFormat, InputRecord, record_from_json_line, record_from_mapping
from whosaid.processing.batch import BatchSettings, check_settings, error_row, output_rows, tables_of
from whosaid.processing.options import RecordFormat, RecordLayout
from whosaid.processing.runner import BatchSummary
from whosaid.processing.tables import arrow_schemas

EXTRACTED_DIR, RUN_DIR, ERRORS_DIR, CLAIMS_DIR = "_extracted", "_run", "_errors", "claim_reports"
# Columns of _extracted besides one per table ("table_articles", ...).
POSITION, RECORD_COLUMNS = "where", ("where", "input_id", "reason")
DEFAULT_MASTER = "local[2]"
# Spark's name for JSON Lines is "json".
SPARK_FORMATS = {RecordFormat.jsonl: "json", RecordFormat.parquet: "parquet"}


def qualified(location: str) -> str:
    """A filesystem URI for Spark: a path without a scheme is made absolute (executors
    run in their own working directories)."""
    if "://" in location or location.startswith("file:"):
        return location
    return Path(location).resolve().as_uri()


def input_kind(location: str, input_format: str | None = None) -> InputFormat:
    """JSON Lines or Parquet, from --input-format or the name's suffix (a directory of
    Spark's part files named like `articles.parquet/` too)."""
    if input_format is not None:
        return InputFormat(input_format)
    suffix = os.path.splitext(urlparse(location).path.rstrip("/"))[1].lower()
    for kind in (InputFormat.jsonl, InputFormat.parquet):
        if suffix in SUFFIXES[kind]:
            return kind
    expected = ", ".join(SUFFIXES[InputFormat.jsonl] + SUFFIXES[InputFormat.parquet])
    raise InputFormatError(f"{location}: unknown input format (expected {expected}, or pass --input-format)")


def table_column(table: str) -> str:
    return f"table_{table}"


def extracted_schema(layout: str):
    """The Arrow schema of `_extracted`'s rows."""
    import pyarrow as pa

    fields = [pa.field(name, pa.string()) for name in RECORD_COLUMNS]
    for table, schema in arrow_schemas(layout).items():
        fields.append(pa.field(table_column(table), pa.list_(pa.struct(list(schema)))))
    return pa.schema(fields)


def extract_batches(settings: BatchSettings, kind: str) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function `mapInArrow` runs on each partition: input rows (a position and a
    JSON line's bytes, or a Parquet row) to rows of `_extracted`. A closure over plain
    data: the pipeline is loaded in each Python worker, never sent from the driver."""

    def extract_partition(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from whosaid.processing.extraction import extract_results, shared_pipeline

        schema = extracted_schema(settings.layout)
        nlp = shared_pipeline(settings.model, profile=settings.profile)
        for batch in batches:
            records = [_input_record(row, settings, kind) for row in batch.to_pylist()]
            records = [settings.with_defaults(record) for record in records if record is not None]
            good = [record for record in records if record.article is not None]
            results = iter(extract_results((r.article for r in good), nlp=nlp, batch_size=settings.batch_size))
            rows = []
            for record in records:
                produced = output_rows(record, next(results), settings.layout) if record.article else record.failure
                rows.append(_extracted_row(record, produced, settings.layout))
            yield pa.RecordBatch.from_pylist(rows, schema=schema)

    return extract_partition


def _input_record(row: dict, settings: BatchSettings, kind: str) -> InputRecord | None:
    where = row.pop(POSITION)
    if kind == InputFormat.parquet:
        return record_from_mapping(where, row, settings.text_key, settings.id_key)
    line = row["value"]
    if not line.strip():
        return None  # a blank line is no record, as in the local engines
    return record_from_json_line(line, where, settings.text_key, settings.id_key)


def _extracted_row(record: InputRecord, produced: dict[str, list[dict]] | str | None, layout: str) -> dict:
    tables = produced if isinstance(produced, dict) else {}
    row = {column: None for column in RECORD_COLUMNS}
    if isinstance(produced, dict):
        row["input_id"] = record.record_id
    else:
        row.update(error_row(record, produced))
    row["where"] = record.where
    row.update({table_column(table): tables.get(table, []) for table in tables_of(layout)})
    return row


def start_session(master: str | None = None):
    """A SparkSession on `master`; by default spark-submit's or spark-defaults', else DEFAULT_MASTER."""
    try:
        from pyspark import SparkConf, SparkContext
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingExtraError("the spark engine needs PySpark: pip install 'whosaid[spark]'") from None
    # Python workers on this machine (local masters, a cluster on this host) run this
    # interpreter; on other machines, set spark.pyspark.python.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Started first, so that the configuration read holds spark-submit's and spark-defaults'
    # settings (a SparkConf made before the JVM starts holds none).
    SparkContext._ensure_initialized()
    conf = SparkConf()
    if master or not conf.contains("spark.master"):
        conf.setMaster(master or DEFAULT_MASTER)
    return SparkSession.builder.config(conf=conf).appName("whosaid batch").getOrCreate()


def run_spark_batch(
    input_location: str,
    output_location: str,
    settings: BatchSettings,
    *,
    master: str | None = None,
    session=None,
    input_format: str | None = None,
    records_per_partition: int = 500,
    partitions: int | None = None,
    resume: bool = False,
    claims: bool = False,
) -> BatchSummary:
    """Extract every record of the input into the output (see the module's docstring).

    `session`: a SparkSession to run in (a notebook's, a managed job's), left running;
    without one, a session is started on `master` (see start_session) and stopped after.
    `partitions`: how many tasks share the records; by default enough that every core
    of the cluster works and none holds more than `records_per_partition`.
    `claims`: also write the claims across the corpus (nested layout only)."""
    check_settings(settings)
    if claims and settings.layout != RecordLayout.nested:
        raise InvalidOptionError("claims across articles are computed from the nested layout: --layout nested")
    kind = input_kind(input_location, input_format)
    source, output = qualified(input_location), qualified(output_location).rstrip("/")
    arguments = (input_location, source, output, kind, settings, records_per_partition, partitions, resume, claims)
    if session is not None:
        with _splits_fixed(session), _reported_in_one_line():
            return _run(session, *arguments)
    spark = start_session(master)
    try:
        with _splits_fixed(spark), _reported_in_one_line():
            return _run(spark, *arguments)
    finally:
        spark.stop()


@contextlib.contextmanager
def _reported_in_one_line() -> Iterator[None]:
    """Spark's own failures as one line for the user: the first of Java's message, not its stack."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    try:
        yield
    except (PySparkException, Py4JJavaError) as error:
        message = str(error.java_exception if isinstance(error, Py4JJavaError) else error)
        first = next((line.strip() for line in message.splitlines() if line.strip()), type(error).__name__)
        raise SparkJobError(first[:500]) from None


@contextlib.contextmanager
def _splits_fixed(spark) -> Iterator[None]:
    """The input cut into the same splits by every job of the run: records are numbered from
    one job's splits and positioned in another's, and Spark sizes splits from the cores
    registered at the time (`spark.sql.files.minPartitionNum`, else the default parallelism)."""
    key = "spark.sql.files.minPartitionNum"
    before = spark.conf.get(key, None)
    spark.conf.set(key, before or str(spark.sparkContext.defaultParallelism))
    try:
        yield
    finally:
        if before is None:
            spark.conf.unset(key)


def _run(spark, shown_input, source, output, kind, settings, records_per_partition, partitions, resume, claims):
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    run = {"input": source, "input_format": kind.value, **asdict(settings)}
    run.pop("output"), run.pop("batch_size")
    if not _exists(spark, source):
        raise InputNotFoundError(f"{shown_input}: no such file or directory")
    extracted = f"{output}/{EXTRACTED_DIR}"
    if _exists(spark, extracted):
        if not resume:
            raise OutputExistsError(
                f"{output}: holds an earlier run; pass --resume to finish it, or choose another output"
            )
        started = json.loads(spark.read.text(f"{output}/{RUN_DIR}").first().value)["settings"]
        # Positions name the input as the first run named it: the same records, however it is spelled now.
        shown_input = started.pop("named")
        if started != run:
            raise OutputExistsError(f"{output}: was started with other settings ({started}); resume with the same ones")
    else:
        started = {**run, "named": shown_input}
        run_file = spark.createDataFrame([(json.dumps({"settings": started}),)], "value string").coalesce(1)
        run_file.write.mode("overwrite").text(f"{output}/{RUN_DIR}")
    schema = from_arrow_schema(extracted_schema(settings.layout))
    records, count = _positioned(spark, source, shown_input, kind)
    done = _extracted_so_far(spark, extracted)
    if done is not None:
        records = records.join(done.select(POSITION), POSITION, "left_anti")
        count = records.count()
    wanted = min(
        partitions or max(spark.sparkContext.defaultParallelism, math.ceil(count / records_per_partition)), count
    )
    if count:
        records.repartition(wanted).mapInArrow(extract_batches(settings, kind.value), schema).write.mode(
            "append"
        ).parquet(extracted)
    all_extracted = _extracted_so_far(spark, extracted) or spark.createDataFrame([], schema)
    spark_format = SPARK_FORMATS[RecordFormat(settings.output_format)]
    for table in tables_of(settings.layout):
        rows = all_extracted.select(F.explode(table_column(table)).alias("row")).select("row.*")
        _write(rows, f"{output}/{table}", spark_format)
    if claims:
        from whosaid.processing.spark_claims import claim_reports

        articles = all_extracted.select(POSITION, F.explode(table_column("articles")).alias("row"))
        _write(claim_reports(articles.select(POSITION, "row.*"), _input_order), f"{output}/{CLAIMS_DIR}", spark_format)
    failed = all_extracted.where(F.col("reason").isNotNull())
    _write(failed.select(*RECORD_COLUMNS), f"{output}/{ERRORS_DIR}", "json")
    total, errors = all_extracted.agg(F.count("*"), F.count("reason")).first()
    return BatchSummary(
        partitions=wanted,
        skipped_as_done=done.count() if done is not None else 0,
        articles=total - errors,
        errors=errors,
    )


def _input_order(row: dict) -> tuple[str, int]:
    """A record's place in the input, from its position ("FILE:LINE", "FILE:row N")."""
    file, number = row[POSITION].rsplit(":", 1)
    return file, int(number.removeprefix("row "))


def _positioned(spark, source: str, shown_input: str, kind: InputFormat):
    """The input's records, each with its position: `FILE:LINE` (1-based, as the local
    engines number lines) or `FILE:row N` (0-based), FILE being the input as the user named
    it when it is one file; and how many there are."""
    from pyspark.sql import functions as F

    if kind == InputFormat.parquet:
        frame = spark.read.parquet(source)
    else:
        # As bytes: a line's encoding is read as the local engines read it (invalid UTF-8 replaced).
        # Lines end at "\n" alone, as the local engines read them (Hadoop's reader also ends one at "\r").
        lines = spark.read.option("lineSep", "\n").text(source)
        frame = lines.select(F.col("value").cast("binary").alias("value"))
    frame = frame.withColumn("_file", F.input_file_name()).withColumn("_order", F.monotonically_increasing_id())
    # Spark reads each file's splits in order and numbers rows within a task consecutively:
    # a record's number in its file is the rows before it in its task, plus those in the
    # file's earlier tasks (a small table gathered here, not the records).
    frame = frame.withColumn("_task", F.spark_partition_id())
    tasks = frame.groupBy("_file", "_task").agg(F.count("*").alias("_rows"), F.min("_order").alias("_first"))
    offsets, before_in_file = [], {}
    for task in sorted(tasks.collect(), key=lambda task: (task._file, task._first)):
        offsets.append((task._file, task._task, task._first, before_in_file.get(task._file, 0)))
        before_in_file[task._file] = offsets[-1][3] + task._rows
    schema = "_file string, _task int, _first long, _before long"
    frame = frame.join(F.broadcast(spark.createDataFrame(offsets, schema)), ["_file", "_task"])
    number = F.col("_before") + F.col("_order") - F.col("_first") + (1 if kind == InputFormat.jsonl else 0)
    shown = F.lit(shown_input) if _is_file(spark, source) else F.col("_file")
    separator = ":" if kind == InputFormat.jsonl else ":row "
    where = F.concat(shown, F.lit(separator), number.cast("string"))
    positioned = frame.withColumn(POSITION, where).drop("_file", "_order", "_task", "_first", "_before")
    return positioned, sum(before_in_file.values())


def _write(frame, location: str, spark_format: str) -> None:
    # Nulls are written as null, as the local engines write them.
    frame.write.mode("overwrite").format(spark_format).option("ignoreNullFields", "false").save(location)


def _extracted_so_far(spark, extracted: str):
    """`_extracted`'s rows, or None before any run has added some. Read by its files:
    Spark would take the directory, whose name starts with "_", for a hidden one."""
    file_system, path = _file_system(spark, f"{extracted}/*.parquet")
    files = [status.getPath().toString() for status in file_system.globStatus(path) or []]
    return spark.read.parquet(*files) if files else None


def _file_system(spark, location: str):
    """Hadoop's filesystem for a location, and the location as its path."""
    path = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(location)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path


def _exists(spark, location: str) -> bool:
    file_system, path = _file_system(spark, location)
    return file_system.exists(path)


def _is_file(spark, location: str) -> bool:
    file_system, path = _file_system(spark, location)
    return file_system.getFileStatus(path).isFile()
