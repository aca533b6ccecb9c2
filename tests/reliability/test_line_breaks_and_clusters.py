"""CRLF and U+2028 texts give the statements of their LF twins, with offsets into the text as it
came; no span begins or ends on whitespace or inside a grapheme cluster; names reach the store
with their whitespace collapsed."""

from __future__ import annotations

import pytest
import regex

from whosaid.processing.extraction import extract
from whosaid.record.spans import cluster_start, edges
from whosaid.store.store import Store

pytestmark = pytest.mark.slow

LF = (
    "The dam was finished on Monday, officials said.\n\nAhmed Karimi, a farmer, was angry.\n\n"
    '"Nobody will stop us," Ahmed said.\n\nThe ministry said 300 homes were lost.'
)
TWINS = {
    "crlf": LF.replace("\n", "\r\n"),
    "cr": LF.replace("\n", "\r"),
    "u2028": LF.replace("\n", "\u2028"),
    "u2029": LF.replace("\n", "\u2029"),
}


def spans_of(value) -> list[dict]:
    """Every span (a dict with start, end and text) of a dumped record."""
    if isinstance(value, list):
        return [span for item in value for span in spans_of(item)]
    if not isinstance(value, dict):
        return []
    own = [value] if {"start", "end", "text"} <= value.keys() and isinstance(value["start"], int) else []
    return own + [span for item in value.values() for span in spans_of(item)]


def assert_tidy_spans(article) -> None:
    text = article.text
    boundaries = {found.start() for found in regex.finditer(r"\X", text)} | {len(text)}
    spans = spans_of(article.model_dump())
    assert spans
    for span in spans:
        assert span["text"] == text[span["start"] : span["end"]]
        assert span["text"] == span["text"].strip(), span
        assert span["start"] in boundaries and span["end"] in boundaries, span


def summary(article) -> list[tuple]:
    return [(s.speaker.text if s.speaker else None, s.cue.text if s.cue else None, s.content.text)
            for s in article.statements]  # fmt: skip


@pytest.mark.parametrize("twin", sorted(TWINS))
def test_line_break_twins_give_the_same_statements(twin):
    plain, other = extract(LF), extract(TWINS[twin])
    assert other.text == TWINS[twin]
    assert summary(other) == summary(plain)
    assert [entity.name for entity in other.entities] == [entity.name for entity in plain.entities]
    assert_tidy_spans(other)


@pytest.mark.parametrize(
    "text",
    [
        "The 🇪🇸 Spanish minister Ana Ruiz said the 🇪🇺 deal was done.",
        "Spain🇪🇸 said the dam was finished. Officials in 🇪🇸Madrid said 300 homes were lost.",
        '"We won," said 👨‍👩‍👧‍👦Father Tom Lee, the 👨‍👩‍👧‍👦spokesman.',
        "Family 👨‍👩‍👧‍👦 spokesman Lee Park said the house was sold.",
    ],
)
def test_spans_never_cut_a_grapheme_cluster(text):
    article = extract(text)
    assert_tidy_spans(article)
    for entity in article.entities:
        # a name, or the words that describe a speaker the article never names
        name = entity.name if entity.name is not None else entity.description.text
        assert regex.fullmatch(r"(?:\X)*", name) and "\U0001f1ea" != name


def test_edges_trim_whitespace_and_widen_to_clusters():
    text = "Hi \r\n\r\nAhmed 🇪🇸 and 👨‍👩‍👧‍👦."
    assert edges(text, 3, 12) == (7, 12)  # "\r\n\r\nAhmed"
    flag = text.index("🇪🇸")
    assert edges(text, flag, flag + 1) == (flag, flag + 2)
    family = text.index("👨")
    assert edges(text, family + 6, family + 7) == (family, family + 7)
    assert edges(text, 3, 7) == (7, 7)  # only line breaks: empty


@pytest.mark.parametrize(
    "text", ["a\r\nb", "\r\n\r\n", "e\u0301x", "\u06001", "x\u200d\U0001f469", "\U0001f1ea\U0001f1f8a", "\t\n.\r"]
)
def test_a_cluster_starts_where_unicode_segmentation_says_with_ascii_read_at_once(text):
    starts = {found.start() for found in regex.finditer(r"\X", text)}
    for position in range(len(text)):
        expected = max(start for start in starts if start <= position)
        assert cluster_start(text, position) == expected, (text, position)


def test_stored_names_and_aliases_have_collapsed_whitespace(tmp_path):
    # A record from elsewhere (a batch output, an older whosaid) may hold a name across a line break.
    article = extract(LF)
    ahmed = next(entity for entity in article.entities if entity.name == "Ahmed Karimi")
    mention = ahmed.mentions[0].model_copy(update={"text": "Ahmed\r\n Karimi"})
    broken = ahmed.model_copy(update={"name": " Ahmed\r\nKarimi", "mentions": [mention, *ahmed.mentions[1:]]})
    entities = [broken if entity is ahmed else entity for entity in article.entities]
    with Store(tmp_path / "ledger.db") as store:
        store.add(article.model_copy(update={"entities": entities}))
        names = [name for entity in store.entities() for name in [entity.name, *entity.aliases]]
    assert "Ahmed Karimi" in names
    assert all(name == " ".join(name.split()) for name in names), names
