"""Line-oriented inputs are read with bounded memory: a line over the size cap is reported and
skipped, an endless stream of NUL bytes (/dev/zero) stops at the cap, the other lines go on."""

from __future__ import annotations

import io
import json
import tracemalloc

import pytest

from whosaid.errors import BinaryInputError
from whosaid.ingest.reading import bounded_lines, read_jsonl
from whosaid.processing.partitions import plan_partitions, read_partition

from .conftest import assert_no_traceback, run_cli

CAP = {"WHOSAID_MAX_ARTICLE_CHARS": "1000000"}


class EndlessStream(io.RawIOBase):
    """A stream that never ends: `byte` forever, like /dev/zero."""

    def __init__(self, byte: bytes = b"\x00") -> None:
        self.byte = byte
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = self.byte * len(buffer)
        self.served += len(buffer)
        return len(buffer)


def test_an_endless_nul_stream_stops_at_the_cap_in_bounded_memory():
    stream = EndlessStream()
    tracemalloc.start()
    try:
        with pytest.raises(BinaryInputError, match="NUL bytes"):
            list(bounded_lines(io.BufferedReader(stream), "zero.jsonl", limit=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert stream.served < 1_200_000
    assert peak < 4_000_000


def test_a_line_over_the_cap_is_skipped_and_the_next_ones_read(monkeypatch):
    monkeypatch.setenv("WHOSAID_MAX_ARTICLE_CHARS", "1000")
    long_line = b'{"text": "' + b"a" * 500_000 + b'"}\n'
    data = b'{"id": "1", "text": "First."}\n' + long_line + b'{"id": "3", "text": "Third."}\n{"text": "Last."}'
    tracemalloc.start()
    try:
        records = list(read_jsonl(io.BufferedReader(io.BytesIO(data)), "in.jsonl"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [record.where for record in records] == ["in.jsonl:1", "in.jsonl:2", "in.jsonl:3", "in.jsonl:4"]
    assert records[1].article is None and "[W011]" in records[1].failure
    assert [record.article.text for record in records if record.article] == ["First.", "Third.", "Last."]
    assert peak < len(long_line) // 2  # the long line was never held whole


def test_batch_partitions_skip_a_line_over_the_cap(tmp_path, monkeypatch):
    monkeypatch.setenv("WHOSAID_MAX_ARTICLE_CHARS", "1000")
    path = tmp_path / "in.jsonl"
    lines = [json.dumps({"text": f"Article {n}."}) for n in range(5)]
    lines[2] = json.dumps({"text": "b" * 5000})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = plan_partitions(path, 2)
    assert len(plan) == 3
    records = [record for partition in plan for record in read_partition(partition)]
    assert [record.where for record in records] == [f"{path}:{n}" for n in range(1, 6)]
    assert records[2].article is None and "[W011]" in records[2].failure
    assert [record.article.text for record in records if record.article] == [f"Article {n}." for n in (0, 1, 3, 4)]


def test_batch_refuses_an_endless_nul_stream(tmp_path):
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    with pytest.raises(BinaryInputError, match="NUL bytes"):
        plan_partitions(zero, 500)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["file", "stdin"])
def test_extract_stops_at_the_cap_on_dev_zero(tmp_path, how):
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    if how == "file":
        result = run_cli("extract", str(zero), env=CAP, timeout=300)
    else:
        with open("/dev/zero", "rb") as stdin:
            result = run_cli("extract", "--format", "jsonl", "-", stdin=stdin, env=CAP, timeout=300)
    assert_no_traceback(result)
    assert result.returncode == 1
    assert "[W003]" in result.stderr.decode() and "NUL bytes" in result.stderr.decode()


@pytest.mark.slow
def test_batch_cli_stops_at_the_cap_on_dev_zero(tmp_path):
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    result = run_cli("batch", str(zero), str(tmp_path / "out"), env=CAP, timeout=300)
    assert_no_traceback(result)
    assert result.returncode == 1 and "[W003]" in result.stderr.decode()
