"""The pipeline's profiles by name: what the command line offers, without importing spaCy."""

from __future__ import annotations

from enum import Enum


class Profile(str, Enum):
    """fast: a small CNN attribution model; accurate: adds a fine-tuned transformer encoder."""

    fast = "fast"
    accurate = "accurate"


PROFILE_HELP = "fast (the default: a small CNN) or accurate (attribution by a fine-tuned transformer encoder; slower)."
