"""Articles per second of the whole pipeline, one process, on the PolNeAR dev texts.

    .venv/bin/python benchmarks/pipeline_speed.py [--data ../shared/data] [--repeat 2] [--with-pytorch]

The texts are read from the shared data at run time and never stored. PyTorch is kept out of the
process, as the README's install leaves it out, unless --with-pytorch.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from _measure import directory_size_mb, parse_args_without_pytorch, peak_rss_mb, pytorch_in_process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the texts; the best is reported")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--profile", default=None, help="fast, accurate or precise (default: whosaid's)")
    parser.add_argument(
        "--encoder-threads", type=int, default=None, help="accurate, precise: ONNX Runtime threads (default 1)"
    )
    args = parse_args_without_pytorch(parser)
    import whosaid
    from whosaid.models import NEWS_MODEL_PATH
    from whosaid.models.base import base_model_path
    from whosaid.pipeline.attribution.encoder_component import EncoderAttribution
    from whosaid.pipeline.profile_options import DEFAULT_PROFILE
    from whosaid.pipeline.profiles import ENCODER_MODELS

    args.profile = args.profile or DEFAULT_PROFILE.value

    texts = [p.read_text(encoding="utf-8") for p in sorted((args.data / "polnear" / args.split / "text").glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no texts under {args.data / 'polnear' / args.split / 'text'}")
    nlp = whosaid.load(args.model, profile=args.profile)
    if args.encoder_threads is not None:  # the encoder component, under whichever name the profile gave it
        for _, component in nlp.pipeline:
            if isinstance(component, EncoderAttribution):
                component.threads = args.encoder_threads
    list(whosaid.extract_many(texts[:4], nlp=nlp))  # warm up
    best = float("inf")
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        articles = list(whosaid.extract_many(texts, nlp=nlp))
        if time.perf_counter() - start < best:
            best, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    tokens = sum(len(nlp.make_doc(text)) for text in texts)
    print(
        json.dumps(
            {
                "articles": len(articles),
                "tokens": tokens,
                "seconds": round(best, 2),
                "articles_per_second": round(len(texts) / best, 2),
                "tokens_per_second": round(tokens / best),
                # CPU seconds per wall second: above 1, the process also kept the other core busy.
                "cores_used": round(cpu / best, 2),
                "peak_rss_mb": peak_rss_mb(),
                # the base (en_core_web_md) and whosaid's components, or the whole pipeline given
                "model_mb": (
                    directory_size_mb(args.model)
                    if args.model
                    else directory_size_mb(Path(base_model_path())) + directory_size_mb(NEWS_MODEL_PATH)
                )
                + (directory_size_mb(ENCODER_MODELS[args.profile]) if args.profile in ENCODER_MODELS else 0),
                "pipeline": nlp.pipe_names,
                "profile": args.profile,
                "pytorch_in_process": pytorch_in_process(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
