"""Seconds each component of the pipeline takes on the PolNeAR dev texts, and its share of the whole;
where the profile runs the coreference component (accurate, precise) or `--with-coreference` adds
it, what it adds to the whole.

    .venv/bin/python benchmarks/component_cost.py [--data ../shared/data] [--profile fast] [--repeat 2]
        [--with-coreference default|fast]

Each text goes through the components one by one (as `nlp(text)` runs them), each timed; the
best of `--repeat` passes is kept per component. With the coreference component, the profile's
pipeline and the same pipeline without it (before attribution, where it
shares the accurate profile's encoder run) take turns on each pass, and the report gives both
wholes and the share the component adds: in the accurate profile its own time includes the
encoder run that attribution then takes, so only the difference of the wholes is its cost. The
texts are read at run time and never stored.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import whosaid
from whosaid.pipeline.profile_options import DEFAULT_PROFILE
from whosaid.pipeline.profiles import COREFERENCE


def timed_pass(nlp, texts: list[str]) -> dict[str, float]:
    spent = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
    for text in texts:
        start = time.perf_counter()
        doc = nlp.make_doc(text)
        spent["tokenizer"] += time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            spent[name] += time.perf_counter() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--profile", default=DEFAULT_PROFILE.value, help="fast, accurate or precise")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the texts; each component's best is kept")
    parser.add_argument(
        "--with-coreference",
        choices=["default", "fast"],
        help="add the coreference component where the profile has none (fast): its default model (the accurate "
        "profile's encoder states) or the fast one (the base's features alone)",
    )
    args = parser.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted((args.data / "polnear" / args.split / "text").glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no texts under {args.data / 'polnear' / args.split / 'text'}")
    pipelines = {"without": whosaid.load(profile=args.profile, exclude=[COREFERENCE])}
    nlp = whosaid.load(profile=args.profile)
    if args.with_coreference and COREFERENCE not in nlp.pipe_names:
        config = {"encoder_states": args.with_coreference == "default"}
        nlp.add_pipe("whosaid_coref_v1", name=COREFERENCE, before="attribution", config=config)
    if COREFERENCE in nlp.pipe_names:
        pipelines["with"] = nlp
    for nlp in pipelines.values():
        for text in texts[:4]:  # warm up
            nlp(text)
    best: dict[str, dict[str, float]] = {kind: {} for kind in pipelines}
    for _ in range(args.repeat):
        for kind, nlp in pipelines.items():
            spent = timed_pass(nlp, texts)
            best[kind] = {name: min(seconds, best[kind].get(name, float("inf"))) for name, seconds in spent.items()}
    shown = best.get("with", best["without"])
    total = sum(shown.values())
    report = {
        "profile": args.profile,
        "articles": len(texts),
        "seconds": round(total, 2),
        "components": {
            name: {"seconds": round(seconds, 3), "share_percent": round(100 * seconds / total, 2)}
            for name, seconds in shown.items()
        },
    }
    if "with" in pipelines:
        without = sum(best["without"].values())
        report["coreference"] = {
            "model": "default"
            if pipelines["with"].config["components"][COREFERENCE].get("encoder_states", True)
            else "fast",
            "seconds_without": round(without, 2),
            "seconds_with": round(total, 2),
            "added_percent": round(100 * (total - without) / without, 2),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
