"""What whosaid writes on a Doc: its span groups and extensions, in one place (docs/SPACY.md).

Values are plain lists, dicts, strings and numbers, so that Docs cross process
boundaries (spaCy serializes user data with msgpack). Parts inside a span
(a quantity's unit words, an entity's role) are token offsets into the Doc.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc, Span

from whosaid.inputs import ArticleMeta
from whosaid.pipeline.attribution_spans import CONFIDENCE_EXTENSION

# doc._: the article's metadata (title, url, outlet, published), set by set_meta(); the layout
# component resolves it: the article's own, else its headline's and dateline's, else the defaults.
META = "whosaid_meta"
# doc._: the metadata to assume where neither the article nor its layout says (set_meta(defaults=...)).
META_DEFAULTS = "whosaid_meta_defaults"
# doc._: True on a piece of a longer article; article-level components wait for the merged Doc,
# which has False (the other components ran on its pieces); None on an article read whole.
ARTICLE_PART = "whosaid_article_part"
# Span group of the article's headline and dateline (labels HEADLINE, DATELINE).
LAYOUT = "whosaid_layout"
# Span group of entity mentions (label: type, id_: entity id) and doc._ {entity id: attributes}.
ENTITIES = "whosaid_entities"
# Span group (label QUANTITY, id_: "q1") and doc._ {quantity id: attributes}.
QUANTITIES = "whosaid_quantities"
# Span group (label TIME, id_: "t1") and doc._ {time id: attributes}.
TIMES = "whosaid_times"
# doc._: the statements, in text order, each a dict of attributes (docs/SPACY.md).
STATEMENTS = "whosaid_statements"
# Span group of the words that hedge (HEDGE) or negate (NEGATION) a statement; id_: statement id.
EPISTEMICS = "whosaid_epistemics"
HEDGE, NEGATION = "HEDGE", "NEGATION"
# Span groups whosaid_coref_1, whosaid_coref_2, ...: one per coreference chain (whosaid.pipeline.coreference).
COREF_PREFIX = "whosaid_coref_"
# doc._: each mention word's likely antecedents, [word, antecedent word, probability] (token indices).
COREF_LINKS = "whosaid_coref_links"
# span._ on SOURCE and VIA spans: person, government, state_media, ... (whosaid.pipeline.source_types).
SOURCE_TYPE = "whosaid_source_type"
# span._ on SOURCE and VIA spans: how sure the resolution to its entity is, 0-1 (None: unresolved).
SPEAKER_CONFIDENCE = "whosaid_speaker_confidence"
# span._ on SOURCE and VIA spans: the entity id of a name in it that is not who speaks ("an aide to Mr. Lee").
SPEAKER_AFFILIATION = "whosaid_speaker_affiliation"

_DOC_EXTENSIONS = (
    META,
    META_DEFAULTS,
    ARTICLE_PART,
    CONFIDENCE_EXTENSION,
    ENTITIES,
    QUANTITIES,
    TIMES,
    STATEMENTS,
    COREF_LINKS,
)


def register_extensions() -> None:
    for name in _DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in (SOURCE_TYPE, SPEAKER_CONFIDENCE, SPEAKER_AFFILIATION):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


def get_meta(doc: Doc) -> ArticleMeta:
    register_extensions()
    return ArticleMeta.from_dict(getattr(doc._, META) or {})


def get_meta_defaults(doc: Doc) -> ArticleMeta:
    register_extensions()
    return ArticleMeta.from_dict(getattr(doc._, META_DEFAULTS) or {})


def set_meta(
    doc: Doc, meta: ArticleMeta | None = None, *, defaults: ArticleMeta | None = None, **fields: str | None
) -> Doc:
    """Give a Doc its article's metadata (an ArticleMeta, or title, url, outlet, published)
    before the pipeline runs: the times component anchors "on Tuesday" to `published`.
    `defaults` are what to assume where neither the article nor its headline and dateline say
    (the layout component resolves them).

    `doc = nlp(set_meta(nlp.make_doc(text), published="2026-03-12"))`
    """
    register_extensions()
    setattr(doc._, META, (meta or ArticleMeta.create(**fields)).to_dict())
    if defaults is not None:
        setattr(doc._, META_DEFAULTS, defaults.to_dict())
    return doc


class ArticleComponent:
    """A component that reads the whole article. On a piece of a longer article
    (`doc._.whosaid_article_part`) it leaves the Doc as it is, and `whosaid.processing.extraction.process`
    runs it on the merged Doc, so that numbering and coreference span the article."""

    def __init__(self, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        if doc._.get(ARTICLE_PART):
            return doc
        return self.analyse(doc)

    def analyse(self, doc: Doc) -> Doc:
        raise NotImplementedError


class TrainedComponent(ArticleComponent):
    """An article component whose trained data (weights, priors) is one JSON object, saved with
    the pipeline (`nlp.to_disk`, `nlp.to_bytes`) and read back from it, so data retrained for a
    pipeline travels with it. A pipeline saved before the component kept its data keeps the
    shipped data."""

    DATA_FILE = "data.json"

    def __init__(self, name: str, data: dict) -> None:
        super().__init__(name)
        self.use(data)

    def use(self, data: dict) -> None:
        """Take (a copy of) `data` as the component's trained data."""
        self.data = copy.deepcopy(data)
        self.prepare(self.data)

    def prepare(self, data: dict) -> None:
        """Derive what `analyse` reads from the data (arrays of weights)."""
        raise NotImplementedError

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / self.DATA_FILE).write_text(json.dumps(self.data, indent=1) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> TrainedComponent:
        stored = Path(path) / self.DATA_FILE
        if stored.exists():
            self.use(json.loads(stored.read_text(encoding="utf-8")))
        return self

    def to_bytes(self, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.data).encode("utf-8")

    def from_bytes(self, data: bytes, exclude: Iterable[str] = ()) -> TrainedComponent:
        self.use(json.loads(data))
        return self


def write_numbered(doc: Doc, key: str, label: str, prefix: str, items: list[tuple[int, int, dict]]) -> None:
    """Items found in a Doc, numbered prefix1, prefix2, ... in order: their spans go to
    `doc.spans[key]` (with the number as span.id_) and their attributes to `doc._.<key>`."""
    ids = [f"{prefix}{number}" for number in range(1, len(items) + 1)]
    doc.spans[key] = [Span(doc, start, end, label=label, span_id=i) for i, (start, end, _) in zip(ids, items)]
    doc._.set(key, {item_id: attributes for item_id, (_, _, attributes) in zip(ids, items)})


def run_article_components(nlp, doc: Doc) -> Doc:
    """Run the pipeline's article-level components on a Doc merged from pieces."""
    doc._.set(ARTICLE_PART, False)
    for _, component in nlp.pipeline:
        if isinstance(component, ArticleComponent):
            doc = component(doc)
    return doc
