"""`whosaid serve`: which bind addresses count as loopback (and get the Host check)."""

import pytest

from whosaid.cli.serve import is_loopback
from whosaid.server.app import host_name


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.1", "localhost", "::1", "[::1]"])
def test_loopback_addresses(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.org"])
def test_addresses_beyond_loopback(host):
    assert not is_loopback(host)


@pytest.mark.parametrize(
    "header, name",
    [
        ("localhost:8000", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]:8000", "[::1]"),
        ("[::1]", "[::1]"),
        ("evil.example:80", "evil.example"),
    ],  # fmt: skip
)
def test_host_header_names(header, name):
    assert host_name(header) == name
