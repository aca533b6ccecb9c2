"""The one pure function from a processed Doc to an Article record."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections import defaultdict

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc, Span

from whosaid.pipeline.attribution.features import quotations
from whosaid.pipeline.attributions import (
    CONFIDENCE_EXTENSION,
    CONTENT,
    CUE,
    SOURCE,
    VIA,
    attributions_in,
    content_owners,
    reporters,
)
from whosaid.pipeline.extensions import get_meta, register_extensions
from whosaid.pipeline.sentences import SentenceBounds
from whosaid.record.entities import Resolution, resolve
from whosaid.record.epistemics import cue_type, hedge_tokens, negation_token
from whosaid.record.model import Article, Content, Cue, Entity, Mention, Quantity, SourceRef, Statement, Time
from whosaid.record.quantities import FoundQuantity, quantities_in
from whosaid.record.source_types import source_type
from whosaid.record.times import FoundTime, times_in


def doc_text(doc: Doc) -> str:
    """doc.text, from arrays rather than a Token object per word (it is rebuilt on each access)."""
    strings = doc.vocab.strings
    return (
        "".join(strings[orth] + " " * space for orth, space in doc.to_array([ORTH, SPACY]).tolist()) if len(doc) else ""
    )


def article_id(text: str) -> str:
    """A stable id: the same text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def mention(span: Span) -> Mention:
    return Mention(text=span.text, start=span.start_char, end=span.end_char)


def entities_from_resolution(resolution: Resolution) -> dict[int, Entity]:
    """The Entity record of each cluster (by cluster index), numbered in order of first mention."""
    order = sorted(range(len(resolution.clusters)), key=lambda i: resolution.clusters[i].mentions[0].start)
    entities = {}
    for number, index in enumerate(order, start=1):
        cluster = resolution.clusters[index]
        role = cluster.role.text if cluster.role is not None else None
        entities[index] = Entity(
            id=f"e{number}",
            name=cluster.name,
            type=cluster.type,
            role=mention(cluster.role) if cluster.role is not None else None,
            country=cluster.country,
            source_type=source_type(cluster.name, cluster.type, cluster.name, role),
            mentions=[mention(span) for span in cluster.mentions],
        )
    return entities


def _source(span: Span, entity: Entity | None) -> SourceRef:
    """A speaker or reporting source, with the entity it resolves to."""
    role = entity.role.text if entity is not None and entity.role is not None else None
    return SourceRef(
        **mention(span).model_dump(),
        entity=entity.id if entity else None,
        name=entity.name if entity else None,
        type=entity.type if entity else None,
        source_type=source_type(entity.name if entity else None, entity.type if entity else None, span.text, role),
    )


def statement_kind(fragments: list[Span], quotation_numbers: list[int]) -> str:
    """direct: all of the content is quoted; mixed: part of it; indirect: none."""
    tokens = [token for span in fragments for token in span if not token.is_space]
    quoted = sum(1 for token in tokens if quotation_numbers[token.i])
    if tokens and quoted == len(tokens):
        return "direct"
    return "mixed" if quoted else "indirect"


def _cue(span: Span) -> Cue:
    lemma = span.root.lemma_ or span.root.lower_
    return Cue(**mention(span).model_dump(), lemma=lemma, type=cue_type(lemma))


def _owner(
    doc: Doc,
    start: int,
    end: int,
    owners: dict[int, str],
    cue_roots: dict[int, str],
    positions: list[int],
    sentences: SentenceBounds,
) -> str | None:
    """The statement a quantity or time belongs to: the one whose content holds it, else the one
    whose cue it depends on ("in a message carried ... on Wednesday"), else the only one whose
    cue is in its sentence ("Reports said 300 were killed, and thousands more were injured")."""
    if start in owners:
        return owners[start]
    span = doc[start:end]
    for ancestor in span.root.ancestors:
        if ancestor.i in cue_roots:
            return cue_roots[ancestor.i]
    first = bisect.bisect_left(positions, sentences.starts[start])
    last = bisect.bisect_left(positions, sentences.ends[start])
    in_sentence = {cue_roots[i] for i in positions[first:last]}
    return in_sentence.pop() if len(in_sentence) == 1 else None


def _quantity(doc: Doc, number: str, found: FoundQuantity, statement: str | None) -> Quantity:
    span = doc[found.start : found.end]
    return Quantity(
        id=number,
        **mention(span).model_dump(),
        value=found.value,
        value_max=found.value_max,
        bound=found.bound,
        qualifier=mention(doc[found.qualifier[0] : found.qualifier[1]]) if found.qualifier else None,
        unit=found.unit,
        unit_fragments=[(doc[i].idx, doc[i].idx + len(doc[i])) for i in found.unit_tokens],
        statement=statement,
    )


def _time(doc: Doc, number: str, found: FoundTime, statement: str | None) -> Time:
    span = doc[found.start : found.end]
    return Time(
        id=number,
        **mention(span).model_dump(),
        value=found.value,
        value_end=found.value_end,
        granularity=found.granularity,
        approximate=found.approximate,
        statement=statement,
    )


def statements_from_doc(
    doc: Doc, text: str, published: dt.date | None = None
) -> tuple[list[Statement], list[Entity], list[Quantity], list[Time]]:
    """The statements, the entities, and every quantity and time, each linked to its statement."""
    grouped = {key: roles for key, roles in attributions_in(doc).items() if roles[CONTENT]}
    resolution = resolve(doc, [span for roles in grouped.values() for span in roles[SOURCE] + roles[VIA]])
    entity_of_cluster = entities_from_resolution(resolution)
    entities = list(entity_of_cluster.values())  # filled in order of first mention

    def source(span: Span) -> SourceRef:
        index = resolution.speakers.get((span.start, span.end))
        return _source(span, entity_of_cluster[index] if index is not None else None)

    register_extensions()
    order = sorted(grouped, key=lambda key: min(span.start for spans in grouped[key].values() for span in spans))
    statement_ids = {key: f"s{number}" for number, key in enumerate(order, start=1)}
    owners = content_owners(grouped)
    cue_roots = {roles[CUE][0].root.i: key for key, roles in grouped.items() if roles[CUE]}
    positions = sorted(cue_roots)
    sentences = SentenceBounds(doc)
    quantities = [
        _quantity(
            doc,
            f"q{number}",
            found,
            statement_ids.get(_owner(doc, found.start, found.end, owners, cue_roots, positions, sentences)),
        )
        for number, found in enumerate(quantities_in(doc), start=1)
    ]
    times = [
        _time(
            doc,
            f"t{number}",
            found,
            statement_ids.get(_owner(doc, found.start, found.end, owners, cue_roots, positions, sentences)),
        )
        for number, found in enumerate(times_in(doc, published), start=1)
    ]
    if not grouped:
        return [], entities, quantities, times
    numbers = quotations(doc)
    confidence = doc._.get(CONFIDENCE_EXTENSION) or {}
    reporter_of = reporters(grouped, owners)
    quantities_of, times_of = defaultdict(list), defaultdict(list)
    for quantity in quantities:
        quantities_of[quantity.statement].append(quantity)
    for time in times:
        times_of[time.statement].append(time.id)

    def chain(key: str) -> list[SourceRef]:
        """The sources a statement came through, innermost first: its own VIA spans, then its reporter's."""
        via = [source(span) for span in grouped[key][VIA]]
        reporter = reporter_of[key]
        if reporter is None:
            return via
        speaker = grouped[reporter][SOURCE]
        return via + ([source(speaker[0])] if speaker else []) + chain(reporter)

    statements = []
    for key in order:
        roles = grouped[key]
        contents = roles[CONTENT]
        start, end = contents[0].start_char, contents[-1].end_char
        cue = roles[CUE][0] if roles[CUE] else None
        statement_id = statement_ids[key]
        own_quantities = quantities_of[statement_id]
        hedges = [mention(doc[t.i : t.i + 1]) for t in hedge_tokens(cue, contents)]
        hedges += [q.qualifier for q in own_quantities if q.bound == "~" and q.qualifier is not None]
        negation = negation_token(cue)
        statements.append(
            Statement(
                id=statement_id,
                speaker=source(roles[SOURCE][0]) if roles[SOURCE] else None,
                cue=_cue(cue) if cue else None,
                content=Content(
                    text=text[start:end],
                    start=start,
                    end=end,
                    fragments=[(span.start_char, span.end_char) for span in contents],
                ),
                kind=statement_kind(contents, numbers),
                reported_via=chain(key),
                within=statement_ids[reporter_of[key]] if reporter_of[key] else None,
                hedged=bool(hedges),
                hedges=sorted(hedges, key=lambda m: m.start),
                negated=negation is not None,
                negation=mention(doc[negation.i : negation.i + 1]) if negation is not None else None,
                quantities=[q.id for q in own_quantities],
                times=times_of[statement_id],
                confidence=confidence.get(key, 1.0),
            )
        )
    return statements, entities, quantities, times


def article_from_doc(doc: Doc) -> Article:
    meta = get_meta(doc)
    text = doc_text(doc)
    statements, entities, quantities, times = statements_from_doc(doc, text, meta.published)
    return Article(
        id=article_id(text),
        title=meta.title,
        url=meta.url,
        outlet=meta.outlet,
        published=meta.published.isoformat() if meta.published else None,
        text=text,
        entities=entities,
        statements=statements,
        quantities=quantities,
        times=times,
    )
