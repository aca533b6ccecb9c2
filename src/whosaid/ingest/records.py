"""Article records a batch run wrote (`whosaid batch`, nested layout, any engine): JSON Lines
(`.jsonl`, or `.json` as Spark names them) or Parquet part files, read back as Article
records for the store, with no extraction. A directory is read by its part files, in name
order, leaving out the bookkeeping ones (names starting with "_" or ".").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from whosaid.errors import InputNotFoundError, WhosaidError, error_reason
from whosaid.ingest.reading import SUFFIXES, InputFormat, bounded_lines, decode
from whosaid.record.model import Article

RECORD_SUFFIXES = (*SUFFIXES[InputFormat.jsonl], ".json", *SUFFIXES[InputFormat.parquet])
BATCH_COLUMNS = ("input_id",)  # what a batch adds to each record


def _record_files(paths: list[str]) -> Iterator[Path]:
    """The files to read; a path that is not there is yielded as it is, to be reported."""
    for name in paths:
        path = Path(name)
        if not path.exists() or path.is_file():
            yield path
        else:
            for part in sorted(path.rglob("*")):
                # Not in a bookkeeping directory either (_extracted, _errors, a writer's _temporary).
                hidden = any(name.startswith(("_", ".")) for name in part.relative_to(path).parts)
                if part.is_file() and not hidden and part.suffix in RECORD_SUFFIXES:
                    yield part


def read_article_records(paths: list[str]) -> Iterator[tuple[str, Article | str]]:
    """(where, the Article, or why the record is none) for every record of the files."""
    for path in _record_files(paths):
        if not path.exists():
            yield str(path), str(InputNotFoundError("no such file or directory"))
            continue
        rows = _parquet_rows(path) if path.suffix in SUFFIXES[InputFormat.parquet] else _json_rows(path)
        for where, row in rows:
            if isinstance(row, str):
                yield where, row
                continue
            for column in BATCH_COLUMNS:
                row.pop(column, None)
            try:
                yield where, Article.model_validate(row)
            except ValidationError as error:
                yield where, f"not an Article record: {error_reason(error)}"


def _json_rows(path: Path) -> Iterator[tuple[str, dict | str]]:
    with path.open("rb") as handle:
        for number, line in enumerate(bounded_lines(handle, str(path)), start=1):
            where = f"{path}:{number}"
            if line.data is None:
                yield where, "the line is over the size cap"
            elif line.data.strip():
                try:
                    row = json.loads(decode(line.data, where))
                except json.JSONDecodeError as error:
                    yield where, f"invalid JSON: {error.msg}"
                    continue
                except RecursionError:
                    yield where, "JSON nested too deeply"
                    continue
                except WhosaidError as error:  # not text (NUL bytes)
                    yield where, error_reason(error)
                    continue
                yield where, row if isinstance(row, dict) else "a record must be a JSON object"


def _parquet_rows(path: Path) -> Iterator[tuple[str, dict | str]]:
    import pyarrow.parquet as pq

    try:
        batches = pq.ParquetFile(path).iter_batches()
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        yield str(path), f"not a readable Parquet file ({error_reason(error)})"
        return
    number = 0
    for batch in batches:
        for row in batch.to_pylist():
            yield f"{path}:row {number}", row
            number += 1
