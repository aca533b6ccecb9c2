"""Turn per-token BILUO labels into spans, leniently.

A span starts at B or U, or at an I or L that follows nothing of its type,
and ends at L or U, or where the next label is not I or L of its type. So a
model's slips (O I L, B B) still give spans instead of being dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy


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


_EPSILON = 1e-6


def span_scores(probs: numpy.ndarray, columns: tuple[int, int, int, int], blocked: numpy.ndarray) -> numpy.ndarray:
    """Log-likelihood ratio of each span [i, j] (inclusive) being one span of a role
    against none of its tokens having that role; -inf where a span is not allowed.

    `probs` are per-token label probabilities, `columns` the role's B, I, L, U
    columns, `blocked` the tokens the span may not cover.
    """
    b, i, last, u = (numpy.log(probs[:, column] + _EPSILON) for column in columns)
    outside = numpy.log(numpy.clip(1.0 - probs[:, list(columns)].sum(axis=1), _EPSILON, None))
    inside = numpy.concatenate(([0.0], numpy.cumsum(i - outside)))
    n = len(probs)
    starts, ends = numpy.arange(n)[:, None], numpy.arange(n)[None, :]
    scores = (b - outside)[:, None] + (inside[None, :-1] - inside[1:, None]) + (last - outside)[None, :]
    scores[numpy.diag_indices(n)] = u - outside
    taken = numpy.concatenate(([0], numpy.cumsum(blocked)))
    allowed = (ends >= starts) & (taken[None, 1:] - taken[:-1, None] == 0)
    return numpy.where(allowed, scores, -numpy.inf)


def best_spans(scores: numpy.ndarray, split_at: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """The most likely spans (start, end exclusive) given `span_scores`: none, one,
    or, when `split_at` (start, end) is given, one before and one after it, as a
    content interrupted by its cue ("A," she said, "B")."""
    if not scores.size:
        return []
    best = numpy.unravel_index(numpy.argmax(scores), scores.shape)
    options = [(scores[best], [(int(best[0]), int(best[1]) + 1)])]
    if split_at is not None:
        start, end = split_at
        before, after = scores[:start, :start], scores[end:, end:]
        if before.size and after.size:
            first = numpy.unravel_index(numpy.argmax(before), before.shape)
            second = numpy.unravel_index(numpy.argmax(after), after.shape)
            pair = [(int(first[0]), int(first[1]) + 1), (int(second[0]) + end, int(second[1]) + end + 1)]
            options.append((before[first] + after[second], pair))
    score, spans = max(options, key=lambda option: option[0])
    return spans if score > 0 else []
