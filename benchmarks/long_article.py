"""Time and peak memory for one very long article (5 MB by default).

    .venv/bin/python benchmarks/long_article.py [--megabytes 5]

The article is built from the shipped samples, with the figures varied so
that paragraphs differ.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from _measure import peak_rss_mb

import whosaid

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def long_article(megabytes: float) -> str:
    paragraphs = [
        paragraph
        for path in sorted(SAMPLES.glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")
    ]
    target = int(megabytes * 1_000_000)
    parts, size, number = [], 0, 0
    while size < target:
        paragraph = paragraphs[number % len(paragraphs)].replace("300", str(300 + number))
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
        number += 1
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    text = long_article(args.megabytes)
    nlp = whosaid.load(args.model)
    rss_loaded = peak_rss_mb()
    start = time.perf_counter()
    article = whosaid.extract(text, nlp=nlp)
    seconds = time.perf_counter() - start
    assert article.text == text
    print(
        json.dumps(
            {
                "megabytes": round(len(text.encode("utf-8")) / 1e6, 2),
                "seconds": round(seconds, 1),
                "entities": len(article.entities),
                "mentions": sum(len(e.mentions) for e in article.entities),
                "peak_rss_mb_after_load": rss_loaded,
                "peak_rss_mb": peak_rss_mb(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
