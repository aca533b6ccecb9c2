"""Engines run `process_partition` over partitions: in this process, in a pool of
processes, or on Apache Spark. Each returns the partitions' results in any order;
the records on disk do not depend on the engine.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
from collections.abc import Iterator
from typing import Protocol

from whosaid.errors import InvalidOptionError, MissingExtraError
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


class SparkEngine:
    """One Spark task per partition. Executors import whosaid and load the pipeline
    themselves (once per Python worker); only the partition plan and the settings
    travel from the driver. OUTPUT must be a path every executor can write to."""

    def __init__(self, master: str = "local[2]") -> None:
        self.master = master

    def run(self, partitions: list[Partition], settings: BatchSettings) -> Iterator[PartitionResult]:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise MissingExtraError("the spark engine needs PySpark: pip install 'whosaid[spark]'") from None
        # Executors in local mode run this interpreter, with whosaid importable.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        spark = SparkSession.builder.master(self.master).appName("whosaid batch").getOrCreate()
        try:
            rdd = spark.sparkContext.parallelize(partitions, max(len(partitions), 1))
            task = functools.partial(process_partition, settings=settings)
            # collect(), not toLocalIterator(): the latter runs one partition at a time.
            yield from rdd.map(task).collect()
        finally:
            spark.stop()


def make_engine(name: str, *, n_process: int = 2, master: str = "local[2]") -> Engine:
    if name == EngineName.local:
        return LocalEngine()
    if name == EngineName.mp:
        return MultiprocessEngine(n_process)
    if name == EngineName.spark:
        return SparkEngine(master)
    raise InvalidOptionError(f"unknown engine {name!r} (choose from {choices(EngineName)})")
