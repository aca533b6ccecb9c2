"""The public Python API, on the shipped model."""

import pytest

import whosaid
from whosaid.errors import InvalidDateError, InvalidOptionError, InvalidRecordError

pytestmark = pytest.mark.slow


def assert_offsets(article):
    for entity in article.entities:
        for mention in entity.mentions:
            assert article.text[mention.start : mention.end] == mention.text


def test_load_gives_each_caller_a_pipeline_no_other_caller_can_change(nlp):
    assert {"tagger", "parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)
    mine = whosaid.load()
    assert mine is not nlp
    mine.remove_pipe("statements")
    assert "statements" in nlp.pipe_names and "statements" in whosaid.load().pipe_names
    assert whosaid.extract("Ann Lee said the dam was safe.").statements, "extract's own pipeline is unchanged"
    assert [s.content.text for s in whosaid.extract("Ann Lee said the dam was safe.", nlp=nlp).statements] == [
        "the dam was safe"
    ]


def test_extract_fills_metadata_and_entities(sample_text):
    article = whosaid.extract(
        sample_text, published="2026-03-12", title="Dam", url="https://example.org/a", outlet="Wire"
    )
    assert (article.published, article.title, article.url, article.outlet) == (
        "2026-03-12",
        "Dam",
        "https://example.org/a",
        "Wire",
    )
    assert article.text == sample_text
    assert any(e.name == "Ingrid Halvorsen" for e in article.entities)
    assert_offsets(article)


def test_extract_many_keeps_order_and_accepts_mappings(sample_text):
    items = ["Ibarra spoke in Santiago.", {"text": sample_text, "published": "2026-03-12"}, ""]
    articles = list(whosaid.extract_many(items, batch_size=2))
    assert [a.text for a in articles] == ["Ibarra spoke in Santiago.", sample_text, ""]
    assert articles[1].published == "2026-03-12"


def test_bad_input_raises_clear_errors():
    with pytest.raises(InvalidDateError):
        whosaid.extract("Text.", published="tomorrow")
    with pytest.raises(InvalidRecordError):
        whosaid.extract(b"bytes are not text")
    with pytest.raises(InvalidRecordError):
        list(whosaid.extract_many([{"body": "no text key"}]))


def test_long_article_is_chunked_with_offsets_into_the_original(sample_text):
    text = "\n\n".join([sample_text] * 6)
    whole = whosaid.extract(text)
    chunked = whosaid.extract(text, max_chunk_chars=len(sample_text) + 10)
    assert chunked.text == text
    assert_offsets(chunked)
    # the named entities' mentions (an unnamed speaker's follow the statements, which the context may change)
    mentions = lambda a: sorted((m.start, m.end) for e in a.entities if e.name is not None for m in e.mentions)  # noqa: E731
    assert mentions(chunked) == mentions(whole)


def test_unknown_profile_is_a_clear_error():
    with pytest.raises(InvalidOptionError, match="unknown profile"):
        whosaid.load(profile="thorough")
