"""Time of the whole extraction on pathological articles, at growing sizes: the
time per character should stay flat (linear time).

    .venv/bin/python benchmarks/pathological.py [--sizes 2500 5000 10000]

Kinds: unmatched straight quotes, nested curly quotes, a quote left open to the
end, and text that is only quotation marks. Sizes count quotation marks.
"""

from __future__ import annotations

import argparse
import json
import time

import whosaid

KINDS = {
    "only_marks": lambda n: '" ' * n,
    "unmatched_straight": lambda n: 'He said "yes and "no. ' * (n // 2),
    "nested_curly": lambda n: "“She said “we agreed” and left,” he said. " * (n // 4),
    "open_to_the_end": lambda n: "He said: “" + "We will stay. " * n,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000])
    args = parser.parse_args()
    nlp = whosaid.load()
    whosaid.extract("Warm up, she said.", nlp=nlp)
    results = {}
    for kind, make in KINDS.items():
        rows = []
        for size in args.sizes:
            text = make(size)
            start = time.perf_counter()
            article = whosaid.extract(text, nlp=nlp)
            seconds = time.perf_counter() - start
            rows.append(
                {
                    "marks": size,
                    "chars": len(text),
                    "seconds": round(seconds, 2),
                    "us_per_char": round(1e6 * seconds / max(len(text), 1), 2),
                    "statements": len(article.statements),
                }
            )
        results[kind] = rows
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
