import json
import logging

import pytest

from whosaid.errors import BinaryInputError, InputIsDirectoryError, InputNotFoundError
from whosaid.ingest.reading import decode, iter_jsonl, read_text_file
from whosaid.inputs import ArticleInput


def test_missing_file(tmp_path):
    with pytest.raises(InputNotFoundError, match="no such file"):
        read_text_file(tmp_path / "nope.txt")


def test_directory(tmp_path):
    with pytest.raises(InputIsDirectoryError, match="is a directory"):
        read_text_file(tmp_path)


def test_binary_file(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BinaryInputError, match="binary"):
        read_text_file(path)


def test_invalid_utf8_is_replaced_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="whosaid"):
        text = decode(b"caf\xe9 society", "in.txt")
    assert text == "caf\ufffd society"
    assert "invalid UTF-8 at byte 3" in caplog.text


def test_byte_order_mark_is_dropped():
    assert decode("\ufeffHello".encode("utf-8"), "in.txt") == "Hello"


def test_jsonl_reads_metadata_and_reports_bad_lines():
    lines = [
        json.dumps({"body": "First.", "published": "2026-03-12", "title": "One", "outlet": "Wire"}).encode(),
        b"{not json",
        b"",
        json.dumps({"text": "no body key"}).encode(),
        json.dumps({"body": 42}).encode(),
        json.dumps(["a", "list"]).encode(),
        json.dumps({"body": "Bad date.", "published": "last week"}).encode(),
        json.dumps({"body": "Last."}).encode(),
    ]
    items = list(iter_jsonl(lines, "in.jsonl", text_key="body"))
    assert isinstance(items[0].article, ArticleInput)
    assert items[0].article.text == "First."
    assert items[0].article.meta.title == "One" and items[0].article.meta.published.isoformat() == "2026-03-12"
    failures = [item for item in items if item.article is None]
    assert [f.where for f in failures] == ["in.jsonl:2", "in.jsonl:4", "in.jsonl:5", "in.jsonl:6", "in.jsonl:7"]
    assert "invalid JSON" in failures[0].failure
    assert "no 'body' field" in failures[1].failure
    assert "must be a string" in failures[2].failure
    assert "JSON object" in failures[3].failure
    assert "not an ISO date" in failures[4].failure
    assert items[-1].article.text == "Last."
