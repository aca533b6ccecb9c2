"""The accurate profile: the news pipeline with the fine-tuned encoder's attribution component."""

import sys

import pytest

import whosaid
from whosaid.pipeline.attributions import SPANS_KEY

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def accurate():
    return whosaid.load(profile="accurate")


def test_the_encoder_replaces_the_fast_component_before_the_reporting_rules(accurate):
    names = accurate.pipe_names
    assert names.index("attribution") < names.index("reporting") and "encoder_attribution" not in names
    assert type(accurate.get_pipe("attribution")).__name__ == "EncoderAttribution"


def test_extracts_the_sample_without_pytorch(accurate, sample_text):
    article = whosaid.extract(sample_text, published="2026-03-12", nlp=accurate)
    assert len(article.statements) >= 4
    for statement in article.statements:
        assert 0 < statement.confidence <= 1
        assert statement.content.text == sample_text[statement.content.start : statement.content.end]
    speakers = [s.speaker for s in article.statements if s.speaker]
    assert speakers and all(sp.text == sample_text[sp.start : sp.end] for sp in speakers)
    if "torch" not in sys.modules:  # where PyTorch is installed, spaCy's thinc imports it anyway
        assert "onnxruntime" in sys.modules


def test_spans_of_one_attribution_share_an_id(accurate):
    doc = accurate('The minister said on Monday that "the dam is safe." Officials denied it.')
    groups = {}
    for span in doc.spans[SPANS_KEY]:
        groups.setdefault(span.id_, []).append(span.label_)
    assert groups and all("CUE" in labels or labels == ["CONTENT"] for labels in groups.values())
