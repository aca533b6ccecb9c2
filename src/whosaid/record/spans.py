"""Span edges a reader can trust: never on whitespace, never inside a character as people see it.

The pipeline's tokens can put a span's edge on a line break ("\\r\\n\\r\\nAhmed") or between
the code points of one grapheme cluster (half of the flag 🇪🇸, the first person of a family
emoji). `tidied` moves every span of a record inward past whitespace and line separators, then
outward to the edges of the grapheme clusters it touches (the `regex` module's `\\X`), and
sets its text to the article's text between its offsets, so offsets stay exact.
"""

from __future__ import annotations

from typing import Any

import regex

_CLUSTER = regex.compile(r"\X")
# How far back to look for a cluster boundary to segment from (a cluster is never near this long).
_LOOK_BACK = 64


def cluster_start(text: str, position: int) -> int:
    """The start of the grapheme cluster holding `position` (itself if a cluster starts there)."""
    if 0 < position < len(text) and text[position - 1].isascii() and text[position].isascii():
        # Two ASCII characters are two clusters, but for a line break's "\r\n" (Unicode's GB3)
        return position - 1 if text[position - 1 : position + 1] == "\r\n" else position
    anchor = max(0, position - _LOOK_BACK)
    for found in _CLUSTER.finditer(text, anchor, min(len(text), position + _LOOK_BACK)):
        if found.end() > position:
            return found.start()
    return position


def edges(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without whitespace at either edge, widened to whole grapheme clusters."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    start = cluster_start(text, start)
    if end < len(text):
        cluster = cluster_start(text, end)
        if cluster != end:  # `end` falls inside a cluster: take all of it
            end = _CLUSTER.match(text, cluster).end()
    return start, end


def _tidied_value(value: Any, text: str) -> Any:
    if isinstance(value, list):
        return [_tidied_value(item, text) for item in value]
    if not isinstance(value, dict):
        return value
    value = {key: _tidied_value(item, text) for key, item in value.items()}
    if isinstance(value.get("start"), int) and isinstance(value.get("end"), int) and "text" in value:
        value["start"], value["end"] = edges(text, value["start"], value["end"])
        value["text"] = text[value["start"] : value["end"]]
    for key in [key for key in value if key == "fragments" or key.endswith("_fragments")]:
        value[key] = [edges(text, start, end) for start, end in value[key]]
    return value


def tidied(record: dict[str, Any], text: str) -> dict[str, Any]:
    """A record (as a dict, its spans' offsets into `text`) with every span's edges tidied."""
    return {key: _tidied_value(item, text) if key != "text" else item for key, item in record.items()}
