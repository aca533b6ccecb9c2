import datetime as dt

import pytest

from whosaid.errors import InvalidDateError, InvalidRecordError
from whosaid.inputs import ArticleMeta, parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-12", dt.date(2026, 3, 12)),
        (" 2026-03-12T08:00:00Z", dt.date(2026, 3, 12)),
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
        (dt.datetime(2026, 1, 2, 5, 6), dt.date(2026, 1, 2)),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["12/03/2026", "yesterday", "2026-13-01", 20260312])
def test_parse_published_rejects_non_iso(value):
    with pytest.raises(InvalidDateError, match="W005"):
        parse_published(value)


def test_meta_dict_round_trip():
    meta = ArticleMeta.create(title="T", url="https://example.org/a", outlet="O", published="2026-03-12")
    assert ArticleMeta.from_dict(meta.to_dict()) == meta


def test_meta_rejects_non_string_fields():
    with pytest.raises(InvalidRecordError, match="title must be a string"):
        ArticleMeta.create(title=12)
