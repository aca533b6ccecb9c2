"""Text decoding: an HTML page is read in the charset it declares, UTF-16 and UTF-32 files with a
byte order mark are text, not "binary"."""

from __future__ import annotations

import json
import logging

import pytest

from whosaid.errors import BinaryInputError
from whosaid.ingest.html import article_from_html
from whosaid.ingest.reading import decode

from .conftest import assert_no_traceback, run_cli

ARTICLE = "José García, the mayor of Ávila, said the bridge would reopen on Monday."


def page(charset_tag: str, body: str = ARTICLE) -> str:
    return (
        f"<html><head>{charset_tag}<title>Ávila bridge</title></head>"
        f"<body><article><p>{body}</p><p>{body}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    "tag",
    [
        '<meta charset="iso-8859-1">',
        "<meta charset=latin1>",
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
        '<meta http-equiv="content-type" content="text/html;charset=windows-1252" />',
    ],
)
def test_html_follows_its_declared_charset(tag):
    article = article_from_html(page(tag).encode("cp1252"), "page.html")
    assert "José García" in article.text and "\ufffd" not in article.text
    assert article.meta.title == "Ávila bridge"


def test_html_without_a_declaration_is_utf8_and_a_bom_wins():
    assert "José García" in article_from_html(page("").encode("utf-8"), "page.html").text
    with_bom = "\ufeff" + page('<meta charset="iso-8859-1">')
    assert "José García" in article_from_html(with_bom.encode("utf-8"), "page.html").text
    assert "José García" in article_from_html(page("").encode("utf-16"), "page.html").text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_text(encoding):
    data = ("\ufeff" if encoding.endswith(("le", "be")) else "") + ARTICLE
    assert decode(data.encode(encoding), "in.txt") == ARTICLE


def test_nul_bytes_without_a_bom_are_still_binary(caplog):
    with pytest.raises(BinaryInputError):
        decode(ARTICLE.encode("utf-16-le"), "in.txt")
    with caplog.at_level(logging.WARNING, logger="whosaid"):
        assert decode(b"\xff\xfeA\x00\x00\xd8", "odd.txt") == "A\ufffd"  # a lone surrogate in UTF-16
    assert "invalid" in caplog.text


@pytest.mark.slow
def test_extract_reads_a_utf16_file(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-16")
    result = run_cli("extract", str(path))
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["text"] == ARTICLE
