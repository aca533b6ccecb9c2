"""Server limits that hold: timed-out work is really stopped, queues and rates are bounded,
hostile Host headers and bad query values get clear 4xx answers."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from whosaid.server.app import LOOPBACK_HOSTS, create_app

from .conftest import serving

pytestmark = pytest.mark.slow

LONG_TEXT = "\n\n".join(
    f'"We have repaired {n} bridges," Mayor Lee Ann Park said on Monday, according to the Harbor Daily.'
    for n in range(1500)
)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(create_app(tmp_path_factory.mktemp("limits") / "ledger.db", rate_limit=0)) as client:
        yield client


def test_a_timed_out_extraction_is_killed_and_the_next_one_runs(tmp_path):
    app = create_app(tmp_path / "ledger.db", timeout_seconds=2)
    with TestClient(app) as client:
        first_worker = app.state.worker.pid
        slow = client.post("/api/extract", json={"text": LONG_TEXT})
        assert slow.status_code == 503 and slow.headers["retry-after"]
        assert app.state.worker.pid is None  # killed, not left running
        started = time.monotonic()
        quick = client.post("/api/extract", json={"text": "The mayor said the bridge was open."})
        assert quick.status_code == 200
        assert time.monotonic() - started < 60  # a fresh process loads and answers
        assert app.state.worker.pid not in (None, first_worker)


def test_a_full_queue_answers_503_with_retry_after(tmp_path):
    app = create_app(tmp_path / "ledger.db", timeout_seconds=30, max_queue=1, rate_limit=0)
    with serving(app) as url:
        answers = []

        def slow_request() -> None:
            answers.append(httpx.post(f"{url}/api/extract", json={"text": LONG_TEXT[:60_000]}, timeout=120))

        thread = threading.Thread(target=slow_request)
        thread.start()
        time.sleep(1.0)
        busy = httpx.post(f"{url}/api/extract", json={"text": "The mayor said so."}, timeout=60)
        thread.join()
    assert busy.status_code == 503 and busy.headers["retry-after"]
    assert answers[0].status_code in (200, 503)


def test_rate_limit_per_client(tmp_path):
    with TestClient(create_app(tmp_path / "ledger.db", rate_limit=5)) as client:
        codes = [client.get("/api/statements").status_code for _ in range(8)]
    assert codes[:5] == [200] * 5
    assert codes[5:] == [429] * 3


def test_host_header_is_checked_for_loopback_servers(tmp_path):
    with TestClient(create_app(tmp_path / "ledger.db", allowed_hosts=LOOPBACK_HOSTS)) as client:
        assert client.get("/api/statements", headers={"host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/api/statements", headers={"host": "[::1]:8000"}).status_code == 200
        assert client.get("/api/statements", headers={"host": "localhost"}).status_code == 200
        rebound = client.get("/api/statements", headers={"host": "attacker.example:8000"})
        assert rebound.status_code == 400


def test_security_headers(client):
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert "content-security-policy" in client.get("/api/statements").headers


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/statements", {"q": " "}),
        ("/api/claims", {"q": " "}),
        ("/api/statements", {"speaker": "\x00"}),
        ("/api/statements", {"since": "'"}),
        ("/api/statements", {"until": "20250101"}),
        ("/api/statements", {"offset": str(2**63)}),
        ("/api/statements", {"entity": str(2**63)}),
        ("/api/statements", {"speaker_entity": str(2**63)}),
        ("/api/statements", {"nonsense": "1"}),
    ],
)
def test_bad_query_values_get_422(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_huge_entity_id_gets_422(client):
    assert client.get(f"/api/entities/{2**63}").status_code == 422


def test_lone_surrogate_and_deep_json_bodies(client):
    body = b'{"text": "Lone surrogate \\ud800 said Kim.", "title": "\\udc00"}'
    response = client.post("/api/extract", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert response.json()["text"] == "Lone surrogate \ufffd said Kim."
    deep = b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    deep_response = client.post("/api/extract", content=deep, headers={"content-type": "application/json"})
    assert deep_response.status_code in (400, 422)
    bad_date = client.post("/api/extract", json={"text": "He said so.", "published": "2025-01-01T99:99garbage"})
    assert bad_date.status_code == 400 and "W005" in bad_date.json()["detail"]
