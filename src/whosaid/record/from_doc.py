"""The one pure function from a processed Doc to an Article record."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from spacy.tokens import Doc, Span

from whosaid.pipeline.extensions import get_meta
from whosaid.record.model import Article, Entity, Mention

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


def article_from_doc(doc: Doc) -> Article:
    meta = get_meta(doc)
    return Article(
        id=article_id(doc.text),
        title=meta.title,
        url=meta.url,
        outlet=meta.outlet,
        published=meta.published.isoformat() if meta.published else None,
        text=doc.text,
        entities=entities_from_doc(doc),
    )
