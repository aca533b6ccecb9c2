"""What an article is on the way in: its text and metadata, checked once for every entry point.

The CLI, the store's ingest, batch runs and the HTTP API all build `ArticleInput`s,
so the same rules hold everywhere: text is a string of at most `max_chars`
characters (`WHOSAID_MAX_ARTICLE_CHARS`, 10 million by default), and lone UTF-16
surrogates (which JSON can carry, "\\ud800", but UTF-8 cannot) are replaced by
U+FFFD with a warning, one character for one, so offsets do not move.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from whosaid.errors import InputTooLargeError, InvalidDateError, InvalidRecordError

logger = logging.getLogger(__name__)

METADATA_KEYS = ("title", "url", "outlet", "published")
MAX_CHARS_VARIABLE = "WHOSAID_MAX_ARTICLE_CHARS"
DEFAULT_MAX_CHARS = 10_000_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

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
        return cls.create(**{key: data.get(key) for key in METADATA_KEYS})


def max_article_chars() -> int:
    """The size cap on one article's text, from the environment (checked when read)."""
    value = os.environ.get(MAX_CHARS_VARIABLE, "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_CHARS


def has_lone_surrogates(value: str) -> bool:
    """Whether UTF-8 cannot encode the string."""
    return _LONE_SURROGATE.search(value) is not None


def encodable(value: str) -> str:
    """The string with each lone surrogate replaced by U+FFFD, silently: for reports about it."""
    return _LONE_SURROGATE.sub("\ufffd", value)


def without_lone_surrogates(value: str, field_name: str = "text") -> str:
    """The string with each lone surrogate replaced by U+FFFD (a warning says how many)."""
    cleaned, count = _LONE_SURROGATE.subn("\ufffd", value)
    if count:
        logger.warning("%d lone surrogate(s) in the %s replaced by U+FFFD", count, field_name)
    return cleaned


@dataclass(frozen=True)
class ArticleInput:
    """One article to process: its text, what is known about it, and what to assume where
    neither that nor the article's headline and dateline say (`defaults`: a run's --published,
    --outlet, ...; the layout component resolves them, whosaid.pipeline.layout)."""

    text: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    defaults: ArticleMeta = field(default_factory=ArticleMeta)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InvalidRecordError(f"text must be a string, not {type(self.text).__name__}")
        limit = max_article_chars()
        if len(self.text) > limit:
            raise InputTooLargeError(f"the text has {len(self.text):,} characters, over the limit of {limit:,}")
        object.__setattr__(self, "text", without_lone_surrogates(self.text))
        object.__setattr__(self, "meta", self.meta.replace_strings(without_lone_surrogates))
        object.__setattr__(self, "defaults", self.defaults.replace_strings(without_lone_surrogates))

    @classmethod
    def from_mapping(cls, record: Mapping, text_key: str = "text") -> ArticleInput:
        if text_key not in record:
            raise InvalidRecordError(f"no {text_key!r} field")
        text = record[text_key]
        if not isinstance(text, str):
            raise InvalidRecordError(f"{text_key!r} must be a string, not {type(text).__name__}")
        return cls(text, ArticleMeta.create(**{key: record.get(key) for key in METADATA_KEYS}))
