"""Turn per-token BILUO labels into spans, leniently.

A span starts at B or U, or at an I or L that follows nothing of its type,
and ends at L or U, or where the next label is not I or L of its type. So a
model's slips (O I L, B B) still give spans instead of being dropped.
"""

from __future__ import annotations

from collections.abc import Sequence


def biluo_to_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) for each span, `end` exclusive."""
    spans = []
    start: int | None = None
    current: str | None = None
    for i, label in enumerate(labels):
        prefix, _, kind = label.partition("-")
        continues = start is not None and kind == current and prefix in ("I", "L")
        if start is not None and not continues:
            spans.append((start, i, current))
            start = current = None
        if prefix == "O":
            continue
        if start is None:
            start, current = i, kind
        if prefix in ("L", "U"):
            spans.append((start, i + 1, current))
            start = current = None
    if start is not None:
        spans.append((start, len(labels), current))
    return spans


def spans_to_biluo(length: int, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * length
    for start, end, kind in spans:
        if end - start == 1:
            labels[start] = f"U-{kind}"
            continue
        labels[start] = f"B-{kind}"
        for i in range(start + 1, end - 1):
            labels[i] = f"I-{kind}"
        labels[end - 1] = f"L-{kind}"
    return labels
