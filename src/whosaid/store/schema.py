"""The store's tables (SQLAlchemy Core): the same schema on SQLite and PostgreSQL.

Articles are keyed by their id (a hash of the text), so the same article is
stored once. Entities are canonical across articles: one row per (type,
normalized name), with the names seen kept as aliases; an article's entity
ids (e1, e2, ...) map to them through `article_entities`. The per-article tables
(article_entities, statements, quantities, times) are the record's flat
projection (whosaid.record.tables), the same as `whosaid batch --layout tables`.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from whosaid.record.model import Entity, Quantity, Statement, Time
from whosaid.record.tables import flat_columns

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("published", String(10), index=True),
    Column("text", Text, nullable=False),
    Column("record", Text, nullable=False),  # the Article as JSON
)

# The newest articles first, then by id: `query statements` walks it and stops after a page,
# never sorting the whole table (with statistics from Store.optimize, the planner takes it).
newest_articles = Index("ix_articles_newest", articles.c.published.desc(), articles.c.id)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(400), nullable=False, unique=True),  # type + normalized name
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("country", String(2)),
    Column("source_type", String(32)),
)

aliases = Table(
    "aliases",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("alias", String(400), nullable=False),
    UniqueConstraint("entity_id", "alias"),
)

SCHEMA_VERSION = 14
# The store's own facts (schema_version); a store written by an older whosaid is
# brought up to date from its records when opened (Store._upgrade).
store_info = Table(
    "store_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

_SQL_TYPES = {str: Text, int: BigInteger, float: Float, bool: Boolean}


def _item_table(name: str, model: type[BaseModel], *extra: Column, indexed: tuple[str, ...] = ()) -> Table:
    """A table of the record's flat projection (whosaid.record.tables), plus the store's own columns."""
    columns = [Column(c.name, _SQL_TYPES[c.kind], index=c.name in indexed) for c in flat_columns(model)]
    return Table(
        name,
        metadata,
        Column("pk", Integer, primary_key=True, autoincrement=True),
        Column("article_id", String(64), ForeignKey("articles.id"), nullable=False, index=True),
        *columns,
        *extra,
        UniqueConstraint("article_id", "id"),
    )


# An article's entities (e1, e2, ...), each linked to its canonical entity (none for an unnamed speaker).
article_entities = _item_table(
    "article_entities", Entity, Column("entity_id", Integer, ForeignKey("entities.id"), index=True)
)
statements = _item_table(
    "statements",
    Statement,
    Column("speaker_entity_id", Integer, ForeignKey("entities.id"), index=True),  # the canonical entity
    Column("speaker_affiliation_id", Integer, ForeignKey("entities.id"), index=True),  # the same, of its affiliation
    indexed=("speaker_source_type",),
)
# The claims a statement reports (whosaid.provenance.claims): one row per part of its content (a
# quotation split around its cue may hold two claims), with the claim's id (the pk of its first part).
claim_reports = Table(
    "claim_reports",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("statement_pk", Integer, ForeignKey("statements.pk"), nullable=False, index=True),
    Column("article_id", String(64), nullable=False, index=True),
    Column("start", BigInteger, nullable=False),
    Column("end", BigInteger, nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker_entity_id", Integer, index=True),  # its statement's, where named surely enough
    Column("claim", BigInteger, index=True),
    # its provenance.claims.Sizes (words, trigrams, quoted trigrams), where it has a speaker
    Column("words", Integer),
    Column("shingles", Integer),
    Column("quoted", Integer),
    # a claim's first report's sentence embedding (float16), once computed to compare a paraphrase
    Column("embedding", LargeBinary),
)
# The claims' index: each claim's first report's word trigrams and figures (provenance.claims.shingle_key
# of a trigram or one of Content.figure_keys), so that a new report is compared only with its speaker's claims that
# share enough of its words or one of its figures.
claim_shingles = Table(
    "claim_shingles",
    metadata,
    Column("speaker_entity_id", Integer, nullable=False),
    Column("shingle", BigInteger, nullable=False),
    Column("claim", BigInteger, nullable=False),
    Index("ix_claim_shingles_speaker_shingle", "speaker_entity_id", "shingle"),
)
# Each figure's measure (record.model.measure; none where its text does not say what it counts, or
# it is no count: a ratio's term, a cut-off, a hypothetical),
# so that the claims come grouped, the largest groups first, a page at a time. A change to
# measure() needs a new SCHEMA_VERSION, so that stores rebuild the column from their records.
quantities = _item_table("quantities", Quantity, Column("measure", Text, index=True), indexed=("unit",))
times = _item_table("times", Time)
# Everything derived from the articles' records: rebuilt from them when the layout changes.
DERIVED_TABLES = (claim_shingles, claim_reports, article_entities, statements, quantities, times, aliases, entities)
