"""What an article is on the way in: its text and metadata, checked once for every entry point.

The CLI, the store's ingest, batch runs and the HTTP API all build `ArticleInput`s,
so the same rules hold everywhere: text is a string of at most `max_chars`
characters (`WHOSAID_MAX_ARTICLE_CHARS`, 10 million by default), and lone UTF-16
surrogates (which JSON can carry, "\\ud800", but UTF-8 cannot) are replaced by
U+FFFD with a warning, one character for one, so offsets do not move.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from whosaid.errors import InputTooLargeError, InvalidRecordError
from whosaid.record.meta import ArticleMeta

logger = logging.getLogger(__name__)

METADATA_KEYS = ("title", "url", "outlet", "published")
MAX_CHARS_VARIABLE = "WHOSAID_MAX_ARTICLE_CHARS"
DEFAULT_MAX_CHARS = 10_000_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def max_article_chars() -> int:
    """The size cap on one article's text, from the environment (checked when read)."""
    value = os.environ.get(MAX_CHARS_VARIABLE, "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_CHARS


def without_lone_surrogates(value: str, field_name: str = "text") -> str:
    """The string with each lone surrogate replaced by U+FFFD (a warning says how many)."""
    cleaned, count = _LONE_SURROGATE.subn("\ufffd", value)
    if count:
        logger.warning("%d lone surrogate(s) in the %s replaced by U+FFFD", count, field_name)
    return cleaned


@dataclass(frozen=True)
class ArticleInput:
    """One article to process: its text and what is known about it."""

    text: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InvalidRecordError(f"text must be a string, not {type(self.text).__name__}")
        limit = max_article_chars()
        if len(self.text) > limit:
            raise InputTooLargeError(f"the text has {len(self.text):,} characters, over the limit of {limit:,}")
        object.__setattr__(self, "text", without_lone_surrogates(self.text))
        object.__setattr__(self, "meta", self.meta.replace_strings(without_lone_surrogates))

    @classmethod
    def from_mapping(cls, record: Mapping, text_key: str = "text") -> ArticleInput:
        if text_key not in record:
            raise InvalidRecordError(f"no {text_key!r} field")
        text = record[text_key]
        if not isinstance(text, str):
            raise InvalidRecordError(f"{text_key!r} must be a string, not {type(text).__name__}")
        return cls(text, ArticleMeta.create(**{key: record.get(key) for key in METADATA_KEYS}))
