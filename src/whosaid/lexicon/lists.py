"""What the word lists of a component's config share."""

from __future__ import annotations

from collections.abc import Iterable


def lowered(words: Iterable[str]) -> frozenset[str]:
    """Words as the rules match them: lower-cased, spaces single ("Nordwire  Press" -> "nordwire press")."""
    if isinstance(words, str):
        raise ValueError(f"a word list is a list of words, not the string {words!r}")
    return frozenset(" ".join(word.lower().split()) for word in words)
