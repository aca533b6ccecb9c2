"""The one pure function from a processed Doc to its Article record.

It only maps what the components wrote on the Doc (whosaid.pipeline.extensions)
to the record: spans become character offsets, ids stay as they are.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Span

from whosaid.pipeline.attribution_spans import CONTENT, CUE, SOURCE, VIA, attributions_in
from whosaid.pipeline.extensions import (
    ENTITIES,
    EPISTEMICS,
    LAYOUT,
    NEGATION,
    QUANTITIES,
    SOURCE_TYPE,
    SPEAKER_AFFILIATION,
    SPEAKER_CONFIDENCE,
    STATEMENTS,
    TIMES,
    get_meta,
    get_meta_defaults,
    register_extensions,
)
from whosaid.pipeline.layout import Layout, resolved_meta
from whosaid.pipeline.sentences import SentenceBounds
from whosaid.pipeline.text import doc_text
from whosaid.record.model import (
    Article,
    Content,
    Cue,
    Entity,
    Mention,
    Quantity,
    SourceRef,
    Statement,
    Time,
    article_id,
)
from whosaid.record.spans import tidied


def mention(span: Span) -> Mention:
    return Mention(text=span.text, start=span.start_char, end=span.end_char)


def _spans_by_id(doc: Doc, key: str) -> dict[str, list[Span]]:
    spans: dict[str, list[Span]] = defaultdict(list)
    for span in doc.spans.get(key, ()):
        spans[span.id_].append(span)
    return spans


def _entities(doc: Doc) -> list[Entity]:
    mentions = _spans_by_id(doc, ENTITIES)
    return [
        Entity(
            id=entity_id,
            name=" ".join(entity["name"].split()) if entity["name"] is not None else None,
            type=entity["type"],
            role=mention(doc[entity["role"][0] : entity["role"][1]]) if entity["role"] else None,
            country=entity["country"],
            source_type=entity["source_type"],
            mentions=[mention(span) for span in mentions[entity_id]],
            description=mention(doc[described[0] : described[1]]) if (described := entity.get("description")) else None,
            affiliation=entity.get("affiliation"),  # (these two not in Docs of before 2026-12-07)
        )
        for entity_id, entity in (doc._.get(ENTITIES) or {}).items()
    ]


def _fragments(doc: Doc, tokens: list[int]) -> list[tuple[int, int]]:
    return [(doc[i].idx, doc[i].idx + len(doc[i])) for i in tokens]


def _quantities(doc: Doc, statement_of: dict[str, str]) -> list[Quantity]:
    attributes = doc._.get(QUANTITIES) or {}
    quantities = []
    for span in doc.spans.get(QUANTITIES, ()):
        found = attributes[span.id_]
        qualifier = found["qualifier"]
        quantities.append(
            Quantity(
                id=span.id_,
                **mention(span).model_dump(),
                value=found["value"],
                value_max=found["value_max"],
                bound=found["bound"],
                qualifier=mention(doc[qualifier[0] : qualifier[1]]) if qualifier else None,
                unit=found["unit"],
                unit_fragments=_fragments(doc, found["unit_tokens"]),
                counts=found["counts"],
                counts_fragments=_fragments(doc, found["counts_tokens"]),
                per=found["per"],
                per_fragments=_fragments(doc, found["per_tokens"]),
                whose=found.get("whose"),  # (not in Docs of before 2026-12-06)
                whose_fragments=_fragments(doc, found.get("whose_tokens", [])),
                kind=found.get("kind", "count"),  # (not in Docs of before 2026-12-06)
                statement=statement_of.get(span.id_),
            )
        )
    return quantities


def _times(doc: Doc, statement_of: dict[str, str]) -> list[Time]:
    attributes = doc._.get(TIMES) or {}
    return [
        Time(id=span.id_, **mention(span).model_dump(), **attributes[span.id_], statement=statement_of.get(span.id_))
        for span in doc.spans.get(TIMES, ())
    ]


def _after_layout(layout_ends: list[int], start: int, first: int) -> int:
    """Where a statement's evidence starts: its sentence's start, or after a dateline or headline
    that opens that sentence ("PYONGYANG, March 12 (Wire) — ..."), which is the article's, not its."""
    return max([start, *(end for end in layout_ends if start < end <= first)])


def _statements(doc: Doc, text: str, entities: dict[str, Entity]) -> list[Statement]:
    grouped = attributions_in(doc)
    sources = {(span.start, span.end): span for roles in grouped.values() for span in roles[SOURCE] + roles[VIA]}
    epistemics = _spans_by_id(doc, EPISTEMICS)

    def source(span: Span) -> SourceRef:
        entity = entities.get(span.kb_id_)
        affiliation = entities.get(span._.get(SPEAKER_AFFILIATION) or "")
        return SourceRef(
            **mention(span).model_dump(),
            entity=entity.id if entity else None,
            name=entity.name if entity else None,
            type=entity.type if entity else None,
            source_type=span._.get(SOURCE_TYPE),
            confidence=span._.get(SPEAKER_CONFIDENCE) if entity else None,
            affiliation=affiliation.id if affiliation else None,
            affiliation_name=affiliation.name if affiliation else None,
            description=entity.description.text if entity and entity.description else None,
        )

    statements = []
    found_statements = doc._.get(STATEMENTS) or []
    sentences = SentenceBounds(doc) if found_statements else None
    layout = [span.end for span in doc.spans.get(LAYOUT, ())]
    for found in found_statements:
        roles = grouped[found["attribution"]]
        parts = roles[SOURCE][:1] + roles[CUE][:1] + roles[CONTENT] + roles[VIA]
        first, last = min(span.start for span in parts), max(span.end for span in parts) - 1
        contents, cue = roles[CONTENT], (roles[CUE][0] if roles[CUE] else None)
        start, end = contents[0].start_char, contents[-1].end_char
        hedges = [mention(span) for span in epistemics[found["id"]] if span.label_ != NEGATION]
        negation = next((span for span in epistemics[found["id"]] if span.label_ == NEGATION), None)
        statements.append(
            Statement(
                id=found["id"],
                speaker=source(roles[SOURCE][0]) if roles[SOURCE] else None,
                cue=Cue(**mention(cue).model_dump(), lemma=found["cue_lemma"], type=found["cue_type"]) if cue else None,
                content=Content(
                    text=text[start:end],
                    start=start,
                    end=end,
                    fragments=[(span.start_char, span.end_char) for span in contents],
                ),
                kind=found["kind"],
                reported_via=[source(sources[(first, last)]) for first, last in found["reported_via"]],
                within=found["within"],
                hedged=bool(hedges),
                hedges=hedges,
                negated=negation is not None,
                negation=mention(negation) if negation is not None else None,
                quantities=found["quantities"],
                times=found["times"],
                confidence=found["confidence"],
                evidence=mention(doc[_after_layout(layout, sentences.starts[first], first) : sentences.ends[last]]),
            )
        )
    return statements


def article_from_doc(doc: Doc, text: str | None = None) -> Article:
    """The Article record of a Doc the whosaid pipeline has processed.

    `text` is the article as it came, when the pipeline read it with its line breaks made
    plain (whosaid.pipeline.text.pipeline_text): the record holds it, and its spans' texts are
    taken from it. Span edges are tidied (whosaid.record.spans)."""
    register_extensions()
    meta = get_meta(doc)
    if LAYOUT not in doc.spans:  # no layout component resolved the metadata: the run's defaults at least
        meta = resolved_meta(meta, Layout(), doc.text, get_meta_defaults(doc))
    text = doc_text(doc) if text is None else text
    entities = _entities(doc)
    statements = _statements(doc, text, {entity.id: entity for entity in entities})
    statement_of = {item: statement.id for statement in statements for item in statement.quantities + statement.times}
    article = Article(
        id=article_id(text),
        title=meta.title,
        url=meta.url,
        outlet=meta.outlet,
        published=meta.published.isoformat() if meta.published else None,
        text=text,
        entities=entities,
        statements=statements,
        quantities=_quantities(doc, statement_of),
        times=_times(doc, statement_of),
    )
    return Article.model_validate(tidied(article.model_dump(), text))
