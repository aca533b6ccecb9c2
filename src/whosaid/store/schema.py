"""The store's tables (SQLAlchemy Core): the same schema on SQLite and PostgreSQL.

Articles are keyed by their id (a hash of the text), so the same article is
stored once. Entities are canonical across articles: one row per (type,
normalized name), with the names seen kept as aliases; an article's entity
ids (e1, e2, ...) map to them through `article_entities`.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

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

article_entities = Table(
    "article_entities",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id"), nullable=False),
    Column("local_id", String(16), nullable=False),  # e1, e2, ... in the article
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("mentions", Integer, nullable=False),
    UniqueConstraint("article_id", "local_id"),
)

statements = Table(
    "statements",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id"), nullable=False, index=True),
    Column("id", String(16), nullable=False),
    Column("speaker_text", Text),
    Column("speaker_entity_id", Integer, ForeignKey("entities.id"), index=True),
    Column("speaker_name", Text),
    Column("source_type", String(32), index=True),
    Column("cue", Text),
    Column("cue_type", String(32)),
    Column("content", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("reported_via", Text, nullable=False),  # JSON list of names
    Column("hedged", Boolean, nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("confidence", Float, nullable=False),
    UniqueConstraint("article_id", "id"),
)

quantities = Table(
    "quantities",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id"), nullable=False, index=True),
    Column("id", String(16), nullable=False),
    Column("statement_id", String(16)),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", Float),
    Column("value_max", Float),
    Column("bound", String(2), nullable=False),
    Column("unit", Text, index=True),
)
