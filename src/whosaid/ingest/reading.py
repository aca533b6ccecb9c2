"""Read article text and JSONL records, turning bad input into clear errors."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from whosaid.api import ArticleInput
from whosaid.errors import (
    BinaryInputError,
    InputIsDirectoryError,
    InputNotFoundError,
    InputReadError,
    InvalidRecordError,
    WhosaidError,
)

logger = logging.getLogger(__name__)

# Like git, call a file binary when a NUL byte appears near its start.
BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class RecordFailure:
    """An input record that could not be read, and why."""

    where: str
    reason: str


def check_readable(path: Path) -> None:
    """Raise the error a user should see if `path` is not a readable file."""
    if not path.exists():
        raise InputNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise InputIsDirectoryError(f"{path}: is a directory, not a file")
    if not os.access(path, os.R_OK):
        raise InputReadError(f"{path}: permission denied")


def read_bytes(path: Path) -> bytes:
    check_readable(path)
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputReadError(f"{path}: {error.strerror or error}") from None


def decode(data: bytes, where: str) -> str:
    """UTF-8 (with or without BOM); invalid bytes are replaced, with a warning."""
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise BinaryInputError(f"{where}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        logger.warning("%s: invalid UTF-8 at byte %d; undecodable bytes replaced", where, error.start)
        return data.decode("utf-8-sig", errors="replace")


def read_text_file(path: Path) -> str:
    return decode(read_bytes(path), str(path))


def iter_jsonl(lines: Iterable[bytes], where: str, text_key: str = "text") -> Iterator[ArticleInput | RecordFailure]:
    """One ArticleInput per JSON line, or a RecordFailure naming the line."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        location = f"{where}:{number}"
        try:
            record = json.loads(decode(raw, location))
            if not isinstance(record, dict):
                raise InvalidRecordError("a line must hold a JSON object")
            yield ArticleInput.from_mapping(record, text_key)
        except json.JSONDecodeError as error:
            yield RecordFailure(location, f"invalid JSON: {error.msg}")
        except WhosaidError as error:
            yield RecordFailure(location, str(error))
