"""The spaCy component `whosaid_entities_v1`: an article's entities (whosaid.pipeline.entity_resolution),
with its speakers linked to them.

It writes the entities (numbered e1, e2, ... in order of first mention) to
`doc.spans["whosaid_entities"]` and `doc._.whosaid_entities`, links each SOURCE and VIA span to
its entity (`span.kb_id_`), and gives each its source type (`span._.whosaid_source_type`) and how
sure its resolution is (`span._.whosaid_speaker_confidence`, whosaid.pipeline.speaker_confidence).
The weights of the pronoun ranker and the speaker confidence (models/antecedents.json) are its
trained data, saved with the pipeline; the words that say what a source is (titles, outlets,
bodies: whosaid.lexicon.sources) come from its config, `source_words`.
"""

from __future__ import annotations

import functools
import json

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whosaid.lexicon.sources import SOURCE_WORDS, SOURCE_WORDS_CONFIG, SourceWords
from whosaid.models import ANTECEDENTS_PATH
from whosaid.pipeline import antecedents, speaker_confidence
from whosaid.pipeline.attribution_spans import CONTENT, SOURCE, SPANS_KEY, VIA, statements_in
from whosaid.pipeline.entity_clusters import Cluster
from whosaid.pipeline.entity_resolution import Contents, Resolution, resolve
from whosaid.pipeline.extensions import (
    ENTITIES,
    SOURCE_TYPE,
    SPEAKER_AFFILIATION,
    SPEAKER_CONFIDENCE,
    TrainedComponent,
)
from whosaid.pipeline.source_types import source_type
from whosaid.pipeline.syntax import RELATIVE_CLAUSES

FACTORY = "whosaid_entities_v1"
ENTITIES_COMPONENT = "entities"  # its name in the shipped pipeline


class EntityResolver(TrainedComponent):
    DATA_FILE = "antecedents.json"

    def __init__(self, name: str, source_words: SourceWords = SOURCE_WORDS) -> None:
        super().__init__(name, json.loads(ANTECEDENTS_PATH.read_text(encoding="utf-8")))
        self.source_words = source_words

    def prepare(self, data: dict) -> None:
        self.choose = functools.partial(antecedents.choose, weights=antecedents.weights_from(data))
        self.confidence_weights = speaker_confidence.weights_from(data)

    def resolution(self, doc: Doc, sources: list[Span], contents: Contents | None = None) -> Resolution:
        """The entities of `doc` and the one each source span speaks for, with this component's
        weights; `contents`: what each source span is said to have said."""
        return resolve(doc, sources, self.choose, self.confidence_weights, self.source_words, contents)

    def analyse(self, doc: Doc) -> Doc:
        stated = statements_in(doc).values()
        contents: Contents = {}
        for roles in stated:
            for source in roles[SOURCE]:
                key = (source.start, source.end)
                contents[key] = (*contents.get(key, ()), *((span.start, span.end) for span in roles[CONTENT]))
        sources = [span for roles in stated for span in roles[SOURCE] + roles[VIA]]
        resolution = self.resolution(doc, sources, contents)
        clusters = resolution.clusters
        order = sorted(range(len(clusters)), key=lambda i: clusters[i].mentions[0].start)
        entity_ids = {index: f"e{number}" for number, index in enumerate(order, start=1)}
        attributes, mentions = {}, []
        for index in order:
            cluster, entity_id = clusters[index], entity_ids[index]
            attributes[entity_id] = {
                "name": cluster.name,
                "type": cluster.type,
                "country": cluster.country,
                "source_type": _source_type(cluster, cluster.name, self.source_words),
                "role": [cluster.role.start, cluster.role.end] if cluster.role is not None else None,
                "description": None,
                "affiliation": None,
            }
            mentions += [Span(doc, m.start, m.end, label=cluster.type, span_id=entity_id) for m in cluster.mentions]
        unnamed_ids = [f"e{number}" for number in range(len(order) + 1, len(order) + 1 + len(resolution.unnamed))]
        for entity_id, unnamed in zip(unnamed_ids, resolution.unnamed):
            described = _before_relative_clauses(unnamed.description)
            attributes[entity_id] = {
                "name": None,
                "type": unnamed.type,
                "country": None,
                "source_type": _source_type(None, _without_relative_clauses(unnamed.description), self.source_words),
                "role": None,
                "description": [described.start, described.end],
                "affiliation": entity_ids[unnamed.affiliation] if unnamed.affiliation is not None else None,
            }
            mentions += [Span(doc, m.start, m.end, label=unnamed.type, span_id=entity_id) for m in unnamed.mentions]
        doc.spans[ENTITIES] = mentions
        doc._.set(ENTITIES, attributes)
        if SPANS_KEY in doc.spans:
            doc.spans[SPANS_KEY] = [
                _linked(span, entity_ids, unnamed_ids, attributes, resolution, self.source_words)
                if span.label_ in (SOURCE, VIA)
                else span
                for span in doc.spans[SPANS_KEY]
            ]
        return doc


def _source_type(cluster: Cluster | None, text: str, source_words: SourceWords) -> str:
    """The source type of words that name (or stand for) a cluster's entity, or of unresolved words."""
    if cluster is None:
        return source_type(None, None, text, None, source_words)
    role = cluster.role.text if cluster.role is not None else None
    return source_type(cluster.name, cluster.type, text, role, source_words)


def _relative_clauses(span: Span) -> list[Token]:
    """The heads of the relative clauses on words of the span ("spoke" of "who spoke because ...")."""
    return [t for t in span if t.dep_ in RELATIVE_CLAUSES and span.start <= t.head.i < span.end]


def _without_relative_clauses(span: Span) -> str:
    """The span's words outside its relative clauses: what the speaker is, not what a clause says
    of them ("An official, who spoke because he was not authorised, ...")."""
    clauses = {t.i for t in _relative_clauses(span)}
    return " ".join(t.text for t in span if not any(a.i in clauses for a in (t, *t.ancestors)))


def _before_relative_clauses(span: Span) -> Span:
    """The span up to its first relative clause, without the comma before it ("A local fisherman"
    of "A local fisherman, who asked not to be named")."""
    end = min((t.left_edge.i for t in _relative_clauses(span)), default=span.end)
    while end > span.start + 1 and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space):
        end -= 1
    return span.doc[span.start : end]


def _linked(
    span: Span,
    entity_ids: dict[int, str],
    unnamed_ids: list[str],
    attributes: dict[str, dict],
    resolution: Resolution,
    source_words: SourceWords,
) -> Span:
    """The source span with its entity id as kb_id_ (a named entity's, or an unnamed speaker's), its
    source type, the confidence of its resolution and the entity id of its affiliation."""
    key = (span.start, span.end)
    index = resolution.speakers.get(key)
    unnamed = resolution.unnamed_of.get(key)
    kb_id = entity_ids[index] if index is not None else unnamed_ids[unnamed] if unnamed is not None else ""
    linked = Span(span.doc, span.start, span.end, label=span.label_, span_id=span.id_, kb_id=kb_id)
    cluster = resolution.clusters[index] if index is not None else None
    if unnamed is not None:  # "He" for "a spokesman for the port authority" is what the spokesman is
        linked._.set(SOURCE_TYPE, attributes[kb_id]["source_type"])
    else:
        linked._.set(SOURCE_TYPE, _source_type(cluster, _without_relative_clauses(span), source_words))
    linked._.set(SPEAKER_CONFIDENCE, resolution.confidence(key))
    affiliation = resolution.affiliations.get(key)
    if affiliation is not None:
        linked._.set(SPEAKER_AFFILIATION, entity_ids[affiliation])
    else:  # "He" for "an aide to Governor Ortega" is of Ortega too
        linked._.set(SPEAKER_AFFILIATION, attributes[kb_id]["affiliation"] if kb_id else None)
    return linked


def entity_resolver(nlp: Language) -> EntityResolver:
    """The pipeline's entities component (its own trained weights), or one with the shipped weights."""
    if ENTITIES_COMPONENT in nlp.pipe_names:
        return nlp.get_pipe(ENTITIES_COMPONENT)
    return EntityResolver(ENTITIES_COMPONENT)


@Language.factory(
    FACTORY,
    assigns=[
        "doc.spans",
        f"doc._.{ENTITIES}",
        f"span._.{SOURCE_TYPE}",
        f"span._.{SPEAKER_CONFIDENCE}",
        f"span._.{SPEAKER_AFFILIATION}",
    ],
    requires=["doc.ents", "doc.spans", "token.dep", "token.lemma"],
    default_config={"source_words": SOURCE_WORDS_CONFIG},
)
def make_entity_resolver(nlp: Language, name: str, source_words: SourceWords) -> EntityResolver:
    """Entities clustered under canonical names, and speakers resolved to them."""
    return EntityResolver(name, source_words)
