from __future__ import annotations

import os
from pathlib import Path

import pytest
import spacy

import whosaid
from whosaid.pipeline.analyses import add_article_components

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def blank_nlp():
    return spacy.blank("en")


@pytest.fixture(scope="session")
def article_nlp():
    """A blank pipeline with the article-level components: `article_nlp(doc)` analyses a Doc made by hand."""
    return add_article_components(spacy.blank("en"))


@pytest.fixture(scope="session")
def nlp():
    """The shipped news pipeline (part of the package, so it must load)."""
    return whosaid.load()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "polnear").is_dir():
        pytest.skip(f"the shared corpora are not at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def sample_text() -> str:
    return (SAMPLES / "dam-engineers.txt").read_text(encoding="utf-8")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh store URL on each backend (PostgreSQL only where .ci/postgres started one)."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    url = os.environ.get("WHOSAID_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("no PostgreSQL server: set WHOSAID_TEST_POSTGRES_URL (.ci/postgres starts one)")
    from whosaid.store import schema
    from whosaid.store.store import Store

    with Store(url) as store:
        schema.metadata.drop_all(store.engine)
    return url
