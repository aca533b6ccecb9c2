"""An article's headline and dateline: found, given to the metadata, and kept out of statements.

A headline is a short first paragraph that does not end a sentence ("Harbour council votes
to delay ferry contract"). A dateline opens the first paragraph of the story (after a byline,
"By Staff Reporter", if one follows the headline) with the place
in capitals, optionally a date and an agency, and a dash: "PYONGYANG, March 12 (Wire) —",
"BRAMLEY, May 2, 2026 (Lakeside Post) -", "GENEVA (Reuters) -", "WASHINGTON —"; not a label
in capitals ("BREAKING —").

The component `whosaid_layout_v1` marks them in `doc.spans["whosaid_layout"]` (labels
HEADLINE and DATELINE), drops attributions whose cue lies in them and cuts their words out of
every other attribution span, and drops the names the NER found in them ("SANTIAGO"), so a
dateline is never a speaker, an entity or part of a content. It is also the one place the
article's metadata is resolved (`resolved_meta`), from the article's own, what its headline
(the title) and dateline (the date, the agency as the outlet) say, and the run's defaults
(`set_meta(defaults=...)`: `--published`, `--outlet`, ...). The components after it read the
resolved metadata; it runs first among the article-level components.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import get_args

from spacy.language import Language
from spacy.tokens import Doc, Span

from whosaid.inputs import ArticleMeta
from whosaid.lexicon.calendar import month_number
from whosaid.pipeline.attribution_spans import CUE, SPANS_KEY
from whosaid.pipeline.extensions import LAYOUT, META, ArticleComponent, get_meta, get_meta_defaults, set_meta
from whosaid.pipeline.text import doc_text
from whosaid.record.model import EntityType

FACTORY = "whosaid_layout_v1"
# Named entities a dateline's place or agency must not become; its date stays a time.
NAMES = frozenset(get_args(EntityType))
HEADLINE, DATELINE = "HEADLINE", "DATELINE"
SENTENCES_FACTORY = "whosaid_layout_sentences_v1"
# Longer lines are paragraphs, never headlines (here and for the NER fixes in entities).
MAX_HEADLINE_CHARS = 200
# How many short lines after the headline (a deck, a caption) a dateline may follow.
MAX_DECK_LINES = 3
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’\- ]{1,40}(?:, [A-Z][A-Za-z.'’\- ]{1,30})?)"
    r"(?:,\s+(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?)?"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\))?\s*[—–-]{1,2}\s+"
)
_SENTENCE_END = tuple(".!?:;\"”’'")
# Words in capitals that open a story before a dash but name no place ("BREAKING — ...").
NOT_PLACES = frozenset({
    "BREAKING", "UPDATE", "UPDATES", "UPDATED", "EXCLUSIVE", "ANALYSIS", "OPINION", "COMMENT", "WATCH", "LIVE",
    "VIDEO", "NOTE", "CORRECTION", "CHECK", "REVIEW", "ALERT",
})  # fmt: skip
# A byline between the headline and the dateline ("By Staff Reporter", "By Ana Ruiz and Tom Hale").
_BYLINE = re.compile(r"By [A-Z][^\n]{0,80}\n")


@dataclass(frozen=True)
class Layout:
    """Character offsets of the headline and dateline (None when absent), and what the dateline says."""

    headline: tuple[int, int] | None = None
    dateline: tuple[int, int] | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    agency: str | None = None

    def published(self, default: dt.date | None = None) -> dt.date | None:
        """The dateline's date: its own year, else the year of `default` (None without one)."""
        year = self.year or (default.year if default else None)
        if not (year and self.month and self.day):
            return None
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def title_cased(line: str) -> bool:
    """Most longer words capitalised, four at least: a headline's line, whatever its last mark
    ("Chris Christie Calls Hillary Clinton ‘A Disgrace’ Over Police Shooting Comments."), where
    the NER runs names into the words after them (whosaid.pipeline.entity_names). The layout does
    not take such a line that ends a sentence for the headline: PolNeAR marks attributions there."""
    words = _LONG_WORD.findall(line)
    capitalised = sum(word[0].isupper() for word in words)
    return capitalised >= 4 and capitalised >= 0.8 * len(words)


def find_layout(text: str) -> Layout:
    start = len(text) - len(text.lstrip())
    first_end = text.find("\n", start)
    headline = None
    if first_end > start:
        first = text[start:first_end].rstrip()
        rest = text[first_end:].strip()
        if rest and len(first) <= MAX_HEADLINE_CHARS and not first.endswith(_SENTENCE_END) and " " in first:
            headline = (start, start + len(first))
            start = _past_space(text, first_end)
    if byline := _BYLINE.match(text, start):
        start = _past_space(text, byline.end())
    match = _dateline_at(text, start)
    for _ in range(MAX_DECK_LINES):
        # A deck between the headline and the story: short lines of their own ("Keith Lamont
        # Scott's wife pleads for his life.")
        line_end = text.find("\n", start)
        if match is not None or line_end < 0 or line_end - start > MAX_HEADLINE_CHARS:
            break
        start = _past_space(text, line_end)
        match = _dateline_at(text, start)
    if match is None:
        return Layout(headline)
    month = month_number(match["month"].lower()) if match["month"] else None
    if match["month"] and month is None:  # "PARIS, Tuesday ..." is not a date we can place
        return Layout(headline)
    return Layout(
        headline,
        (match.start(), match.end()),
        month,
        int(match["day"]) if match["day"] else None,
        int(match["year"]) if match["year"] else None,
        match["agency"].strip() if match["agency"] else None,
    )


def _past_space(text: str, start: int) -> int:
    """The offset of the first character at or after `start` that is no white space."""
    return len(text) - len(text[start:].lstrip())


def _dateline_at(text: str, start: int) -> re.Match | None:
    match = _DATELINE.match(text, start)
    place = match["place"].split(",")[0].strip(" -") if match else ""  # a state may follow: "FAIRVIEW, W.Va."
    if match is None or not place.isupper() or len(place) < 3 or set(place.split()) & NOT_PLACES:
        return None
    return match


def _overlaps(span: Span, taken: list[tuple[int, int]]) -> bool:
    return any(first < span.end and span.start < last for first, last in taken)


def _outside(span: Span, taken: list[tuple[int, int]]) -> Span | None:
    """The span without the tokens in `taken` (token offsets) at its start, headline and dateline
    both when it starts in the one and runs over the other; None if nothing is left."""
    start = span.start
    for first, last in sorted(taken):
        while start < span.end and span.doc[start].is_space:
            start += 1
        if first <= start < last:
            start = last
    while start < span.end and span.doc[start].is_space:
        start += 1
    if start >= span.end:
        return None
    if _overlaps(span.doc[start : span.end], taken):
        return None  # it runs into a headline or dateline further on: not a span of the story
    return Span(span.doc, start, span.end, label=span.label_, span_id=span.id_, kb_id=span.kb_id_)


@Language.component(SENTENCES_FACTORY, assigns=["token.is_sent_start"])
def sentences_from_layout(doc: Doc) -> Doc:
    """Sentence starts the layout gives, which a parser after this component keeps: the dateline,
    and the story after it, open sentences of their own, and so does what follows the headline.
    en_core_web_md's parser ran a headline (it has no full stop) into the sentence under it, and
    read "SEOUL, Nov. 20 (Wire) - North Kandor's premier hailed ..." as a phrase on SEOUL."""
    text = doc_text(doc)
    layout = find_layout(text)
    for chars in (layout.headline, layout.dateline):
        after = doc.char_span(chars[1], len(text), alignment_mode="expand") if chars else None
        first = next((token for token in after if not token.is_space), None) if after is not None else None
        if first is not None and first.i > 0:
            first.is_sent_start = True
            # and goes on past its first word: the parser, told where a sentence starts, may end it
            # there ("Kingsbridge | coach Fiona Gallagher said" under a headline)
            following = doc[first.i + 1] if first.i + 1 < len(doc) else None
            if following is not None and not (following.is_space or following.is_punct):
                following.is_sent_start = False
    return doc


def dateline_agency(doc: Doc) -> str | None:
    """The agency the dateline the layout component found names ("(Nordwire) -"), if any."""
    for span in doc.spans.get(LAYOUT, []):
        if span.label_ == DATELINE and (match := _DATELINE.match(span.text_with_ws)) and match["agency"]:
            return match["agency"].strip()
    return None


def resolved_meta(meta: ArticleMeta, layout: Layout, text: str, defaults: ArticleMeta) -> ArticleMeta:
    """The article's metadata: its own first. A run's title, URL and outlet say where its articles
    were published (a paper's feed of wire stories), so they come before the headline and the
    dateline's agency; its date is that of articles that state none, so a dateline's date comes
    before it (taking its year when the dateline gives none)."""
    return replace(
        meta,
        title=meta.title or defaults.title or (text[slice(*layout.headline)] if layout.headline else None),
        url=meta.url or defaults.url,
        outlet=meta.outlet or defaults.outlet or layout.agency,
        published=meta.published or layout.published(defaults.published) or defaults.published,
    )


class LayoutFinder(ArticleComponent):
    def analyse(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        layout = find_layout(text)
        spans = []
        for label, chars in ((HEADLINE, layout.headline), (DATELINE, layout.dateline)):
            span = doc.char_span(*chars, label=label, alignment_mode="expand") if chars else None
            if span is not None:
                spans.append(span)
        doc.spans[LAYOUT] = spans
        set_meta(doc, resolved_meta(get_meta(doc), layout, text, get_meta_defaults(doc)))
        if not spans:
            return doc
        taken = [(span.start, span.end) for span in spans]
        if SPANS_KEY in doc.spans:
            cut = {span.id_ for span in doc.spans[SPANS_KEY] if span.label_ == CUE and _outside(span, taken) != span}
            kept = [_outside(span, taken) for span in doc.spans[SPANS_KEY] if span.id_ not in cut]
            doc.spans[SPANS_KEY] = [span for span in kept if span is not None]
        doc.ents = [ent for ent in doc.ents if ent.label_ not in NAMES or not _overlaps(ent, taken)]
        return doc


@Language.factory(FACTORY, assigns=["doc.spans", f"doc._.{META}"], requires=["doc.sents"])
def make_layout_finder(nlp: Language, name: str) -> LayoutFinder:
    """The headline and dateline: metadata, and kept out of statements and entities."""
    return LayoutFinder(name)
