"""The one pure function from a processed Doc to an Article record."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from spacy.tokens import Doc, Span

from whosaid.pipeline.attribution.features import quotations
from whosaid.pipeline.attributions import CONFIDENCE_EXTENSION, CONTENT, CUE, SOURCE, VIA, attributions_in
from whosaid.pipeline.extensions import get_meta, register_extensions
from whosaid.record.model import Article, Content, Cue, Entity, Mention, SourceRef, Statement

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "MISC")
_LEADING_ARTICLES = ("the ",)
_POSSESSIVES = ("'s", "’s", "'", "’")


def article_id(text: str) -> str:
    """A stable id: the same text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def mention(span: Span) -> Mention:
    return Mention(text=span.text, start=span.start_char, end=span.end_char)


def entity_key(span: Span) -> tuple[str, str]:
    """Mentions with the same key are one entity (before coreference)."""
    name = span.text.casefold()
    for article in _LEADING_ARTICLES:
        name = name.removeprefix(article)
    for possessive in _POSSESSIVES:
        name = name.removesuffix(possessive)
    return span.label_, " ".join(name.split())


def entities_from_doc(doc: Doc) -> list[Entity]:
    groups: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for span in doc.ents:
        if span.label_ in ENTITY_LABELS:
            groups[entity_key(span)].append(span)
    entities = []
    for number, ((label, _), spans) in enumerate(groups.items(), start=1):
        name = max((span.text for span in spans), key=len)
        entities.append(Entity(id=f"e{number}", name=name, type=label, mentions=[mention(s) for s in spans]))
    return entities


def _speaker(span: Span, entities: list[Entity]) -> SourceRef:
    """The speaker span, linked to the longest entity mention inside it."""
    inside = [
        (m.end - m.start, entity)
        for entity in entities
        for m in entity.mentions
        if span.start_char <= m.start and m.end <= span.end_char
    ]
    entity = max(inside, key=lambda pair: pair[0])[1] if inside else None
    return SourceRef(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        entity=entity.id if entity else None,
        name=entity.name if entity else None,
        type=entity.type if entity else None,
    )


def _cue(span: Span) -> Cue:
    lemma = span.root.lemma_ or span.root.lower_
    return Cue(text=span.text, start=span.start_char, end=span.end_char, lemma=lemma)


def statement_kind(fragments: list[Span], quotation_numbers: list[int]) -> str:
    """direct: all of the content is quoted; mixed: part of it; indirect: none."""
    tokens = [token for span in fragments for token in span if not token.is_space]
    quoted = sum(1 for token in tokens if quotation_numbers[token.i])
    if tokens and quoted == len(tokens):
        return "direct"
    return "mixed" if quoted else "indirect"


def _reporter(key: str, grouped: dict[str, dict[str, list[Span]]]) -> str | None:
    """The attribution whose content holds this one's cue: it reports this one."""
    roles = grouped[key]
    anchor = (roles[CUE] or roles[CONTENT])[0]
    holders = [
        (sum(len(span) for span in other[CONTENT]), other_key)
        for other_key, other in grouped.items()
        if other_key != key and any(c.start <= anchor.start and anchor.end <= c.end for c in other[CONTENT])
    ]
    return min(holders)[1] if holders else None


def statements_from_doc(doc: Doc, entities: list[Entity]) -> list[Statement]:
    grouped = {key: roles for key, roles in attributions_in(doc).items() if roles[CONTENT]}
    if not grouped:
        return []
    register_extensions()
    numbers = quotations(doc)
    confidence = doc._.get(CONFIDENCE_EXTENSION) or {}
    order = sorted(grouped, key=lambda key: min(span.start for spans in grouped[key].values() for span in spans))
    statement_ids = {key: f"s{number}" for number, key in enumerate(order, start=1)}
    reporters = {key: _reporter(key, grouped) for key in order}

    def chain(key: str) -> list[SourceRef]:
        """The sources a statement came through, innermost first: its own VIA spans, then its reporter's."""
        via = [_speaker(span, entities) for span in grouped[key][VIA]]
        reporter = reporters[key]
        if reporter is None:
            return via
        speaker = grouped[reporter][SOURCE]
        return via + ([_speaker(speaker[0], entities)] if speaker else []) + chain(reporter)

    text = doc.text  # built from the tokens on each access
    statements = []
    for key in order:
        roles = grouped[key]
        contents = roles[CONTENT]
        start, end = contents[0].start_char, contents[-1].end_char
        cue = roles[CUE][0] if roles[CUE] else None
        statements.append(
            Statement(
                id=statement_ids[key],
                speaker=_speaker(roles[SOURCE][0], entities) if roles[SOURCE] else None,
                cue=_cue(cue) if cue else None,
                content=Content(
                    text=text[start:end],
                    start=start,
                    end=end,
                    fragments=[(span.start_char, span.end_char) for span in contents],
                ),
                kind=statement_kind(contents, numbers),
                reported_via=chain(key),
                within=statement_ids[reporters[key]] if reporters[key] else None,
                confidence=confidence.get(key, 1.0),
            )
        )
    return statements


def article_from_doc(doc: Doc) -> Article:
    meta = get_meta(doc)
    entities = entities_from_doc(doc)
    text = doc.text
    return Article(
        id=article_id(text),
        title=meta.title,
        url=meta.url,
        outlet=meta.outlet,
        published=meta.published.isoformat() if meta.published else None,
        text=text,
        entities=entities,
        statements=statements_from_doc(doc, entities),
    )
