"""A store written by an older whosaid opens, and its tables are rebuilt from its records: nothing is lost."""

import sqlite3
from pathlib import Path

import pytest

from whosaid.store import schema
from whosaid.store.store import Store

V1_LAYOUT = Path(__file__).with_name("store-v1.sql")
pytestmark = pytest.mark.slow


def test_a_version_1_store_is_rebuilt_from_its_records(tmp_path, sample_text):
    import whosaid

    article = whosaid.extract(sample_text, published="2026-03-12", outlet="Wire")
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(V1_LAYOUT.read_text())
        connection.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
            (article.id, None, None, "Wire", "2026-03-12", article.text, article.to_json()),
        )
        connection.execute(
            "INSERT INTO statements (article_id, id, content, content_start, content_end, kind, reported_via, "
            "hedged, negated, confidence) VALUES (?, 's1', 'old row', 0, 7, 'direct', '[]', 0, 0, 1.0)",
            (article.id,),
        )
    with Store(path) as store:
        assert store.article(article.id) == article, "the record is kept as it was"
        rows = store.statements(min_confidence=0, limit=1000)
        assert [row.id for row in rows] == [s.id for s in article.statements], "rebuilt, the old row gone"
        assert {row.content for row in rows} == {s.content.text for s in article.statements}
        assert store.counts()["quantities"] == len(article.quantities)
        assert store.claims(min_confidence=0, unit="engineers"), "figures are queryable again"
        assert store.statements(min_confidence=0, q="engineers"), "and the full text index"
    with sqlite3.connect(path) as connection:
        (version,) = connection.execute("SELECT value FROM store_info WHERE key = 'schema_version'").fetchone()
    assert version == str(schema.SCHEMA_VERSION)
    with Store(path) as store:
        assert len(store.statements(min_confidence=0, limit=1000)) == len(article.statements), (
            "opening again changes nothing"
        )


def test_a_store_of_the_previous_version_gets_its_claims_recomputed(tmp_path, sample_text):
    import whosaid

    path = tmp_path / "previous.db"
    with Store(path) as store:
        store.add(whosaid.extract(sample_text, published="2026-03-12", outlet="Wire"))
        parts = store.counts()
    with sqlite3.connect(path) as connection:  # as a store of the previous version left it: same tables
        connection.execute("DELETE FROM claim_reports")
        connection.execute(
            "UPDATE store_info SET value = ? WHERE key = 'schema_version'", (str(schema.SCHEMA_VERSION - 1),)
        )
    with Store(path) as store:
        assert store.counts() == parts
        assert store.claim_histories(min_confidence=0, min_articles=1), "claims derived again from the records"
