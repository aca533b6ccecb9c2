"""Batch extraction: input partitions -> Article records on disk, resumable.

OUTPUT is a directory. For each partition `part-NNNNN` and table
(`articles`, or with the tables layout also `statements`, `quantities`,
`entities`, `times`) a file OUTPUT/TABLE/part-NNNNN.(jsonl|parquet) is
written, and the records that could not be used go to
OUTPUT/_errors/part-NNNNN.jsonl ({"where", "input_id", "reason"}). Each file
is written under a temporary name and renamed; the partition's marker
OUTPUT/_done/part-NNNNN (with its counts) is written last, so a run killed at
any point leaves no half partition behind, and `resume` skips the partitions
that have a marker.

`process_partition` is what every engine runs, once per partition, in
whatever process or executor holds the partition; it loads the pipeline
there (once per process) and never receives it from the driver.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from whosaid.errors import InvalidOptionError, InvalidRecordError, error_reason
from whosaid.ingest.reading import InputRecord
from whosaid.inputs import ArticleMeta, encodable
from whosaid.models import ARTICLES_PER_BATCH
from whosaid.pipeline.profile_options import Profile
from whosaid.processing.failures import ExtractionFailure
from whosaid.processing.options import RecordFormat, RecordLayout, choices
from whosaid.processing.partitions import Partition, read_partition
from whosaid.processing.tables import arrow_schemas, flat_rows, nested_row
from whosaid.record.model import Article
from whosaid.record.tables import ITEM_TABLES

DONE_DIR, ERRORS_DIR = "_done", "_errors"


@dataclass(frozen=True)
class BatchSettings:
    """Everything a worker needs besides the partition; plain data, so it pickles."""

    output: str
    layout: str = "nested"
    output_format: str = "jsonl"
    text_key: str = "text"
    id_key: str = "id"
    batch_size: int = ARTICLES_PER_BATCH
    model: str | None = None
    profile: str | None = None  # None: the default profile, or a saved --model as it was saved
    # For articles that state none (a dateline's date comes before `published`).
    published: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None

    def with_defaults(self, record: InputRecord) -> InputRecord:
        """The record with the settings' defaults given to its article, as `whosaid extract` gives them."""
        if record.article is None:
            return record
        defaults = ArticleMeta.create(title=self.title, url=self.url, outlet=self.outlet, published=self.published)
        return replace(record, article=replace(record.article, defaults=defaults))


@dataclass(frozen=True)
class PartitionResult:
    partition: int
    articles: int
    errors: int
    skipped: bool = False


def tables_of(layout: str) -> tuple[str, ...]:
    return ("articles",) if layout == RecordLayout.nested else ("articles", *ITEM_TABLES)


def is_done(output: Path, partition: Partition) -> bool:
    return (output / DONE_DIR / partition.name).exists()


def process_partition(partition: Partition, settings: BatchSettings) -> PartitionResult:
    output = Path(settings.output)
    records = [
        settings.with_defaults(record) for record in read_partition(partition, settings.text_key, settings.id_key)
    ]
    good = [record for record in records if record.article is not None]
    from whosaid.processing.extraction import extract_results, shared_pipeline  # spaCy: in the worker

    nlp = shared_pipeline(settings.model, profile=settings.profile)
    results = extract_results((record.article for record in good), nlp=nlp, batch_size=settings.batch_size)
    rows: dict[str, list[dict]] = {table: [] for table in tables_of(settings.layout)}
    errors = [error_row(record, record.failure) for record in records if record.article is None]
    for record, result in zip(good, results):
        record_rows = output_rows(record, result, settings.layout)
        if isinstance(record_rows, str):
            errors.append(error_row(record, record_rows))
            continue
        for table, table_rows_ in record_rows.items():
            rows[table].extend(table_rows_)
    for table, table_rows_ in rows.items():
        _write(output / table / f"{partition.name}.{settings.output_format}", table_rows_, settings, table)
    _write_jsonl(output / ERRORS_DIR / f"{partition.name}.jsonl", errors)
    result = PartitionResult(partition.index, len(records) - len(errors), len(errors))
    _atomic_write_text(output / DONE_DIR / partition.name, json.dumps(asdict(result)))
    return result


def output_rows(record: InputRecord, result: Article | ExtractionFailure, layout: str) -> dict[str, list[dict]] | str:
    """The rows of one extracted record, by table; or why it cannot be written."""
    if isinstance(result, ExtractionFailure):
        return result.reason
    if layout == RecordLayout.nested:
        rows = {"articles": [nested_row(result, record.record_id)]}
    else:
        rows = flat_rows(result, record.record_id)
    # A row that cannot be encoded would fail every other row of its file.
    return _unencodable(rows) or rows


def error_row(record: InputRecord, reason: str | None) -> dict:
    input_id = encodable(record.record_id) if record.record_id is not None else None
    return {"where": encodable(record.where), "input_id": input_id, "reason": encodable(reason or "")}


def _unencodable(rows: dict[str, list[dict]]) -> str | None:
    """Why a record's rows cannot be written as UTF-8, or None if they can."""
    try:
        json.dumps(rows, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError) as error:
        return str(InvalidRecordError(f"the record cannot be written: {error_reason(error)}"))
    return None


def _write(path: Path, rows: list[dict], settings: BatchSettings, table: str) -> None:
    if settings.output_format == RecordFormat.jsonl:
        _write_jsonl(path, rows)
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schemas(settings.layout)[table]
    with _replacing(path) as temporary:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), temporary)


def _write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    _atomic_write_text(path, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))


def _atomic_write_text(path: Path, text: str) -> None:
    with _replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path to write, renamed to `path` when done; removed if the writing fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def check_settings(settings: BatchSettings) -> None:
    """Raise the error a user should see for a setting no worker could use."""
    ArticleMeta.create(title=settings.title, url=settings.url, outlet=settings.outlet, published=settings.published)
    if settings.profile is not None and settings.profile not in {profile.value for profile in Profile}:
        raise InvalidOptionError(f"unknown profile {settings.profile!r} (choose from {choices(Profile)})")
    if settings.layout not in {layout.value for layout in RecordLayout}:
        raise InvalidOptionError(f"unknown layout {settings.layout!r} (choose from {choices(RecordLayout)})")
    if settings.output_format not in {output_format.value for output_format in RecordFormat}:
        raise InvalidOptionError(
            f"unknown output format {settings.output_format!r} (choose from {choices(RecordFormat)})"
        )
