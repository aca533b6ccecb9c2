"""Batch extraction on a Spark standalone cluster: a worker of 2 cores against 1, and peak memory.

    .venv/bin/python benchmarks/spark_cluster.py [--data ../shared/data] [--articles 96]

For 1 and then 2 cores, starts a master and a worker on this machine
(whosaid.processing.standalone), then in one driver session runs a warm-up batch (one task
per core, so that each Python worker has loaded the pipeline) and the timed batch: ARTICLES
PolNeAR dev texts (cycled; read at run time, nothing stored), tables layout, Parquet. Peak
memory, sampled from /proc every 0.2 s: the driver (this process and its JVM) and the
executors (the executor JVM and its Python workers, all under the worker).
Target (issue 34): 2 cores >= 1.7 times the articles/s of 1.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid: (parent pid, resident KiB, command line) of every process readable now."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss = int(fields.get("VmRSS", "0 kB").split()[0])
        found[int(entry.name)] = (int(fields["PPid"]), rss, command)
    return found


def _descendants(processes: dict[int, tuple[int, int, str]], root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    found, stack = [], list(children.get(root, []))
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


class PeakMemory(threading.Thread):
    """Peak resident MB of the driver (this process and its JVM), of the executors together,
    and of the largest Python worker, while running."""

    def __init__(self, worker_pid: int) -> None:
        super().__init__(daemon=True)
        self.worker_pid = worker_pid
        self.peaks = {"driver_mb": 0.0, "executors_mb": 0.0, "largest_python_worker_mb": 0.0}
        self.running = True

    def run(self) -> None:
        while self.running:
            processes = _processes()
            own = os.getpid()
            driver = processes.get(own, (0, 0, ""))[1] + sum(
                processes[pid][1] for pid in _descendants(processes, own) if "SparkSubmit" in processes[pid][2]
            )
            executors = [processes[pid] for pid in _descendants(processes, self.worker_pid)]
            pythons = [rss for _, rss, command in executors if "-m pyspark.daemon" in command]
            for key, kib in (("driver_mb", driver), ("executors_mb", sum(rss for _, rss, _ in executors)),
                             ("largest_python_worker_mb", max(pythons, default=0))):  # fmt: skip
                self.peaks[key] = max(self.peaks[key], round(kib / 1024, 1))
            time.sleep(0.2)


def run_on_cluster(cores: int, texts: list[str], articles: int, scratch: Path) -> dict:
    from whosaid.processing.batch import BatchSettings
    from whosaid.processing.spark_batch import run_spark_batch, start_session
    from whosaid.processing.standalone import standalone_cluster

    def batch_input(name: str, count: int) -> Path:
        path = scratch / f"{name}-{cores}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for number in range(count):
                handle.write(json.dumps({"id": str(number), "text": texts[number % len(texts)]}) + "\n")
        return path

    warm_up, timed = batch_input("warm-up", cores), batch_input("timed", articles)
    with standalone_cluster(cores=cores, directory=scratch / f"cluster-{cores}") as cluster:
        memory = PeakMemory(cluster.worker.pid)
        memory.start()
        session = start_session(cluster.url)
        try:
            settings = {"layout": "tables", "output_format": "parquet"}
            output = scratch / f"warm-up-out-{cores}"
            run_spark_batch(str(warm_up), str(output), BatchSettings(str(output), **settings), session=session)
            output = scratch / f"out-{cores}"
            start = time.perf_counter()
            summary = run_spark_batch(str(timed), str(output), BatchSettings(str(output), **settings), session=session)
            seconds = time.perf_counter() - start
        finally:
            session.stop()
            memory.running = False
            memory.join()
    return {"cores": cores, "articles": summary.articles, "partitions": summary.partitions,
            "seconds": round(seconds, 2), "articles_per_second": round(summary.articles / seconds, 2),
            **memory.peaks}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--articles", type=int, default=96)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted((args.data / "polnear" / "dev" / "text").glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no texts under {args.data / 'polnear' / 'dev' / 'text'}")
    with tempfile.TemporaryDirectory() as scratch:
        results = [run_on_cluster(cores, texts, args.articles, Path(scratch)) for cores in (1, 2)]
    results[1]["speedup_vs_1_core"] = round(results[1]["articles_per_second"] / results[0]["articles_per_second"], 2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
