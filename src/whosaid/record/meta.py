"""An article's metadata, as given by the user, validated once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from whosaid.errors import InvalidDateError, InvalidRecordError


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """Accept an ISO date (or a datetime's date part); None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InvalidDateError(f"published must be an ISO date string, not {type(value).__name__}")
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InvalidDateError(f"published {value!r} is not an ISO date (YYYY-MM-DD)") from None


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
