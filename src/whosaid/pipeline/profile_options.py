"""The pipeline's profiles by name: what the command line offers, without importing spaCy."""

from __future__ import annotations

from enum import Enum


class Profile(str, Enum):
    """fast: two small LSTM attribution models read as one; accurate: a fine-tuned small transformer encoder
    (MiniLM); precise: a fine-tuned base-size one (MPNet), the most accurate and the slowest."""

    fast = "fast"
    accurate = "accurate"
    precise = "precise"


# The default, chosen by issue 28's rule: accurate scores above fast on every role of PolNeAR dev
# and keeps at least 0.35 of the bare base model's speed (docs/BENCHMARKS.md).
DEFAULT_PROFILE = Profile.accurate

PROFILE_HELP = (
    "fast (two small LSTMs: the quickest), accurate (the default: attribution by a fine-tuned small transformer "
    "encoder, about two thirds of fast's speed) or precise (a base-size encoder: the most accurate, at about 40 % of "
    "accurate's speed). With --model, the pipeline as it was saved; accurate or precise then swaps in that "
    "encoder's attribution."
)
