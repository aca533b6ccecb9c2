"""The queue wait counts against a request's timeout, the Host header is parsed strictly, and a
usage error is one plain line."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from whosaid.inputs import ArticleInput
from whosaid.server.app import LOOPBACK_HOSTS, create_app, host_name
from whosaid.server.worker import ExtractionTimeout, ExtractionWorker

from .conftest import assert_no_traceback, run_cli


def test_waiting_for_a_busy_worker_counts_against_the_timeout():
    worker = ExtractionWorker()
    worker._lock.acquire()  # another request's extraction, running for ever
    try:
        started = time.monotonic()
        with pytest.raises(ExtractionTimeout, match="busy"):
            worker.extract(ArticleInput("The mayor said so."), timeout=1)
        assert time.monotonic() - started < 3
    finally:
        worker._lock.release()
    assert worker.pid is None  # no process was started for a request out of time


@pytest.mark.parametrize(
    "header, host",
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("[::1]:8765", "[::1]"),
        ("localhost", "localhost"),
        ("[::1].evil.example", None),
        ("localhost:8765@evil.example", None),
        ("localhost:8765:1", None),
        ("localhost evil.example", None),
        ("[::1", None),
        ("", None),
    ],
)
def test_host_headers_are_parsed_strictly(header, host):
    assert host_name(header) == host


@pytest.mark.slow
@pytest.mark.parametrize("header", ["[::1].evil.example", "localhost:8765@evil.example", "127.0.0.1:80/x"])
def test_malformed_hosts_do_not_pass_the_loopback_check(tmp_path, header):
    client = TestClient(create_app(tmp_path / "ledger.db", allowed_hosts=LOOPBACK_HOSTS, rate_limit=0))
    assert client.get("/api/statements", headers={"host": header}).status_code == 400
    assert client.get("/api/statements", headers={"host": "[::1]:8765"}).status_code == 200


@pytest.mark.slow
@pytest.mark.parametrize(
    "args, fragment",
    [
        (["query", "statements", "--limit", "x"], "Invalid value for '--limit'"),
        (["extract", "--no-such-option", "a.txt"], "No such option"),
        (["no-such-command"], "No such command"),
        (["batch"], "Missing argument"),
    ],
)
def test_usage_errors_are_one_plain_line(args, fragment):
    result = run_cli(*args)
    assert_no_traceback(result)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.startswith("whosaid: error: ") and fragment in stderr and "--help" in stderr
    assert not set("╭╮╰╯│─") & set(stderr)
