"""The one way whosaid reads input: files, JSON lines and rows become InputRecords.

`extract`, `ingest`, `batch` and the server all read through here, so the same
formats follow the same rules for bad input: a record that cannot be used
becomes an InputRecord with a `failure` (where it is and why), and reading goes
on with the next one.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from whosaid.errors import (
    BinaryInputError,
    InputIsDirectoryError,
    InputNotFoundError,
    InputReadError,
    InputTooLargeError,
    InvalidRecordError,
    WhosaidError,
)
from whosaid.inputs import ArticleInput, encodable, has_lone_surrogates, max_article_chars

logger = logging.getLogger(__name__)

# Like git, call a file binary when a NUL byte appears near its start.
BINARY_SNIFF_BYTES = 8192
# Line-oriented inputs are read in pieces of this size, never a whole line at once.
READ_CHUNK_BYTES = 1 << 16


class InputFormat(str, Enum):
    text = "text"
    html = "html"
    jsonl = "jsonl"
    parquet = "parquet"


# Known by their suffix everywhere (extract, ingest, batch).
SUFFIXES = {
    InputFormat.text: (".txt", ".text", ".md"),
    InputFormat.html: (".html", ".htm"),
    InputFormat.jsonl: (".jsonl", ".ndjson"),
    InputFormat.parquet: (".parquet", ".pq"),
}


def format_of(path: Path) -> InputFormat | None:
    """The input format a file's suffix names, or None."""
    suffix = path.suffix.lower()
    return next((kind for kind, suffixes in SUFFIXES.items() if suffix in suffixes), None)


@dataclass(frozen=True)
class InputRecord:
    """One input record: where it is, its id if it has one, and the article or why it cannot be used."""

    where: str
    record_id: str | None = None
    article: ArticleInput | None = None
    failure: str | None = None


def check_readable(path: Path) -> None:
    """Raise the error a user should see if `path` is not a readable file."""
    if not path.exists():
        raise InputNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise InputIsDirectoryError(f"{path}: is a directory, not a file")
    if not os.access(path, os.R_OK):
        raise InputReadError(f"{path}: permission denied")


def read_limited(handle, where: str, limit: int | None = None) -> bytes:
    """At most `limit` bytes (the article size cap) from a binary stream; more is an error.

    Reads in bounded pieces, so an endless stream (/dev/zero) fails fast instead of filling memory.
    """
    limit = limit or max_article_chars()
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputTooLargeError(f"{where}: over the size limit of {limit:,} bytes")
    return data


def read_bytes(path: Path) -> bytes:
    check_readable(path)
    try:
        with path.open("rb") as handle:
            return read_limited(handle, str(path))
    except OSError as error:
        raise InputReadError(f"{path}: {error.strerror or error}") from None


# Byte order marks and the encodings they announce; UTF-32's before UTF-16's, whose start they share.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte order mark at the start of `data` announces, if there is one."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def decode(data: bytes, where: str, encoding: str | None = None) -> str:
    """Text in the encoding its byte order mark announces (UTF-8, UTF-16 or UTF-32), else in
    `encoding` (default UTF-8); invalid bytes are replaced, with a warning."""
    encoding = bom_encoding(data) or encoding or "utf-8-sig"
    if encoding == "utf-8-sig" and b"\x00" in data[:BINARY_SNIFF_BYTES]:  # NULs are text only in UTF-16/32
        raise BinaryInputError(f"{where}: looks like a binary file, not text")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        logger.warning(
            "%s: invalid %s at byte %d; undecodable bytes replaced", where, error.encoding.upper(), error.start
        )
        return data.decode(encoding, errors="replace")


def read_text_file(path: Path) -> str:
    return decode(read_bytes(path), str(path))


def record_from_mapping(where: str, record: object, text_key: str = "text", id_key: str = "id") -> InputRecord:
    """An InputRecord from a parsed JSON object or a table row."""
    if not isinstance(record, Mapping):
        return InputRecord(where, failure=str(InvalidRecordError("a record must be a JSON object")))
    record_id = str(record[id_key]) if record.get(id_key) is not None else None
    if record_id is not None and has_lone_surrogates(record_id):
        # Unlike a text, an id is a key: a replaced character would make it another record's.
        failure = InvalidRecordError(f"the {id_key!r} field holds a lone surrogate, which UTF-8 cannot encode")
        return InputRecord(where, encodable(record_id), failure=str(failure))
    try:
        return InputRecord(where, record_id, ArticleInput.from_mapping(record, text_key))
    except WhosaidError as error:
        return InputRecord(where, record_id, failure=str(error))


def record_from_json_line(raw: bytes, where: str, text_key: str = "text", id_key: str = "id") -> InputRecord:
    """One JSON line as an InputRecord; never raises for what the line holds."""
    limit = max_article_chars()
    if len(raw) > limit:
        return InputRecord(where, failure=str(InputTooLargeError(f"the line is over {limit:,} bytes")))
    try:
        record = json.loads(decode(raw, where))
    except json.JSONDecodeError as error:
        return InputRecord(where, failure=f"invalid JSON: {error.msg}")
    except RecursionError:
        return InputRecord(where, failure=str(InvalidRecordError("JSON nested too deeply")))
    except WhosaidError as error:
        return InputRecord(where, failure=str(error))
    return record_from_mapping(where, record, text_key, id_key)


@dataclass(frozen=True)
class Line:
    """One line of a line-oriented input: its bytes (newline included), or None when it
    ran over the size cap and was skipped; `size` is what it takes in the input."""

    data: bytes | None
    size: int


def bounded_lines(handle, where: str, limit: int | None = None, length: int | None = None) -> Iterator[Line]:
    """The lines of a binary stream (at most `length` bytes of it), none kept longer than
    `limit` bytes (the article size cap): a longer line is skipped, so memory stays bounded.

    A line over the cap that holds NUL bytes is no text at all (/dev/zero): reading stops
    there with BinaryInputError rather than skip through an endless stream."""
    limit = limit or max_article_chars()
    read = getattr(handle, "read1", handle.read)  # what is there, without waiting for a full chunk
    kept: list[bytes] = []
    kept_size = size = 0
    left = length
    while left is None or left > 0:
        chunk = read(READ_CHUNK_BYTES if left is None else min(READ_CHUNK_BYTES, left))
        if not chunk:
            break
        if left is not None:
            left -= len(chunk)
        start = 0
        while start < len(chunk):
            newline = chunk.find(b"\n", start)
            stop = len(chunk) if newline == -1 else newline + 1
            piece = chunk[start:stop]
            size += len(piece)
            if kept_size <= limit:
                kept.append(piece)
                kept_size += len(piece)
                if kept_size > limit and b"\x00" in b"".join(kept)[:BINARY_SNIFF_BYTES]:
                    raise BinaryInputError(
                        f"{where}: a line over {limit:,} bytes with NUL bytes: not text, read no further"
                    )
                if kept_size > limit:
                    kept = []  # over the cap: only its size is counted from here on
            if newline != -1:
                yield Line(b"".join(kept) if kept_size <= limit else None, size)
                kept, kept_size, size = [], 0, 0
            start = stop
    if size:
        yield Line(b"".join(kept) if kept_size <= limit else None, size)


def iter_jsonl(
    lines: Iterable[bytes | None], where: str, text_key: str = "text", id_key: str = "id", *, first_line: int = 1
) -> Iterator[InputRecord]:
    """One InputRecord per non-blank line, named `where:LINE`; None stands for a line over the cap."""
    for number, raw in enumerate(lines, start=first_line):
        if raw is None:
            too_large = InputTooLargeError(f"the line is over {max_article_chars():,} bytes")
            yield InputRecord(f"{where}:{number}", failure=str(too_large))
        elif raw.strip():
            yield record_from_json_line(raw, f"{where}:{number}", text_key, id_key)


def read_jsonl(handle, where: str, text_key: str = "text", id_key: str = "id") -> Iterator[InputRecord]:
    """The records of a JSON Lines stream, read with bounded memory (see bounded_lines)."""
    return iter_jsonl((line.data for line in bounded_lines(handle, where)), where, text_key, id_key)
