"""How fast each page of the web app answers with 1,000 stored articles (target: p95 < 300 ms).

    .venv/bin/python benchmarks/views.py [--articles 1000] [--db postgresql+psycopg://...]

The store is filled with the sample articles and, when ../shared/data is there, the PolNeAR
dev texts (read at run time, never stored elsewhere), each extracted once and then stored
again with a numbered line appended (so each copy is its own article, with its own date and
outlet). Each view is then requested `--requests` times through the app (in process, no
network), and its median and 95th percentile are printed as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import whosaid
from whosaid.record.model import article_id
from whosaid.store.store import Store

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ("Wire", "Courier", "Harbor Daily", "Lakeside Post", "Kurier")
FIRST_DAY = dt.date(2026, 1, 1)


def base_texts(data: Path, most: int) -> list[str]:
    texts = [path.read_text("utf-8") for path in sorted((ROOT / "samples").glob("*.txt"))]
    texts += [path.read_text("utf-8") for path in sorted((data / "polnear" / "dev" / "text").glob("*.txt"))]
    return texts[:most]


def fill(store: Store, texts: list[str], total: int) -> list[str]:
    """Store `total` articles made from the texts' records; returns their ids."""
    records = list(whosaid.extract_many({"text": text} for text in texts))
    ids = []
    for number in range(total):
        record = records[number % len(records)]
        text = f"{record.text}\n\n(Copy {number}.)"
        published = (FIRST_DAY + dt.timedelta(days=number % 200)).isoformat()
        outlet = OUTLETS[number % len(OUTLETS)]
        copy = record.model_copy(
            update={"text": text, "id": article_id(text), "outlet": outlet, "published": published}
        )
        store.add(copy)
        ids.append(copy.id)
    return ids


def timed(client, path: str, requests: int) -> dict[str, float]:
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--db", default=None, help="a postgresql:// URL (default: a new SQLite file)")
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    from whosaid.server.app import create_app

    db = args.db or str(Path(tempfile.mkdtemp()) / "views.db")
    started = time.perf_counter()
    with Store(db) as store:
        ids = fill(store, base_texts(args.data, 90), args.articles)
        speakers = sorted({row.speaker_entity_id for row in store.statements(limit=1000) if row.speaker_entity_id})
    filled = time.perf_counter() - started
    random.seed(7)
    views = {
        "articles": "/articles",
        "articles filtered": "/articles?q=minister&outlet=Wire&since=2026-02-01",
        "article": f"/articles/{random.choice(ids)}",
        "entity": f"/entities/{random.choice(speakers)}",
        "claims": "/claims",
        "claims by unit": "/claims?unit=people",
        "search words": "/search?q=election",
        "search speaker": "/search?speaker=trump",
        "api statements": "/api/statements?limit=50",
    }
    with TestClient(create_app(db)) as client:
        timings = {name: timed(client, path, args.requests) for name, path in views.items()}
    print(json.dumps({"store": "postgresql" if args.db else "sqlite", "articles": args.articles,
                      "fill_seconds": round(filled, 1), "views": timings}, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
