"""Batch throughput and peak memory of each engine on the PolNeAR dev texts.

    .venv/bin/python benchmarks/throughput.py [--data ../shared/data] [--copies 1] [--partition-size 21]

Engines: local (one process), mp with 2 processes, Spark local[2]. Each runs in
its own subprocess, so that its peak RSS (the largest of the process and its
workers) is its own. The texts are read from the shared data at run time and
written to a temporary JSONL; nothing is stored. Times include starting the
workers and loading the pipeline in each.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINES = {"local": {}, "mp": {"n_process": 2}, "spark": {"master": "local[2]"}}


def run_one(engine: str, input_path: Path, output: Path, partition_size: int) -> dict:
    from whosaid.processing.batch import BatchSettings
    from whosaid.processing.engines import make_engine
    from whosaid.processing.runner import run_batch

    settings = BatchSettings(str(output), layout="tables", output_format="parquet")
    start = time.perf_counter()
    if engine == "spark":
        from whosaid.processing.spark_batch import run_spark_batch

        summary = run_spark_batch(
            str(input_path), str(output), settings, records_per_partition=partition_size, **ENGINES[engine]
        )
    else:
        summary = run_batch(
            input_path, settings, make_engine(engine, **ENGINES[engine]), records_per_partition=partition_size
        )
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "engine": engine,
        "articles": summary.articles,
        "seconds": round(seconds, 2),
        "articles_per_second": round(summary.articles / seconds, 2),
        "peak_rss_mb_driver": round(own, 1),
        "peak_rss_mb_largest_worker": round(children, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--copies", type=int, default=1, help="how many times the dev texts are repeated")
    parser.add_argument("--partition-size", type=int, default=21)
    parser.add_argument("--one", choices=list(ENGINES), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.input, args.output, args.partition_size)))
        return
    texts = [p.read_text(encoding="utf-8") for p in sorted((args.data / "polnear" / "dev" / "text").glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no texts under {args.data / 'polnear' / 'dev' / 'text'}")
    with tempfile.TemporaryDirectory() as scratch:
        input_path = Path(scratch) / "dev.jsonl"
        with input_path.open("w", encoding="utf-8") as handle:
            for copy in range(args.copies):
                for number, text in enumerate(texts):
                    handle.write(json.dumps({"id": f"{copy}-{number}", "text": text}) + "\n")
        results = []
        for engine in ENGINES:
            command = [sys.executable, __file__, "--one", engine, "--input", str(input_path)]
            command += ["--output", str(Path(scratch) / engine), "--partition-size", str(args.partition_size)]
            completed = subprocess.run(command, capture_output=True, text=True, check=True)
            results.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    local = results[0]["articles_per_second"]
    for result in results:
        result["speedup_vs_local"] = round(result["articles_per_second"] / local, 2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
