"""The pipeline's profiles by name: what the command line offers, without importing spaCy."""

from __future__ import annotations

from enum import Enum


class Profile(str, Enum):
    """fast: a small CNN attribution model; accurate: a fine-tuned small transformer encoder
    (MiniLM); precise: a fine-tuned base-size one (MPNet), the most accurate and the slowest."""

    fast = "fast"
    accurate = "accurate"
    precise = "precise"


PROFILE_HELP = (
    "fast (the default: a small CNN), accurate (attribution by a fine-tuned small transformer encoder; slower) "
    "or precise (a base-size encoder: the most accurate, several times slower than accurate)."
)
