"""Engines run `process_partition` over partitions: in this process or in a pool of
processes. Each returns the partitions' results in any order; the records on disk do
not depend on the engine. Spark runs batches as a job of its own (spark_batch.py).
"""

from __future__ import annotations

import functools
import multiprocessing
from collections.abc import Iterator
from typing import Protocol

from whosaid.errors import InvalidOptionError
from whosaid.processing.batch import BatchSettings, PartitionResult, process_partition
from whosaid.processing.options import EngineName, choices
from whosaid.processing.partitions import Partition


class Engine(Protocol):
    def run(self, partitions: list[Partition], settings: BatchSettings) -> Iterator[PartitionResult]: ...


class LocalEngine:
    def run(self, partitions: list[Partition], settings: BatchSettings) -> Iterator[PartitionResult]:
        for partition in partitions:
            yield process_partition(partition, settings)


class MultiprocessEngine:
    """A pool of worker processes; each loads the pipeline once, on its first partition."""

    def __init__(self, n_process: int) -> None:
        self.n_process = n_process

    def run(self, partitions: list[Partition], settings: BatchSettings) -> Iterator[PartitionResult]:
        # spawn, not fork: a forked copy of a process with BLAS threads can hang.
        context = multiprocessing.get_context("spawn")
        with context.Pool(self.n_process, maxtasksperchild=None) as pool:
            yield from pool.imap_unordered(functools.partial(process_partition, settings=settings), partitions)


def make_engine(name: str, *, n_process: int = 2) -> Engine:
    if name == EngineName.local:
        return LocalEngine()
    if name == EngineName.mp:
        return MultiprocessEngine(n_process)
    if name == EngineName.spark:
        raise InvalidOptionError("spark runs as a Spark job of its own: whosaid.processing.spark_batch.run_spark_batch")
    raise InvalidOptionError(f"unknown engine {name!r} (choose from {choices(EngineName)})")
