"""Exports and list queries on a large store, and an endless JSONL input (issue 33's targets).

    .venv/bin/python benchmarks/exports.py [--statements 200000] [--db PATH]

Fills a SQLite store with generated articles of 10 statements each (built as records, not
extracted: only the store is measured), then, each in its own process so its peak memory is its
own: `whosaid export` as CSV, XLSX and Parquet (seconds, peak RSS); 100 `query statements`
calls through the Store with and without filters (median and p95 ms); and `whosaid batch` and
`whosaid extract` on /dev/zero named as JSONL (seconds, peak RSS, the error line). Prints JSON.

Targets: an export of 200,000 statements in <= 20 s and <= 500 MB (CSV and XLSX); a statements
query p95 <= 200 ms; /dev/zero stopped at the size cap with <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from whosaid.record.model import Article, Content, Cue, Entity, Mention, SourceRef, Statement, article_id
from whosaid.store.store import Store

SPEAKERS = ["Lee Ann Park", "Ahmed Karimi", "Maria Lopez", "the ministry", "officials", "Tom Lee", "Ana Ruiz"]
OUTLETS = ("Wire", "Courier", "Harbor Daily", "Lakeside Post")


def generated_article(number: int) -> Article:
    """An article of 10 statements, each by one of a few speakers (so entities repeat across articles)."""
    parts, statements, entities = [], [], {}
    position = 0
    for index in range(10):
        speaker = SPEAKERS[(number + index) % len(SPEAKERS)]
        content = f"{number * 10 + index} bridges were repaired in district {index} before the storm season"
        sentence = f"{speaker} said {content}. "
        speaker_span = Mention(text=speaker, start=position, end=position + len(speaker))
        cue_start = position + len(speaker) + 1
        content_start = cue_start + 5
        entity = entities.setdefault(speaker, f"e{len(entities) + 1}")
        statements.append(
            Statement(
                id=f"s{index + 1}",
                speaker=SourceRef(**speaker_span.model_dump(), entity=entity, name=speaker, type="PERSON"),
                cue=Cue(text="said", start=cue_start, end=cue_start + 4, lemma="say", type="assert"),
                content=Content(
                    text=content,
                    start=content_start,
                    end=content_start + len(content),
                    fragments=[(content_start, content_start + len(content))],
                ),
                kind="indirect",
                confidence=0.8,
            )
        )
        parts.append(sentence)
        position += len(sentence)
    text = "".join(parts)
    mentions = {name: [] for name in entities}
    for statement in statements:
        mentions[statement.speaker.name].append(
            Mention(**statement.speaker.model_dump(include={"text", "start", "end"}))
        )
    return Article(
        id=article_id(text),
        title=f"Bridges, part {number}",
        outlet=OUTLETS[number % len(OUTLETS)],
        published=f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}",
        text=text,
        entities=[
            Entity(id=entity, name=name, type="PERSON", mentions=mentions[name]) for name, entity in entities.items()
        ],
        statements=statements,
    )


def fill(db: Path, statements: int, distinct: int = 1000) -> float:
    """`distinct` articles stored by Store.add, then copied by SQL (new ids, the same entities)
    until the store holds `statements`: storing 20,000 articles one by one takes minutes."""
    started = time.perf_counter()
    with Store(db) as store:
        for number in range(store.counts()["articles"], distinct):
            store.add(generated_article(number))
        with store.engine.begin() as connection:
            have = connection.exec_driver_sql("SELECT count(*) FROM statements").scalar_one()
            copy = 0
            while have < statements:
                copy += 1
                _copy_articles(connection, f"-{copy}")
                have = connection.exec_driver_sql("SELECT count(*) FROM statements").scalar_one()
        store.optimize()  # as whosaid ingest does at its end
    return round(time.perf_counter() - started, 1)


def _copy_articles(connection, suffix: str) -> None:
    """One more copy of the first articles and their rows, their ids ending in `suffix`."""
    originals = "id NOT LIKE '%-%'"
    connection.exec_driver_sql(
        "INSERT INTO articles (id, title, url, outlet, published, text, record) "
        f"SELECT id || '{suffix}', title, url, outlet, published, text, record FROM articles WHERE {originals}"
    )
    first_new = connection.exec_driver_sql("SELECT coalesce(max(pk), 0) + 1 FROM statements").scalar_one()
    for table in ("statements", "article_entities", "quantities", "times"):
        columns = [row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})") if row[1] != "pk"]
        listed = ", ".join(columns)
        chosen = ", ".join(f"article_id || '{suffix}'" if name == "article_id" else name for name in columns)
        connection.exec_driver_sql(
            f"INSERT INTO {table} ({listed}) SELECT {chosen} FROM {table} WHERE article_id NOT LIKE '%-%'"
        )
    connection.exec_driver_sql(
        f"INSERT INTO statements_fts (rowid, content) SELECT pk, content_text FROM statements WHERE pk >= {first_new}"
    )


def measured(command: list[str]) -> dict:
    """Run a command; its seconds, peak RSS (MB), exit code and last stderr line."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    lines = stderr.strip().splitlines()
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": os.waitstatus_to_exitcode(status),
        "stderr": lines[-1] if lines else "",
    }


def query_times(db: Path, repeats: int = 100) -> dict:
    cases = {
        "newest 50": {},
        "speaker": {"speaker": "park"},
        "since": {"since": "2025-06-01"},
        "offset 10000": {"offset": 10_000},
        "q, matching every statement": {"q": "bridges"},
    }
    results = {}
    with Store(db) as store:
        for name, filters in cases.items():
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                store.statements(limit=50, **filters)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            results[name] = {
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=200_000)
    parser.add_argument("--db", type=Path, help="Keep the store here (reused by later runs).")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="whosaid-exports-"))
    db = args.db or work / "ledger.db"
    report = {"statements": args.statements, "fill_seconds": fill(db, args.statements)}
    whosaid = [sys.executable, "-m", "whosaid"]
    for file_format in ("csv", "xlsx", "parquet"):
        out = work / f"out-{file_format}"
        report[f"export_{file_format}"] = measured(
            [*whosaid, "export", str(out), "--db", str(db), "--format", file_format, "--force"]
        )
    report["statements_query"] = query_times(db)
    zero = work / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    report["dev_zero_batch"] = measured([*whosaid, "batch", str(zero), str(work / "batch-out")])
    report["dev_zero_extract"] = measured([*whosaid, "extract", str(zero)])
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
