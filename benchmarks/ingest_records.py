"""Storing a batch's records in bulk: `whosaid ingest --records` on 100,000 statements, SQLite.

    .venv/bin/python benchmarks/ingest_records.py [--statements 100000] [--one-by-one 300]

The samples' articles are extracted once, then copied (each copy's text gets a line of its
own, so its id differs and its offsets stay right) until they hold STATEMENTS statements,
and written as a batch writes Parquet (nested layout) to a temporary directory. Timed:
`whosaid ingest --records` of the directory into a new SQLite store (a subprocess, start
included), and, for the rate it replaces, `Store.add` one article at a time on the first
ONE_BY_ONE copies. Target (issue 34): 100,000 statements in <= 60 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copies(statements: int):
    from whosaid import extract
    from whosaid.record.model import article_id

    originals = [extract(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "samples").glob("*.txt"))]
    made = counted = 0
    while counted < statements:
        original = originals[made % len(originals)]
        text = f"{original.text}\n\n[copy {made}]"
        yield original.model_copy(update={"id": article_id(text), "text": text})
        counted += len(original.statements)
        made += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--one-by-one", type=int, default=300)
    args = parser.parse_args()
    import pyarrow as pa
    import pyarrow.parquet as pq

    from whosaid.processing.tables import arrow_schemas, nested_row
    from whosaid.store.store import Store

    articles = list(copies(args.statements))
    statements = sum(len(article.statements) for article in articles)
    with tempfile.TemporaryDirectory() as scratch:
        records = Path(scratch) / "articles"
        records.mkdir()
        schema = arrow_schemas("nested")["articles"]
        for part, first in enumerate(range(0, len(articles), 1000)):
            rows = [nested_row(article, None) for article in articles[first : first + 1000]]
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), records / f"part-{part:05d}.parquet")
        db = Path(scratch) / "bulk.db"
        start = time.perf_counter()
        command = [str(Path(sys.executable).with_name("whosaid")), "ingest", "--records", str(records), "--db", str(db)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        bulk_seconds = time.perf_counter() - start
        store = Store(Path(scratch) / "one.db")
        start = time.perf_counter()
        for article in articles[: args.one_by_one]:
            store.add(article)
        one_seconds = time.perf_counter() - start
        store.close()
    one_statements = sum(len(article.statements) for article in articles[: args.one_by_one])
    print(json.dumps({
        "articles": len(articles), "statements": statements, "ingest_summary": json.loads(done.stdout.splitlines()[-1]),
        "bulk_seconds": round(bulk_seconds, 1), "bulk_statements_per_second": round(statements / bulk_seconds),
        "one_by_one_statements_per_second": round(one_statements / one_seconds),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
