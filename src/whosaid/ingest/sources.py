"""Articles from what a newsroom has: files, directories and standard input, in any of the formats.

`extract` and `ingest` read through `read_sources`, so they take the same inputs: plain
text, HTML (main text and metadata by trafilatura) and JSON Lines, told apart by the
file's suffix, or on standard input by its first character (`{` JSON Lines, `<` HTML),
unless `--format` names one. Directories are read recursively, keeping the files of a
known format (or of the named one).

Metadata the command line gives (`--published`, `--outlet`, ...) are defaults: what an
article states itself comes first. Its publication date is, in this order, the record's
field or the page's metadata, the date of its dateline ("BRAMLEY, May 2 (Lakeside Post) —",
the year taken from the default when the dateline has none), then the default.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import replace
from enum import Enum
from pathlib import Path

from whosaid.errors import InputIsDirectoryError, error_reason
from whosaid.ingest.html import article_from_html
from whosaid.ingest.reading import (
    InputFormat,
    InputRecord,
    check_readable,
    decode,
    format_of,
    read_bytes,
    read_jsonl,
    read_limited,
    read_text_file,
)
from whosaid.inputs import ArticleInput, ArticleMeta

STDIN = "-"
SNIFF_BYTES = 4096
READABLE = (InputFormat.text, InputFormat.html, InputFormat.jsonl)


class SourceFormat(str, Enum):
    """The formats an article source may be named as (`--format`)."""

    text = "text"
    html = "html"
    jsonl = "jsonl"


SOURCE_FORMAT_HELP = "text, html or jsonl (default: from each file's suffix; on stdin from its first character)."
PUBLISHED_HELP = "Publication date (YYYY-MM-DD) of articles that state none (a dateline's date comes first)."


def _sniffed(head: bytes) -> InputFormat:
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return {b"{": InputFormat.jsonl, b"<": InputFormat.html}.get(first, InputFormat.text)


def _file_records(path: Path, kind: InputFormat, text_key: str) -> Iterator[InputRecord]:
    where = str(path)
    if kind == InputFormat.jsonl:
        check_readable(path)
        with path.open("rb") as handle:
            yield from read_jsonl(handle, where, text_key)
    elif kind == InputFormat.html:
        yield InputRecord(where, article=article_from_html(read_bytes(path), where))
    else:
        yield InputRecord(where, article=ArticleInput(read_text_file(path)))


def _stdin_records(input_format: InputFormat | None, text_key: str) -> Iterator[InputRecord]:
    stream, where = sys.stdin.buffer, "<stdin>"
    if input_format is None and not hasattr(stream, "peek"):  # a plain stream: read it, to look at it first
        stream = io.BufferedReader(io.BytesIO(read_limited(stream, where)))
    kind = input_format or _sniffed(stream.peek(SNIFF_BYTES)[:SNIFF_BYTES])
    if kind == InputFormat.jsonl:
        yield from read_jsonl(stream, where, text_key)
        return
    data = read_limited(stream, where)
    article = article_from_html(data, where) if kind == InputFormat.html else ArticleInput(decode(data, where))
    yield InputRecord(where, article=article)


def _unfilled(paths: list[str], input_format: InputFormat | None, text_key: str) -> Iterator[InputRecord]:
    for source in paths:
        if source == STDIN:
            try:
                yield from _stdin_records(input_format, text_key)
            except Exception as error:  # noqa: BLE001 - reported as this input's failure
                yield InputRecord("<stdin>", failure=error_reason(error))
            continue
        path = Path(source)
        files = [path]
        if path.is_dir():
            wanted = (input_format,) if input_format else READABLE
            files = sorted(p for p in path.rglob("*") if p.is_file() and format_of(p) in wanted)
            if not files:
                names = ", ".join(kind.value for kind in wanted)
                yield InputRecord(source, failure=str(InputIsDirectoryError(f"{source}: no {names} files in it")))
        for file in files:
            detected = format_of(file)
            kind = input_format or (detected if detected in READABLE else InputFormat.text)
            try:
                yield from _file_records(file, kind, text_key)
            except Exception as error:  # noqa: BLE001 - one unreadable file must not stop the others
                yield InputRecord(str(file), failure=error_reason(error))


def read_sources(
    paths: list[str], *, source_format: SourceFormat | None = None, text_key: str = "text", defaults: ArticleMeta
) -> Iterator[InputRecord]:
    """Every article of the given files, directories (recursively) and - (standard input), in order,
    with the `defaults` to assume where an article and its headline and dateline say nothing (the
    layout component resolves them)."""
    input_format = InputFormat(source_format.value) if source_format else None
    for record in _unfilled(paths, input_format, text_key):
        yield replace(record, article=replace(record.article, defaults=defaults)) if record.article else record
