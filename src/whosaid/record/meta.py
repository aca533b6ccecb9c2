"""An article's metadata, as given by the user, validated once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from whosaid.errors import InvalidDateError, InvalidRecordError

# YYYY-MM-DD, optionally followed by an ISO time ("T12:30:00+02:00"); nothing else.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """Accept an ISO date or datetime (its date part); None stays None. Strict: "20250101"
    and "2025-01-01T99:99" are refused."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InvalidDateError(f"published must be an ISO date string, not {type(value).__name__}")
    value = value.strip()
    try:
        if not _ISO_DATE.match(value):
            raise ValueError
        return dt.date.fromisoformat(value) if len(value) == 10 else dt.datetime.fromisoformat(value).date()
    except ValueError:
        raise InvalidDateError(f"{value!r} is not an ISO date (YYYY-MM-DD, or an ISO date and time)") from None


@dataclass(frozen=True)
class ArticleMeta:
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None

    @classmethod
    def create(
        cls,
        *,
        title: str | None = None,
        url: str | None = None,
        outlet: str | None = None,
        published: str | dt.date | None = None,
    ) -> ArticleMeta:
        fields = {"title": title, "url": url, "outlet": outlet}
        for name, value in fields.items():
            if value is not None and not isinstance(value, str):
                raise InvalidRecordError(f"{name} must be a string, not {type(value).__name__}")
        return cls(
            title=title or None,
            url=url or None,
            outlet=outlet or None,
            published=parse_published(published),
        )

    def replace_strings(self, change: Callable[[str, str], str]) -> ArticleMeta:
        """A copy with `change(value, field name)` applied to its text fields."""
        fields = {name: change(value, name) for name in ("title", "url", "outlet") if (value := getattr(self, name))}
        return replace(self, **fields)

    def to_dict(self) -> dict[str, str | None]:
        return {
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ArticleMeta:
        return cls.create(**{key: data.get(key) for key in ("title", "url", "outlet", "published")})
