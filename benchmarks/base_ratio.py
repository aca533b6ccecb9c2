"""whosaid's whole extraction against a bare spaCy pipeline's nlp.pipe, on the same texts, timed
alternately in one process, so that a machine's fast or slow day cancels out.

    .venv/bin/python benchmarks/base_ratio.py [--base path/to/en_core_web_md] [--profile accurate] [--repeat 2]

Prints articles/s of each pass and the ratio of whosaid's best to the bare pipeline's best
(above 1: whosaid is faster). The texts are PolNeAR dev's, read at run time and never stored.
PyTorch is kept out of the process, as the README's install leaves it out, unless --with-pytorch.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from _measure import parse_args_without_pytorch, pytorch_in_process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=None, help="a spaCy pipeline (default: the base whosaid stands on)")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--profile", default=None, help="fast, accurate or precise (default: whosaid's)")
    parser.add_argument("--repeat", type=int, default=2, help="alternating passes of each; the best is reported")
    args = parse_args_without_pytorch(parser)
    import spacy

    import whosaid
    from whosaid.models.base import base_model_path
    from whosaid.pipeline.profile_options import DEFAULT_PROFILE
    from whosaid.processing.extraction import extract_many

    args.profile = args.profile or DEFAULT_PROFILE.value
    texts = [
        path.read_text(encoding="utf-8") for path in sorted((args.data / "polnear" / "dev" / "text").glob("*.txt"))
    ]
    bare, nlp = spacy.load(args.base or base_model_path()), whosaid.load(profile=args.profile)
    list(extract_many(texts[:3], nlp=nlp))  # warm both up: lazy loading is no part of the rate
    list(bare.pipe(texts[:3]))
    rates: dict[str, list[float]] = {"whosaid": [], "bare": []}
    for _ in range(args.repeat):
        started = time.perf_counter()
        list(extract_many(texts, nlp=nlp))
        rates["whosaid"].append(len(texts) / (time.perf_counter() - started))
        started = time.perf_counter()
        list(bare.pipe(texts))
        rates["bare"].append(len(texts) / (time.perf_counter() - started))
    result = {name: [round(rate, 2) for rate in values] for name, values in rates.items()}
    result |= {
        "articles": len(texts),
        "profile": args.profile,
        "ratio": round(max(rates["whosaid"]) / max(rates["bare"]), 2),
        "pytorch_in_process": pytorch_in_process(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
