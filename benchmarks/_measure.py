"""Shared helpers for the benchmark scripts."""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MB."""
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 1024 / 1024, 1)


def directory_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def parse_args_without_pytorch(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """The script's arguments, with --with-pytorch; unless it is given, `import torch` fails in this
    process from now on, as it does where whosaid was installed as the README says (`make install`
    leaves the finetune extra out): spaCy's thinc imports PyTorch wherever it is installed, about
    250 MB that no profile uses. Call it before importing spaCy."""
    parser.add_argument("--with-pytorch", action="store_true", help="let spaCy import PyTorch where it is installed")
    args = parser.parse_args()
    if not args.with_pytorch:
        sys.modules.setdefault("torch", None)
    return args


def pytorch_in_process() -> bool:
    return sys.modules.get("torch") is not None
