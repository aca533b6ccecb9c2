"""A claim's history: its reports in order of publication, the first of them, and what changed
from one report to the next (drift): the figures, the dates and durations, a negation or hedge
gained or lost, the sources it was passed on through."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

# How a report of no known outlet is named.
UNKNOWN_OUTLET = "outlet unknown"


class Report(Protocol):
    """One statement reporting a claim, in one article."""

    article_id: str
    outlet: str | None
    published: str | None
    negated: bool
    hedged: bool
    reported_via: list[str]
    figures: list[str]
    times: list[str]
    time_values: list[str]


def in_order(reports: Sequence[Report]) -> list[Report]:
    """By publication date (undated last); reports of one date in the order given (the store's:
    as they were stored), not by article id, a hash of the text that says nothing of which came
    first."""
    return sorted(reports, key=lambda report: (report.published is None, report.published or ""))


def where(report: Report) -> str:
    """ "Wire, 2026-03-12": where and when a report ran."""
    return ", ".join(part for part in (report.outlet or UNKNOWN_OUTLET, report.published or "undated"))


def drift(reports: Sequence[Report]) -> list[str]:
    """What changed between consecutive reports (in the order given), one line each."""
    changes = []
    for before, after in zip(reports, reports[1:]):
        if sorted(before.figures) != sorted(after.figures):
            changes.append(
                f"figures {', '.join(before.figures) or 'none'} ({where(before)}) -> "
                f"{', '.join(after.figures) or 'none'} ({where(after)})"
            )
        if sorted(before.time_values) != sorted(after.time_values):
            changes.append(
                f"times {', '.join(before.times) or 'none'} ({where(before)}) -> "
                f"{', '.join(after.times) or 'none'} ({where(after)})"
            )
        for flag, gained, lost in (
            ("negated", "negated", "no longer negated"),
            ("hedged", "hedged", "no longer hedged"),
        ):
            if getattr(before, flag) != getattr(after, flag):
                changes.append(f"{gained if getattr(after, flag) else lost} in {where(after)}")
        if before.reported_via != after.reported_via:
            if after.reported_via:
                changes.append(f"passed on through {' -> '.join(after.reported_via)} in {where(after)}")
            else:
                changes.append(f"no longer passed on through {' -> '.join(before.reported_via)} in {where(after)}")
    return changes
