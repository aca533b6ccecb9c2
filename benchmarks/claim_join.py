"""Joining new statements to the claims of a large store: p50 / p95 per new article, SQLite.

    .venv/bin/python benchmarks/claim_join.py [--statements 100000] [--new 200]

The samples' articles are extracted once, then copied until the copies hold STATEMENTS
statements. Each copy says new things: every word of its statements' contents is replaced by a
word of the same length drawn from the samples' words (so offsets stay right and each copy
founds claims of its own), and its people are renamed after one of 300 speakers drawn by a Zipf
law (s = 1.1), so the most quoted speakers have thousands of claims, as a politician has in a
news archive. Half the contents give a figure: a word of two or three letters becomes a number of
as many digits, one of FIGURES for its length, so that a speaker's claims share figures often
and each new content that gives one is compared with dozens of them or more as a paraphrase
(whosaid.provenance.claims.paraphrases: their sentence embeddings, computed once and kept).
The copies are stored in bulk (`Store.add_many`), then NEW more are added one at a
time and the time of joining each one's statements to the stored claims
(`Store._join_claims`) is measured. Target (issue 29): p95 <= 50 ms with 100,000 statements.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEAKERS = 300
FIGURES = 20  # numbers of each length in digits, two and three (four could read as years)


def _copies(statements: int, seed: int):
    from whosaid import extract
    from whosaid.record.model import article_id

    rng = random.Random(seed)
    originals = [extract(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "samples").glob("*.txt"))]
    by_length: dict[int, list[str]] = {}
    for original in originals:
        for word in set(re.findall(r"[a-z]+", original.text)):
            by_length.setdefault(len(word), []).append(word)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(SPEAKERS)]
    numbers = {n: [str(rng.randrange(10 ** (n - 1), 10**n)) for _ in range(FIGURES)] for n in (2, 3)}
    made = counted = 0
    while counted < statements:
        original = originals[made % len(originals)]
        text = list(original.text)
        for statement in original.statements:
            with_figure = rng.random() < 0.5
            for start, end in statement.content.fragments:
                for word in re.finditer(r"[a-z]+", original.text[start:end]):
                    length = len(word.group())
                    if with_figure and length in numbers:
                        text[start + word.start() : start + word.end()] = rng.choice(numbers[length])
                        with_figure = False
                    elif length in by_length:
                        text[start + word.start() : start + word.end()] = rng.choice(by_length[length])
        text = "".join(text) + f"\n\n[copy {made}]"
        speaker = {e.id: f"Speaker{rng.choices(range(SPEAKERS), weights)[0]} Person" for e in original.entities}
        entities = [
            e.model_copy(update={"name": speaker[e.id]}) if e.type == "PERSON" else e for e in original.entities
        ]
        statements_ = [
            s.model_copy(
                update={"content": s.content.model_copy(update={"text": text[s.content.start : s.content.end]})}
            )
            for s in original.statements
        ]
        yield original.model_copy(
            update={"id": article_id(text), "text": text, "entities": entities, "statements": statements_}
        )
        counted += len(original.statements)
        made += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=200)
    args = parser.parse_args()
    from whosaid.store.store import Store

    articles = list(_copies(args.statements, seed=1))
    new = list(_copies(args.new * 10, seed=2))[: args.new]
    joins: list[float] = []
    with tempfile.TemporaryDirectory() as scratch, Store(Path(scratch) / "claims.db") as store:
        start = time.perf_counter()
        for _ in store.add_many(articles):
            pass
        bulk_seconds = time.perf_counter() - start
        join = store._join_claims

        def timed(*arguments):
            began = time.perf_counter()
            join(*arguments)
            joins.append(time.perf_counter() - began)

        store._join_claims = timed
        for article in new:
            store.add(article)
        claims = store.counts()
    ms = sorted(1000 * seconds for seconds in joins)
    print(json.dumps({
        "stored_articles": len(articles), "stored_statements": sum(len(a.statements) for a in articles),
        "bulk_seconds": round(bulk_seconds, 1), "new_articles": len(new),
        "statements_per_new_article": round(statistics.mean(len(a.statements) for a in new), 1),
        "join_ms_p50": round(ms[len(ms) // 2], 1), "join_ms_p95": round(ms[int(len(ms) * 0.95)], 1),
        "join_ms_max": round(ms[-1], 1), "counts": claims,
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
