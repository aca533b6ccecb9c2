"""Split a batch input into numbered partitions, and read one partition.

A partition is a small, picklable description (path, byte range or row
range) that any worker, local or on a Spark executor, can read by itself;
the same input always gives the same partitions, so a resumed run knows
which are done. JSONL is split by lines (the driver scans for newlines only,
it never parses), Parquet by rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from whosaid.errors import InputFormatError
from whosaid.ingest.reading import (
    SUFFIXES,
    InputFormat,
    InputRecord,
    bounded_lines,
    check_readable,
    format_of,
    iter_jsonl,
    record_from_mapping,
)


@dataclass(frozen=True)
class Partition:
    index: int
    path: str
    kind: str  # "jsonl" or "parquet"
    start: int  # byte offset (jsonl) or row (parquet)
    end: int
    first_record: int  # 1-based line number or 0-based row of the first record, for error reports

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"


def input_kind(path: Path) -> InputFormat:
    kind = format_of(path)
    if kind in (InputFormat.jsonl, InputFormat.parquet):
        return kind
    expected = SUFFIXES[InputFormat.jsonl] + SUFFIXES[InputFormat.parquet]
    raise InputFormatError(f"{path}: unknown input format (expected {', '.join(expected)})")


def plan_partitions(path: Path, records_per_partition: int) -> list[Partition]:
    check_readable(path)
    kind = input_kind(path)
    return _plan_parquet(path, records_per_partition) if kind == "parquet" else _plan_jsonl(path, records_per_partition)


def _plan_jsonl(path: Path, records_per_partition: int) -> list[Partition]:
    partitions: list[Partition] = []
    start = line = lines_in_part = 0
    first_line = 1
    position = 0
    with path.open("rb") as handle:
        for raw in bounded_lines(handle, str(path)):
            position += raw.size
            line += 1
            lines_in_part += 1
            if lines_in_part == records_per_partition:
                partitions.append(Partition(len(partitions), str(path), "jsonl", start, position, first_line))
                start, first_line, lines_in_part = position, line + 1, 0
    if lines_in_part:
        partitions.append(Partition(len(partitions), str(path), "jsonl", start, position, first_line))
    return partitions


def _plan_parquet(path: Path, records_per_partition: int) -> list[Partition]:
    import pyarrow.parquet as pq

    try:
        rows = pq.ParquetFile(path).metadata.num_rows
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        raise InputFormatError(f"{path}: not a readable Parquet file ({error})") from None
    return [
        Partition(index, str(path), "parquet", start, min(start + records_per_partition, rows), start)
        for index, start in enumerate(range(0, rows, records_per_partition))
    ]


def read_partition(partition: Partition, text_key: str = "text", id_key: str = "id") -> Iterator[InputRecord]:
    if partition.kind == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(partition.path).slice(partition.start, partition.end - partition.start)
        for offset, row in enumerate(table.to_pylist()):
            yield record_from_mapping(f"{partition.path}:row {partition.start + offset}", row, text_key, id_key)
        return
    with open(partition.path, "rb") as handle:
        handle.seek(partition.start)
        lines = (line.data for line in bounded_lines(handle, partition.path, length=partition.end - partition.start))
        yield from iter_jsonl(lines, partition.path, text_key, id_key, first_line=partition.first_record)
