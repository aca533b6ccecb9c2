"""The calendar's words: weekday and month names and the months' abbreviations, lower case."""

from __future__ import annotations

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTH_ABBREVIATIONS = {name[:3]: number for number, name in enumerate(MONTHS, start=1)} | {"sept": 9}


def month_number(word: str) -> int | None:
    """1 to 12 for a lower-case month name or its abbreviation ("sept"), else None."""
    return MONTHS.index(word) + 1 if word in MONTHS else MONTH_ABBREVIATIONS.get(word)
