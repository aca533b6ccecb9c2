"""The closed choices of a batch run, shared by the CLI (Typer shows them) and the workers.

Kept free of heavy imports: the CLI reads them before anything is loaded.
"""

from __future__ import annotations

from enum import Enum


class EngineName(str, Enum):
    """local: one process; mp: a pool of processes; spark: Apache Spark."""

    local = "local"
    mp = "mp"
    spark = "spark"


class RecordLayout(str, Enum):
    """nested: one record per article; tables: statements, quantities, entities, times apart."""

    nested = "nested"
    tables = "tables"


class RecordFormat(str, Enum):
    """What batch records are read from (spark) and written in."""

    jsonl = "jsonl"
    parquet = "parquet"


def choices(options: type[Enum]) -> str:
    return ", ".join(option.value for option in options)
