import pytest
from fastapi.testclient import TestClient

from whosaid.server.app import create_app

from ..conftest import SAMPLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(create_app(tmp_path_factory.mktemp("app") / "ledger.db", max_body_bytes=200_000)) as client:
        yield client


def sample():
    return {"text": (SAMPLES / "sinpo-dam.txt").read_text("utf-8"), "published": "2026-03-12", "outlet": "Wire"}


def test_extract_returns_the_record_and_stores_nothing(client):
    before = client.get("/api/statements").json()
    response = client.post("/api/extract", json=sample())
    assert response.status_code == 200
    assert response.json()["statements"]
    assert client.get("/api/statements").json() == before


def test_store_then_query(client):
    first = client.post("/api/articles", json=sample()).json()
    assert first["duplicate"] is False
    assert client.post("/api/articles", json=sample()).json() == {"id": first["id"], "duplicate": True}
    assert client.get(f"/api/articles/{first['id']}").json()["outlet"] == "Wire"
    every = {"min_confidence": 0}  # the sample's statements mostly score under the shown confidence
    rows = client.get("/api/statements", params={"speaker": "Kim", "q": "dam", **every}).json()
    assert rows and all(row["speaker_name"] == "Kim Tae-song" for row in rows)
    entity = client.get(f"/api/entities/{rows[0]['speaker_entity_id']}").json()
    assert entity["name"] == "Kim Tae-song"
    assert "engineers" in client.get("/api/claims", params=every).json()
    sure = client.get("/api/statements", params={"min_speaker_confidence": 0.9, **every}).json()
    assert sure and all(row["speaker_confidence"] >= 0.9 for row in sure)


def test_statements_say_in_a_header_how_many_more_are_held_back(client):
    from whosaid.record.model import SHOWN_CONFIDENCE
    from whosaid.server.app import HELD_BACK_HEADER

    client.post("/api/articles", json=sample())
    every = client.get("/api/statements", params={"min_confidence": 0, "limit": 1000})
    shown = client.get("/api/statements", params={"limit": 1000})
    below = sum(row["confidence"] < SHOWN_CONFIDENCE for row in every.json())
    assert below and shown.headers[HELD_BACK_HEADER] == str(below) and every.headers[HELD_BACK_HEADER] == "0"
    assert all(row["confidence"] >= SHOWN_CONFIDENCE for row in shown.json())
    assert client.get("/api/statements", params={"min_confidence": 1.5}).status_code == 422


def test_bad_input_gets_clear_4xx_json(client):
    assert client.post("/api/extract", json={"text": 5}).status_code == 422
    assert client.post("/api/extract", json={"text": "x", "extra": 1}).status_code == 422
    bad_date = client.post("/api/extract", json={"text": "He said so.", "published": "yesterday"})
    assert bad_date.status_code == 400 and "W005" in bad_date.json()["detail"]
    too_big = client.post("/api/extract", json={"text": "a" * 300_000})
    assert too_big.status_code == 413 and "detail" in too_big.json()
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get("/api/entities/123456").status_code == 404
    assert client.get("/api/statements", params={"limit": 0}).status_code == 422
    assert client.get("/api/statements", params={"min_speaker_confidence": 1.5}).status_code == 422


def test_page_and_openapi(client):
    page = client.get("/extract")
    assert page.status_code == 200 and '<script src="/static/app.js"' in page.text
    script = client.get("/static/app.js").text
    assert "textContent" in script and "innerHTML" not in script
    assert "/api/statements" in client.get("/openapi.json").json()["paths"]


def test_openapi_types_every_result(client):
    openapi = client.get("/openapi.json").json()
    models = openapi["components"]["schemas"]
    assert {"Article", "StoredStatement", "Claim", "EntityPage"} <= set(models)

    def response_schema(path):
        return openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    assert response_schema("/api/statements")["items"]["$ref"].endswith("/StoredStatement")
    assert response_schema("/api/claims")["additionalProperties"]["items"]["$ref"].endswith("/Claim")
    assert response_schema("/api/entities/{entity_id}")["$ref"].endswith("/EntityPage")
    source_types = models["StoredStatement"]["properties"]["source_type"]["anyOf"][0]["enum"]
    assert "state_media" in source_types, "closed sets are enums in the schema"


def test_slow_extraction_times_out_with_503(tmp_path):
    with TestClient(create_app(tmp_path / "slow.db", timeout_seconds=0.001)) as client:
        response = client.post("/api/extract", json=sample())
    assert response.status_code == 503 and "longer than" in response.json()["detail"]


def test_streamed_body_over_the_limit_gets_413(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(30):
            yield b"a" * 10_000
        yield b'"}'

    response = client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and "detail" in response.json()
