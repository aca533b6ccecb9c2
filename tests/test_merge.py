"""Merging the chunks of a long article back into one Doc (whosaid.api)."""

from spacy.tokens import Span

from whosaid.inputs import ArticleMeta
from whosaid.pipeline.attribution_spans import CONFIDENCE_EXTENSION, SPANS_KEY, attributions_in
from whosaid.pipeline.extensions import get_meta, register_extensions, set_meta
from whosaid.processing.extraction import _merge


def test_chunks_merge_without_mixing_attributions(blank_nlp):
    register_extensions()
    meta = ArticleMeta.create(outlet="Wire", published="2026-03-12")
    chunks = [blank_nlp("Ibarra said yes. "), blank_nlp("Okafor said no.")]
    for chunk in chunks:
        set_meta(chunk, meta)
        chunk.spans[SPANS_KEY] = [
            Span(chunk, 0, 1, label="SOURCE", span_id="a1"),
            Span(chunk, 1, 2, label="CUE", span_id="a1"),
            Span(chunk, 2, 3, label="CONTENT", span_id="a1"),
        ]
        chunk._.set(CONFIDENCE_EXTENSION, {"a1": 0.5})
    merged = _merge(chunks)
    assert merged.text == "Ibarra said yes. Okafor said no."
    grouped = attributions_in(merged)
    assert list(grouped) == ["c0.a1", "c1.a1"]
    assert [s.text for s in grouped["c1.a1"]["SOURCE"]] == ["Okafor"]
    assert merged._.get(CONFIDENCE_EXTENSION) == {"c0.a1": 0.5, "c1.a1": 0.5}
    assert get_meta(merged) == meta
