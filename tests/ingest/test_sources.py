"""Standard input is told apart by its first character, also when the stream cannot peek."""

import io
import sys

import pytest

from whosaid.ingest.sources import read_sources
from whosaid.inputs import ArticleMeta


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b'{"text": "The mayor said so."}\n', "The mayor said so."),
        (b"<html><body><article><p>The mayor said the pier was safe.</p></article></body></html>",
         "The mayor said the pier was safe."),
        (b"The mayor said so.", "The mayor said so."),
    ],
)  # fmt: skip
def test_stdin_that_cannot_peek(monkeypatch, data, text):
    plain = io.TextIOWrapper(io.BytesIO(data))  # its buffer is a BytesIO: no peek()
    monkeypatch.setattr(sys, "stdin", plain)
    (record,) = read_sources(["-"], defaults=ArticleMeta())
    assert record.failure is None and record.article.text == text
