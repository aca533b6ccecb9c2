"""Seconds each component of the pipeline takes on the PolNeAR dev texts, and its share of the whole.

    .venv/bin/python benchmarks/component_cost.py [--data ../shared/data] [--profile fast] [--repeat 2]
        [--with-coreference]

Each text goes through the components one by one (as `nlp(text)` runs them), each timed; the
best of `--repeat` passes is kept per component. The texts are read at run time and never stored.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import whosaid
from whosaid.pipeline.profile_options import DEFAULT_PROFILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--profile", default=DEFAULT_PROFILE.value, help="fast, accurate or precise")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the texts; each component's best is kept")
    parser.add_argument(
        "--with-coreference", action="store_true", help="add the opt-in coreference component (before entities)"
    )
    args = parser.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted((args.data / "polnear" / args.split / "text").glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no texts under {args.data / 'polnear' / args.split / 'text'}")
    nlp = whosaid.load(profile=args.profile)
    if args.with_coreference:
        nlp.add_pipe("whosaid_coref_v1", name="coreference", before="entities")
    for text in texts[:4]:  # warm up
        nlp(text)
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        spent = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
        for text in texts:
            start = time.perf_counter()
            doc = nlp.make_doc(text)
            spent["tokenizer"] += time.perf_counter() - start
            for name, component in nlp.pipeline:
                start = time.perf_counter()
                doc = component(doc)
                spent[name] += time.perf_counter() - start
        best = {name: min(seconds, best.get(name, float("inf"))) for name, seconds in spent.items()}
    total = sum(best.values())
    print(
        json.dumps(
            {
                "profile": args.profile,
                "articles": len(texts),
                "seconds": round(total, 2),
                "components": {
                    name: {"seconds": round(seconds, 3), "share_percent": round(100 * seconds / total, 2)}
                    for name, seconds in best.items()
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
