"""Store Article records and query them: SQLite by default, PostgreSQL by URL.

Every article is written in one transaction and only once (its id is a hash
of its text), so an interrupted ingest leaves a consistent database and a
rerun adds what is missing. Queries are built with SQLAlchemy Core and bound
parameters only; full-text search over statement content uses SQLite's FTS5
or PostgreSQL's text search.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy
from platformdirs import user_data_dir
from sqlalchemy import (
    Integer,
    Text,
    bindparam,
    case,
    cast,
    column,
    create_engine,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from whosaid.errors import StoreDamagedError, StoreError, StoreFullError
from whosaid.lexicon.pronouns import OBJECT, SUBJECT, pronoun_words
from whosaid.provenance.claims import (
    ClaimIndex,
    Content,
    Sizes,
    article_parts,
    assign_claims,
    could_be_same,
    shingle_key,
)
from whosaid.provenance.entities import entity_key
from whosaid.provenance.history import drift, in_order
from whosaid.provenance.sentences import EMBEDDING_WIDTH
from whosaid.record.figures import format_figure
from whosaid.record.model import NAMED_SPEAKER_CONFIDENCE, SHOWN_CONFIDENCE, Article, Entity, measure
from whosaid.record.tables import table_rows
from whosaid.store import schema
from whosaid.store.filters import MAX_ID, ArticleFilter, ClaimFilter, ProvenanceFilter, StatementFilter, validated
from whosaid.store.results import (
    Claim,
    ClaimHistory,
    ClaimReport,
    EntityPage,
    StoredArticle,
    StoredEntity,
    StoredStatement,
)

DEFAULT_DB = Path(user_data_dir("whosaid")) / "whosaid.db"
BUSY_TIMEOUT_SECONDS = 60.0
WRITE_ATTEMPTS = 5
SCHEMA_LOCK_KEY = 7_261_009  # PostgreSQL advisory lock taken while creating the schema
EXPORT_PAGE = 1000  # rows a page of a whole-table read (exports)
UPGRADE_ARTICLES = 500  # records rebuilt at a time when an older store is upgraded
_NO_SIZES = dict.fromkeys(("words", "shingles", "quoted"))
# Values in one IN list (SQLite takes at most 32,766 in a statement).
SHINGLES_PER_QUERY = 5000
_PRONOUNS = pronoun_words(forms=(SUBJECT, OBJECT))


def _time_key(row) -> str | None:
    """A resolved date or duration as reports compare it ("2025-07..2025-09 quarter"); none unresolved."""
    if row["value"] is None:
        return None
    return f"{row['value']}..{row['value_end'] or row['value']} {row['granularity']}"


def _index_keys(content: Content) -> tuple[set[int], set[int]]:
    """The keys under which `claim_shingles` indexes a content: its trigrams', its figures'."""
    return {shingle_key(key) for key in content.shingles}, {shingle_key(key) for key in content.figure_keys}


def database_url(db: str | Path | None) -> str:
    """A SQLAlchemy URL from --db: a file path (SQLite) or a postgresql:// URL.

    A store that keeps nothing (SQLite in memory) is refused: an ingest into it would report
    articles stored and lose them all."""
    if db is None:
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DEFAULT_DB}"
    value = str(db)
    if _in_memory(value):
        raise StoreError(f"{value!r} keeps nothing once whosaid exits: give a file path or a postgresql:// URL")
    if "://" in value:
        return value
    Path(value).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(value).expanduser()}"


def _in_memory(value: str) -> bool:
    """Whether --db names a SQLite database in memory (":memory:", "", "sqlite://", "file::memory:", mode=memory)."""
    bare = value.strip()
    if bare in ("", ":memory:", "sqlite://", "sqlite:///", "sqlite:///:memory:") or "mode=memory" in bare:
        return True
    return bare.startswith(("file::memory:", "sqlite:///file::memory:"))


class Store:
    """The claim ledger. Use it as a context manager, or call `close()`.

    Several processes may write to one store at once: SQLite writers wait for each
    other (busy timeout, writes in BEGIN IMMEDIATE transactions), and an article that
    another writer stored first counts as a duplicate, on SQLite and PostgreSQL alike.
    """

    def __init__(self, db: str | Path | None = None, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.url = database_url(db)
        self.read_only = False
        try:
            self.engine = self._engine(self.url, busy_timeout, read_only=False)
            try:
                self._prepare()
            except OperationalError as error:
                if not (self.is_sqlite and _cannot_write(error) and Path(self.engine.url.database or "").is_file()):
                    raise
                self.engine.dispose()
                self.read_only = True
                self.engine = self._read_only_engine(self.engine.url.database, busy_timeout)
        except (SQLAlchemyError, ImportError) as error:
            raise StoreError(f"cannot open the store {_safe_url(self.url)}: {_one_line(error)}") from None

    def _read_only_engine(self, path: str, busy_timeout: float) -> Engine:
        """A store on a read-only mount, or a file we may only read, can still be queried: opened
        read-only, or where SQLite cannot even keep its WAL index there (a read-only mount, where
        nobody can be writing), as an immutable file."""
        for mode in ("mode=ro", "immutable=1"):
            engine = self._engine(f"sqlite:///file:{path}?{mode}&uri=true", busy_timeout, read_only=True)
            try:
                with engine.connect() as connection:
                    self._check_version(connection)
                return engine
            except OperationalError as error:
                engine.dispose()
                if mode == "immutable=1" or not _cannot_write(error):
                    raise
        raise AssertionError("unreachable")

    def _engine(self, url: str, busy_timeout: float, *, read_only: bool) -> Engine:
        engine = create_engine(url, connect_args={"timeout": busy_timeout} if url.startswith("sqlite") else {})
        self.is_sqlite = engine.dialect.name == "sqlite"
        if self.is_sqlite:
            on_connect = _sqlite_connect_read_only if read_only else functools.partial(_sqlite_connect, busy_timeout)
            event.listen(engine, "connect", on_connect)
            event.listen(engine, "begin", _sqlite_begin)
            event.listen(engine, "handle_error", functools.partial(_damaged_store, engine.url.database))
        return engine

    def _prepare(self) -> None:
        """Create the tables of a new store, or bring an older store's up to date."""
        with self._writing() as connection:
            if not self.is_sqlite:  # two stores created at once must not both create the tables
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
            self._check_version(connection)
            schema.metadata.create_all(connection)
            schema.newest_articles.create(connection, checkfirst=True)  # a store made before it had none
            if self.is_sqlite:
                connection.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(content)"))
            self._upgrade(connection)
            if not self.is_sqlite:  # full-text search without computing every row's vector
                connection.execute(text(
                    "CREATE INDEX IF NOT EXISTS statements_content_tsv ON statements "
                    "USING gin (to_tsvector('english', content_text))"
                ))  # fmt: skip

    def _check_version(self, connection: Connection) -> None:
        """Refuse a store written by a newer whosaid (this one would misread it, or rewrite it to its
        older schema), and a read-only store that would need an upgrade."""
        if not inspect(connection).has_table("store_info"):
            return
        version = connection.execute(
            select(schema.store_info.c.value).where(schema.store_info.c.key == "schema_version")
        ).scalar_one_or_none()
        if version is not None and version.isdigit() and int(version) > schema.SCHEMA_VERSION:
            raise StoreError(
                f"{_safe_url(self.url)} was written by a newer whosaid (store schema {version}; this one reads "
                f"up to {schema.SCHEMA_VERSION}): upgrade whosaid to use it"
            )
        if self.read_only and version != str(schema.SCHEMA_VERSION):
            raise StoreError(f"{_safe_url(self.url)} is read-only and needs an upgrade: open it where it is writable")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def optimize(self) -> None:
        """Refresh the planner's statistics (after an ingest): with them, list queries walk the
        indexes instead of sorting whole tables."""
        with self._writing() as connection:
            connection.execute(text("ANALYZE"))

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE on SQLite: the write lock is taken up front,
        so two writers queue on the busy timeout instead of failing on a lock upgrade)."""
        with self.engine.connect().execution_options(whosaid_write=True) as connection, connection.begin():
            yield connection

    # Writing

    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as connection:
            found = connection.execute(select(schema.articles.c.id).where(schema.articles.c.id == article_id))
            return found.first() is not None

    def add(self, article: Article) -> tuple[str, bool]:
        """Store an article unless it is there already; (id, was it a duplicate).

        A write that collides with another writer's (the same article, or a new entity
        both create) is retried; an article stored meanwhile is a duplicate."""
        (duplicate,) = self._add_together([article])
        return article.id, duplicate

    def add_many(
        self, articles: Iterable[Article], per_transaction: int = 500
    ) -> Iterator[tuple[Article, bool | StoreError]]:
        """Store articles, `per_transaction` in one transaction; yields each with whether it was
        a duplicate. Where a transaction fails, its articles are stored one by one, and an
        article that cannot be stored yields its StoreError in place of the flag (the disk
        full ends it: StoreFullError is raised)."""
        remaining = iter(articles)
        while chunk := list(itertools.islice(remaining, per_transaction)):
            try:
                duplicates = self._add_together(chunk)
            except StoreFullError:
                raise
            except StoreError as error:
                if len(chunk) == 1:
                    yield chunk[0], error
                    continue
                for article in chunk:
                    try:
                        yield article, self.add(article)[1]
                    except StoreFullError:
                        raise
                    except StoreError as article_error:
                        yield article, article_error
                continue
            yield from zip(chunk, duplicates)

    def _add_together(self, articles: list[Article]) -> list[bool]:
        """Store articles in one transaction, retried on a collision with another writer;
        whether each was a duplicate."""
        if self.read_only:
            raise StoreError(f"{_safe_url(self.url)} is read-only: nothing can be stored in it")
        if not self.is_sqlite and any("\x00" in article.text for article in articles):
            raise StoreError("the text holds NUL characters, which PostgreSQL cannot store")
        named = articles[0].id if len(articles) == 1 else f"of {len(articles)} articles from {articles[0].id}"
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self._writing() as connection:
                    return self._insert_articles(connection, articles)
            except (IntegrityError, OperationalError) as error:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise StoreError(f"article {named} not stored: {_one_line(error)}") from None
                time.sleep(0.05 * (attempt + 1))
            except SQLAlchemyError as error:  # a value the database refuses: these articles only
                raise StoreError(f"article {named} not stored: {_one_line(error)}") from None
        raise AssertionError("unreachable")

    def _insert_articles(self, connection: Connection, articles: list[Article]) -> list[bool]:
        """The articles not stored yet, with their rows in the per-article tables."""
        ids = list({article.id for article in articles})
        stored = set(connection.execute(select(schema.articles.c.id).where(schema.articles.c.id.in_(ids))).scalars())
        duplicates, new = [], []
        for article in articles:
            duplicates.append(article.id in stored)
            if article.id not in stored:
                stored.add(article.id)
                new.append(article)
        if not new:
            return duplicates
        connection.execute(
            insert(schema.articles),
            [
                {"id": a.id, "title": a.title, "url": a.url, "outlet": a.outlet, "published": a.published,
                 "text": a.text, "record": a.to_json()}
                for a in new
            ],
        )  # fmt: skip
        self._insert_items(connection, new)
        return duplicates

    def _insert_items(self, connection: Connection, articles: list[Article]) -> None:
        """The articles' rows in the per-article tables, each table in one statement; their
        entities linked to canonical ones, in the articles' order."""
        rows: dict[str, list[dict]] = {"article_entities": [], "statements": [], "quantities": [], "times": []}
        seen: dict[str, tuple[int, set[str]]] = {}
        canonical_of: dict[str, dict[str, int]] = {}
        for article in articles:
            article_rows = table_rows(article)
            # a speaker the article never names is no one across articles: it has no canonical entity
            canonical = {
                entity.id: self._canonical_entity(connection, entity, seen)
                for entity in article.entities
                if entity.name is not None
            }
            canonical_of[article.id] = canonical
            rows["article_entities"] += [
                {**row, "entity_id": canonical.get(row["id"])} for row in article_rows["entities"]
            ]
            rows["statements"] += [
                {**row, "speaker_entity_id": canonical.get(row["speaker_entity"]),
                 "speaker_affiliation_id": canonical.get(row["speaker_affiliation"])}
                for row in article_rows["statements"]
            ]  # fmt: skip
            rows["quantities"] += [
                {**row, "measure": measure(row["unit"], row["counts"], row["per"], row["kind"], row["whose"])}
                for row in article_rows["quantities"]
            ]
            rows["times"] += article_rows["times"]
        for table, table_rows_ in rows.items():
            if table_rows_:
                connection.execute(insert(schema.metadata.tables[table]), table_rows_)
        if self.is_sqlite:
            new_ids = bindparam("ids", [article.id for article in articles], expanding=True)
            connection.execute(
                text(
                    "INSERT INTO statements_fts (rowid, content) "
                    "SELECT pk, content_text FROM statements WHERE article_id IN :ids ORDER BY pk"
                ).bindparams(new_ids)
            )
        if rows["statements"]:
            self._join_claims(connection, articles, canonical_of)

    def _join_claims(
        self, connection: Connection, articles: list[Article], canonical_of: dict[str, dict[str, int]]
    ) -> None:
        """Record the claims the new articles' statements report, a part of a content at a time
        (whosaid.provenance.claims.assign_claims): the first claim of its sure speaker whose first
        report it matches, else a claim of its own (its pk). Stored claims are found through their
        trigrams (`claim_shingles`), so the work per part grows with the claims that share its
        words, not with all its speaker's. `canonical_of`: each article's entity ids -> stored ids."""
        s, parts = schema.statements, schema.claim_reports
        ids = bindparam("ids", [article.id for article in articles], expanding=True)
        statement_pk = {
            (article_id, statement_id): pk
            for pk, article_id, statement_id in connection.execute(
                select(s.c.pk, s.c.article_id, s.c.id).where(s.c.article_id.in_(ids))
            )
        }
        rows, contents = [], []
        for article in articles:
            for part in article_parts(article):
                pk = statement_pk[(article.id, part.statement)]
                speaker = canonical_of[article.id].get(part.speaker) if part.speaker else None
                content = None if speaker is None else part.content(speaker, article.id)
                contents.append(content)
                rows.append({
                    "statement_pk": pk, "article_id": article.id, "start": part.start, "end": part.end,
                    "text": part.words, "speaker_entity_id": speaker,
                    **(vars(content.sizes) if content else _NO_SIZES),
                })  # fmt: skip
        if not rows:
            return
        added = connection.execute(insert(parts).returning(parts.c.pk, sort_by_parameter_order=True), rows).scalars()
        new_parts = list(zip(added, contents))
        known = self._claims_to_compare(connection, [content for _, content in new_parts if content is not None])
        claims = list(assign_claims(new_parts, known))
        connection.execute(
            update(parts).where(parts.c.pk == bindparam("part")).values(claim=bindparam("its_claim")),
            [{"part": part, "its_claim": claim} for part, claim in claims],
        )
        founded = {part for part, claim in claims if part == claim}
        shingles = [
            {"speaker_entity_id": content.speaker, "shingle": key, "claim": part}
            for part, content in new_parts
            if content is not None and part in founded
            for keys in _index_keys(content)
            for key in keys
        ]
        if shingles:
            connection.execute(insert(schema.claim_shingles), shingles)
        # embeddings computed to compare paraphrases are kept for the next comparisons
        embedded = [
            {"part": claim, "vector": vector.tobytes()}
            for claim, content in known.first_reports()
            if (vector := content.new_embedding()) is not None
        ]
        if embedded:
            connection.execute(
                update(parts).where(parts.c.pk == bindparam("part")).values(embedding=bindparam("vector")), embedded
            )

    def _claims_to_compare(self, connection: Connection, contents: list[Content]) -> ClaimIndex:
        """The stored claims that the new contents may report (`could_be_same`, from the trigrams
        they share in `claim_shingles`, or giving one of their figures), in a ClaimIndex in the
        order they were founded."""
        parts, index_rows = schema.claim_reports, schema.claim_shingles
        # copies of one content (wire stories run by many outlets) are looked up once
        unique = list(
            {
                (content.speaker, content.shingles, content.sizes, content.figures): content for content in contents
            }.values()
        )
        keys = [_index_keys(content) for content in unique]
        speakers = bindparam("speakers", sorted({content.speaker for content in unique}), expanding=True)
        all_keys = sorted(set().union(*(shingles | figures for shingles, figures in keys)))
        postings: dict[tuple[int, int], list[int]] = {}
        sizes: dict[int, Sizes] = {}
        for first in range(0, len(all_keys), SHINGLES_PER_QUERY):
            chunk = bindparam("keys", all_keys[first : first + SHINGLES_PER_QUERY], expanding=True)
            found = connection.execute(
                select(index_rows.c.speaker_entity_id, index_rows.c.shingle, index_rows.c.claim, parts.c.words,
                       parts.c.shingles, parts.c.quoted)
                .join(parts, parts.c.pk == index_rows.c.claim)
                .where(index_rows.c.speaker_entity_id.in_(speakers) & index_rows.c.shingle.in_(chunk))
            )  # fmt: skip
            for speaker, key, claim, words, count, quoted in found:
                postings.setdefault((speaker, key), []).append(claim)
                sizes[claim] = Sizes(words, count, quoted)
        wanted: set[int] = set()
        for content, (shingles, figures) in zip(unique, keys):
            shared = Counter(claim for key in shingles for claim in postings.get((content.speaker, key), ()))
            wanted |= {claim for claim, n in shared.items() if could_be_same(n, content.sizes, sizes[claim])}
            wanted.update(claim for key in figures for claim in postings.get((content.speaker, key), ()))
        index, ordered = ClaimIndex(), sorted(wanted)
        for first in range(0, len(ordered), SHINGLES_PER_QUERY):
            chunk = bindparam("claims", ordered[first : first + SHINGLES_PER_QUERY], expanding=True)
            first_reports = select(
                parts.c.pk, parts.c.speaker_entity_id, parts.c.text, parts.c.embedding, parts.c.article_id,
                parts.c.start, parts.c.end,
            ).where(parts.c.pk.in_(chunk))  # fmt: skip
            for claim, speaker, words, embedding, *where in connection.execute(first_reports.order_by(parts.c.pk)):
                known = numpy.frombuffer(embedding, dtype="float16") if embedding else None
                if known is not None and known.shape != (EMBEDDING_WIDTH,):
                    known = None  # not the shipped encoder's: computed again
                index.add(claim, Content.of(speaker, words, tuple(where), known))
        return index

    def _upgrade(self, connection: Connection) -> None:
        """Bring a store written by an older whosaid to this schema: the per-article tables
        and entities are rebuilt from the stored records (the articles table is kept as it is)."""
        version = connection.execute(
            select(schema.store_info.c.value).where(schema.store_info.c.key == "schema_version")
        ).scalar_one_or_none()
        if version == str(schema.SCHEMA_VERSION):
            return
        # Any other version (or none: a store older than versions) is rebuilt, as the rules that
        # derive the tables (entities' keys, claims) may have changed with it.
        # An empty store's tables are made again too: an older one may lack a column.
        article_ids = connection.execute(select(schema.articles.c.id)).scalars().all()
        if self.is_sqlite:
            connection.execute(text("DELETE FROM statements_fts"))
        for table in schema.DERIVED_TABLES:
            table.drop(connection, checkfirst=True)
        schema.metadata.create_all(connection)
        for first in range(0, len(article_ids), UPGRADE_ARTICLES):
            chunk = article_ids[first : first + UPGRADE_ARTICLES]
            records = dict(
                connection.execute(
                    select(schema.articles.c.id, schema.articles.c.record).where(schema.articles.c.id.in_(chunk))
                ).all()
            )
            self._insert_items(connection, [Article.model_validate_json(records[id_]) for id_ in chunk])
        connection.execute(schema.store_info.delete().where(schema.store_info.c.key == "schema_version"))
        connection.execute(insert(schema.store_info).values(key="schema_version", value=str(schema.SCHEMA_VERSION)))

    def _canonical_entity(self, connection: Connection, entity: Entity, seen: dict[str, tuple[int, set[str]]]) -> int:
        """The stored entity `entity` is an instance of, created if new, with its aliases;
        `seen` holds what this transaction has looked up or written (key: id, aliases)."""
        key = entity_key(entity)
        if key not in seen:
            row = connection.execute(select(schema.entities.c.id).where(schema.entities.c.key == key)).first()
            if row is None:
                values = {"key": key, "name": _collapsed(entity.name), "type": entity.type, "country": entity.country}
                entity_id = connection.execute(
                    insert(schema.entities).values(**values, source_type=entity.source_type)
                ).inserted_primary_key[0]
            else:
                entity_id = row[0]
            aliases = select(schema.aliases.c.alias).where(schema.aliases.c.entity_id == entity_id)
            seen[key] = (entity_id, set(connection.execute(aliases).scalars()))
        entity_id, known = seen[key]
        # A name across a line break ("Ahmed\r\nKarimi") is the same name.
        for alias in {_collapsed(mention.text) for mention in entity.mentions} | {_collapsed(entity.name)}:
            if alias and alias not in known and len(alias) <= 400:
                connection.execute(insert(schema.aliases).values(entity_id=entity_id, alias=alias))
                known.add(alias)
        return entity_id

    # Reading

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(schema.articles.c.record).where(schema.articles.c.id == article_id)).first()
        return Article.model_validate_json(row[0]) if row else None

    def articles(self, filters: ArticleFilter | None = None, **values: Any) -> list[StoredArticle]:
        """Stored articles, newest first, matching an ArticleFilter (or its fields as keywords)."""
        f = filters or validated(ArticleFilter, values)
        a, s = schema.articles, schema.statements
        counts = select(s.c.article_id, func.count().label("statements")).group_by(s.c.article_id).subquery()
        query = (
            select(
                a.c.id,
                a.c.title,
                a.c.outlet,
                a.c.url,
                a.c.published,
                func.substr(a.c.text, 1, 160).label("opening"),
                func.coalesce(counts.c.statements, 0).label("statements"),
            )  # fmt: skip
            .join(counts, counts.c.article_id == a.c.id, isouter=True)
            .order_by(a.c.published.desc(), a.c.id)
            .limit(f.limit)
            .offset(f.offset)
        )
        query = _where_published(query, f.outlet, f.since, f.until)
        if f.q:
            for word in f.q.lower().split():
                pattern = func.lower(a.c.title).contains(word, autoescape=True)
                query = query.where(pattern | func.lower(a.c.text).contains(word, autoescape=True))
        with self.engine.connect() as connection:
            return [StoredArticle(**row) for row in connection.execute(query).mappings()]

    def entity_ids(self, article_id: str) -> dict[str, int]:
        """An article's entity ids (e1, e2, ...) -> their canonical entities in the store."""
        ae = schema.article_entities
        with self.engine.connect() as connection:
            rows = connection.execute(select(ae.c.id, ae.c.entity_id).where(ae.c.article_id == article_id))
            return {local: canonical for local, canonical in rows}

    def statements(self, filters: StatementFilter | None = None, **values: Any) -> list[StoredStatement]:
        """Stored statements, newest first, matching a StatementFilter (or its fields as keywords):
        those at or above its `min_confidence` (StatementFilter; held_back counts the others)."""
        f = filters or validated(StatementFilter, values)
        query = self._filtered_statements(f)
        if query is None:
            return []
        s, a = schema.statements, schema.articles
        query = query.where(s.c.confidence >= f.min_confidence)
        query = (
            query.order_by(a.c.published.desc(), a.c.id, s.c.pk).limit(f.limit).offset(f.offset)
        )  # a.id: see newest_articles
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [_stored_statement(row) for row in rows]

    def held_back(self, filters: StatementFilter | None = None, **values: Any) -> int:
        """How many statements match the filter but are below its `min_confidence`: not shown."""
        f = filters or validated(StatementFilter, values)
        query = self._filtered_statements(f)
        if query is None:
            return 0
        below = query.where(schema.statements.c.confidence < f.min_confidence).subquery()
        with self.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(below)).scalar_one()

    def _filtered_statements(self, f: StatementFilter):
        """The statements matching every filter but the confidence and the page; None when none can."""
        s = schema.statements
        speaker_name = _speaker_name(s)
        query = self._statement_select()
        if f.speaker:
            query = query.where(func.lower(speaker_name).contains(f.speaker.lower(), autoescape=True))
        if f.speaker_entity is not None:
            query = query.where((s.c.speaker_entity_id == f.speaker_entity) & _named(s))
        if f.affiliation is not None:
            query = query.where(s.c.speaker_affiliation_id == f.affiliation)
        if f.entity is not None:
            names = self._proper_names(f.entity)
            if not names:
                return None
            query = query.where(s.c.pk.in_(self._matching_statements(phrases=names)))
        if f.source_type:
            query = query.where(s.c.speaker_source_type == f.source_type)
        if f.min_speaker_confidence is not None:
            query = query.where(s.c.speaker_confidence >= f.min_speaker_confidence)
        query = _where_published(query, f.outlet, f.since, f.until)
        if f.q:
            query = query.where(s.c.pk.in_(self._matching_statements(words=f.q)))
        return query

    def statement_pages(self, min_confidence: float = 0.0, page: int = EXPORT_PAGE) -> Iterator[list[StoredStatement]]:
        """Every stored statement at or above `min_confidence`, in the order stored, a page at a
        time: each page starts after the last one's key (not at an OFFSET), so each is one short
        range of the primary key."""
        s = schema.statements
        query = self._statement_select().where(s.c.confidence >= min_confidence)
        for rows in self._keyset_pages(query, s.c.pk, page):
            yield [_stored_statement(row) for row in rows]

    def _keyset_pages(self, query, key, page: int) -> Iterator[list]:
        """The rows of `query`, ordered by the unique `key`, `page` at a time (keyset pagination).
        Each row also holds `page_key`, which the result models ignore."""
        last = None
        while True:
            paged = query.add_columns(key.label("page_key")).order_by(key).limit(page)
            if last is not None:
                paged = paged.where(key > last)
            with self.engine.connect() as connection:
                rows = connection.execute(paged).mappings().all()
            if not rows:
                return
            last = rows[-1]["page_key"]
            yield rows
            if len(rows) < page:
                return

    def _statement_select(self):
        """The columns of a StoredStatement, statements joined to their articles."""
        s, a = schema.statements, schema.articles
        return select(
            s.c.article_id,
            s.c.id,
            _speaker_name(s),
            case((_named(s), s.c.speaker_entity_id)).label("speaker_entity_id"),
            s.c.speaker_source_type.label("source_type"),
            s.c.speaker_confidence,
            s.c.confidence,
            s.c.cue_text.label("cue"),
            s.c.cue_type,
            s.c.content_text.label("content"),
            s.c.speaker_start,
            s.c.speaker_end,
            s.c.cue_start,
            s.c.cue_end,
            s.c.content_start,
            s.c.content_end,
            s.c.content_fragments,
            s.c.evidence_text.label("evidence"),
            s.c.evidence_start,
            s.c.evidence_end,
            s.c.kind,
            s.c.reported_via,
            s.c.hedged,
            s.c.negated,
            a.c.outlet,
            a.c.published,
            a.c.title,
            self._claims_of_statement(),
        ).join(a, a.c.id == s.c.article_id)

    def _claims_of_statement(self):
        """The claims a statement reports (whosaid.provenance.claims), as "12,15"."""
        parts = schema.claim_reports.alias("statement_claims")  # apart from a claim_reports the query joins
        claim = parts.c.claim.distinct() if self.is_sqlite else cast(parts.c.claim, Text).distinct()
        joined = func.group_concat(claim) if self.is_sqlite else func.string_agg(claim, ",")
        of_statement = select(joined).where(parts.c.statement_pk == schema.statements.c.pk)
        return of_statement.correlate(schema.statements).scalar_subquery().label("claims")

    def claim_histories(self, filters: ProvenanceFilter | None = None, **values: Any) -> list[ClaimHistory]:
        """Claims reported in several articles (whosaid.provenance.claims), those reported in the
        most articles first: each with its reports at or above `min_confidence` in order of
        publication, and what changed between them. The filters pick claims by any report."""
        f = filters or validated(ProvenanceFilter, values)
        statement_filter = StatementFilter(
            **f.model_dump(include={"speaker", "speaker_entity", "q", "outlet", "since", "until", "min_confidence"})
        )
        matching = self._filtered_statements(statement_filter)
        if matching is None:
            return []
        s, a, quantity, part = schema.statements, schema.articles, schema.quantities, schema.claim_reports
        time = schema.times
        shown = s.c.confidence >= f.min_confidence
        articles = func.count(part.c.article_id.distinct())
        matching_pks = matching.where(shown).with_only_columns(s.c.pk)
        picked = (
            select(part.c.claim)
            .join(s, s.c.pk == part.c.statement_pk)
            .join(a, a.c.id == part.c.article_id)
            .where(part.c.claim.in_(select(part.c.claim).where(part.c.statement_pk.in_(matching_pks))) & shown)
            .where(true() if f.claim is None else part.c.claim == f.claim)
            .group_by(part.c.claim)
            .having(articles >= f.min_articles)
            .order_by(articles.desc(), func.max(a.c.published).desc(), part.c.claim)
            .limit(f.limit)
            .offset(f.offset)
        )
        with self.engine.connect() as connection:
            claims = connection.execute(picked).scalars().all()
            if not claims:
                return []
            in_claims = part.c.claim.in_(bindparam("claims", claims, expanding=True)) & shown
            reported = (
                self._statement_select()
                .add_columns(part.c.claim, part.c.pk.label("part"), part.c.start, part.c.end, part.c.text)
                .join(part, part.c.statement_pk == s.c.pk)
            )
            rows = connection.execute(reported.where(in_claims).order_by(part.c.pk)).mappings().all()
            figures: dict[int, list[str]] = {}
            for row in connection.execute(
                select(part.c.pk.label("part"), quantity.c.value, quantity.c.value_max, quantity.c.bound,
                       quantity.c.unit, quantity.c.text)
                .join(s, s.c.pk == part.c.statement_pk)
                .join(quantity, (quantity.c.article_id == part.c.article_id) & (quantity.c.start >= part.c.start)
                      & (quantity.c.end <= part.c.end))
                .where(in_claims)
                .order_by(quantity.c.pk)
            ).mappings():  # fmt: skip
                figures.setdefault(row["part"], []).append(
                    format_figure(row["value"], row["value_max"], row["bound"], row["unit"], row["text"])
                )
            times: dict[int, list[tuple[str, str]]] = {}
            for row in connection.execute(
                select(part.c.pk.label("part"), time.c.text, time.c.value, time.c.value_end, time.c.granularity)
                .join(s, s.c.pk == part.c.statement_pk)
                .join(time, (time.c.article_id == part.c.article_id) & (time.c.start >= part.c.start)
                      & (time.c.end <= part.c.end))
                .where(in_claims)
                .order_by(time.c.pk)
            ).mappings():  # fmt: skip
                times.setdefault(row["part"], []).append((row["text"], _time_key(row)))
        reports: dict[int, list[ClaimReport]] = {claim: [] for claim in claims}
        for row in rows:
            # The report is the part of the statement's content that holds the claim.
            statement = _stored_statement(row).model_dump(exclude={"content", "content_start", "content_end"})
            reports[row["claim"]].append(
                ClaimReport(**statement, content=row["text"], content_start=row["start"], content_end=row["end"],
                            figures=figures.get(row["part"], []),
                            times=[text for text, _ in times.get(row["part"], [])],
                            time_values=[key for _, key in times.get(row["part"], []) if key])
            )  # fmt: skip
        histories = []
        for claim in claims:
            ordered = in_order(reports[claim])
            histories.append(
                ClaimHistory(
                    claim=claim,
                    speaker_name=ordered[0].speaker_name,
                    speaker_entity_id=ordered[0].speaker_entity_id,
                    reports=ordered,
                    drift=drift(ordered),
                )
            )
        return histories

    def claims(self, filters: ClaimFilter | None = None, **values: Any) -> dict[str, list[Claim]]:
        """Figures grouped by their measure (what they count, in what, per what: "engineers",
        "revenue (USD)"), the groups with most figures first and those whose text does not say
        what they count ("USD (what it counts, not said)", "people (which, not said)") or that are no
        count ("USD (cut-off, compared with none)") last, each figure with its bound,
        speaker, reporting chain, outlet and date: who reported which figure."""
        f = filters or validated(ClaimFilter, values)
        unit, q, limit, offset = f.unit, f.q, f.limit, f.offset
        s, a, quantity = schema.statements, schema.articles, schema.quantities
        # each group's size among the figures the filters keep, counted before the page is cut
        size = func.count().over(partition_by=quantity.c.measure)
        query = self._claim_select().add_columns(size.label("size")).where(_confident_enough(f.min_confidence))
        if unit:
            query = query.where(
                func.lower(quantity.c.unit).contains(unit.lower(), autoescape=True)
                | func.lower(quantity.c.counts).contains(unit.lower(), autoescape=True)
            )
        if q:
            query = query.where(s.c.pk.in_(self._matching_statements(words=q)))
        order = (quantity.c.measure.is_(None), size.desc(), quantity.c.measure, quantity.c.unit, a.c.published,
                 quantity.c.article_id, quantity.c.pk)  # fmt: skip
        query = query.order_by(*order).limit(limit).offset(offset)
        grouped: dict[str, list[Claim]] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query).mappings():
                claim = _claim(row)
                grouped.setdefault(claim.measure, []).append(claim)
        return grouped

    def claim_pages(self, min_confidence: float = 0.0, page: int = EXPORT_PAGE) -> Iterator[list[Claim]]:
        """Every figure with what it counts, in the order stored, a page at a time (keyset
        pagination); of the figures in statements, those of statements at or above `min_confidence`."""
        query = self._claim_select().where(_confident_enough(min_confidence))
        for rows in self._keyset_pages(query, schema.quantities.c.pk, page):
            yield [_claim(row) for row in rows]

    def _claim_select(self):
        """The columns of a Claim: figures with a unit, their statement (if any) and article."""
        s, a, quantity = schema.statements, schema.articles, schema.quantities
        return (
            select(
                quantity.c.unit,
                quantity.c.counts,
                quantity.c.per,
                quantity.c.whose,
                quantity.c.kind,
                quantity.c.value,
                quantity.c.value_max,
                quantity.c.bound,
                quantity.c.text,
                quantity.c.article_id,
                quantity.c.id.label("quantity_id"),
                s.c.id.label("statement_id"),
                _speaker_name(s),
                s.c.speaker_source_type.label("source_type"),
                s.c.reported_via,
                s.c.cue_text.label("cue"),
                s.c.hedged,
                s.c.confidence,
                s.c.content_text.label("content"),
                a.c.outlet,
                a.c.published,
            )
            .join(a, a.c.id == quantity.c.article_id)
            .join(s, (s.c.article_id == quantity.c.article_id) & (s.c.id == quantity.c.statement), isouter=True)
            .where(quantity.c.unit.is_not(None))
        )

    def entity(self, entity_id: int, limit: int = 100, min_confidence: float = SHOWN_CONFIDENCE) -> EntityPage | None:
        """An entity's page: its names, what it said, what speakers affiliated with it said
        ("an aide to Governor Ortega"), and the statements that mention it (those at or above
        `min_confidence`)."""
        if not 1 <= entity_id <= MAX_ID:
            return None
        e = schema.entities
        with self.engine.connect() as connection:
            row = connection.execute(select(e).where(e.c.id == entity_id)).mappings().first()
        if row is None:
            return None
        shown = {"limit": limit, "min_confidence": min_confidence}
        said = self.statements(speaker_entity=entity_id, **shown)
        said_by_affiliates = self.statements(affiliation=entity_id, **shown)
        about = [x for x in self.statements(entity=entity_id, **shown) if x.speaker_entity_id != entity_id]
        about.sort(key=lambda x: (x.published or "", x.article_id, x.id))
        ae = schema.article_entities
        with self.engine.connect() as connection:
            roles = sorted(
                connection.execute(
                    select(ae.c.role_text).where(ae.c.entity_id == entity_id, ae.c.role_text.is_not(None)).distinct()
                ).scalars()
            )
        return EntityPage(
            **row,
            aliases=self._aliases(entity_id),
            roles=roles,
            said=said,
            said_by_affiliates=said_by_affiliates,
            said_about=about,
        )

    def entities(self) -> list[StoredEntity]:
        """Every canonical entity, with the names it was given."""
        return [entity for page in self.entity_pages() for entity in page]

    def entity_pages(self, page: int = EXPORT_PAGE) -> Iterator[list[StoredEntity]]:
        """Every canonical entity with its names, by id, a page at a time (keyset pagination)."""
        e, aliases = schema.entities, schema.aliases
        for rows in self._keyset_pages(select(e), e.c.id, page):
            names: dict[int, set[str]] = {}
            first, last = rows[0]["id"], rows[-1]["id"]
            with self.engine.connect() as connection:
                found = select(aliases.c.entity_id, aliases.c.alias).where(aliases.c.entity_id.between(first, last))
                for entity_id, alias in connection.execute(found):
                    names.setdefault(entity_id, set()).add(alias)
            yield [StoredEntity(**row, aliases=sorted(names.get(row["id"], ()))) for row in rows]

    def _aliases(self, entity_id: int) -> list[str]:
        with self.engine.connect() as connection:
            aliases = connection.execute(
                select(schema.aliases.c.alias).where(schema.aliases.c.entity_id == entity_id)
            ).scalars()
            return sorted(set(aliases))

    def _proper_names(self, entity_id: int) -> list[str]:
        """Its names, without the pronouns and nominals resolved to it ("he", "the agency"):
        those would match every statement."""
        return [name for name in self._aliases(entity_id) if name[:1].isupper() and name.lower() not in _PRONOUNS]

    def _matching_statements(self, *, words: str = "", phrases: list[str] | None = None):
        """Statements whose content has all of `words`, or else any one of `phrases`."""
        if self.is_sqlite:
            # The input as quoted FTS5 phrases: no query syntax reaches FTS5 from it.
            def quoted(words: str) -> str:
                printable = "".join(char for char in words if char.isprintable())
                return '"' + printable.replace('"', '""') + '"'

            if phrases is not None:
                expression = " OR ".join(quoted(phrase) for phrase in phrases)
            else:
                expression = " ".join(quoted(word) for word in words.split())
            match = text("SELECT rowid FROM statements_fts WHERE statements_fts MATCH :q").bindparams(q=expression)
            return match.columns(column("rowid", Integer))
        # PostgreSQL: phraseto_tsquery/plainto_tsquery read the input as plain words, never as syntax.
        vector = func.to_tsvector("english", schema.statements.c.content_text)
        if phrases is not None:
            conditions = [vector.op("@@")(func.phraseto_tsquery("english", phrase)) for phrase in phrases]
            return select(schema.statements.c.pk).where(or_(*conditions))
        return select(schema.statements.c.pk).where(vector.op("@@")(func.plainto_tsquery("english", words)))

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {
                table: connection.execute(select(func.count()).select_from(schema.metadata.tables[table])).scalar_one()
                for table in ("articles", "entities", "statements", "quantities")
            }


def _where_published(query, outlet: str | None, since: str | None, until: str | None):
    """The query kept to articles of an outlet and published between two dates (each if given)."""
    a = schema.articles
    if outlet:
        query = query.where(a.c.outlet == outlet)
    if since:
        query = query.where(a.c.published >= since)
    if until:
        query = query.where(a.c.published <= until)
    return query


def _collapsed(name: str) -> str:
    """A name with its whitespace collapsed to single spaces, none at either end."""
    return " ".join(name.split())


def _named(statements):
    """Whether the speaker's entity may be shown, as SourceRef.shown_name decides it: no
    confidence given, or one at or above NAMED_SPEAKER_CONFIDENCE."""
    confidence = statements.c.speaker_confidence
    return confidence.is_(None) | (confidence >= NAMED_SPEAKER_CONFIDENCE)


def _speaker_name(statements):
    """The speaker's canonical name where its resolution is sure enough, or the description of the
    unnamed speaker it was given to ("a spokesman for the port authority" for "He"), else the words
    that name it ("officials", "he"): an unsure resolution is no name given as fact."""
    c = statements.c
    named = func.coalesce(c.speaker_name, c.speaker_description, c.speaker_text)
    return case((_named(statements), named), else_=statements.c.speaker_text).label("speaker_name")


def _confident_enough(min_confidence: float):
    """A figure outside any statement (the article's own), or in one at or above `min_confidence`."""
    s = schema.statements
    return s.c.confidence.is_(None) | (s.c.confidence >= min_confidence)


def _stored_statement(row) -> StoredStatement:
    claims = sorted(int(claim) for claim in (row["claims"] or "").split(",") if claim)
    fragments = json.loads(row["content_fragments"]) if row["content_fragments"] else []
    return StoredStatement(
        **{**row, "reported_via": _source_names(row["reported_via"]), "content_fragments": fragments, "claims": claims}
    )


def _claim(row) -> Claim:
    return Claim(**{**row, "reported_via": _source_names(row["reported_via"])})


def _source_names(reported_via: str | None) -> list[str]:
    """The names of the sources in a statement's reported_via column (JSON), innermost first."""
    return [source["name"] or source["text"] for source in json.loads(reported_via or "[]")]


def _cannot_write(error: OperationalError) -> bool:
    """Whether SQLite refused to open or write a file for want of permission (a read-only mount)."""
    message = str(error.orig)
    return "readonly database" in message or "unable to open database file" in message


def _damaged_store(path: str | None, context) -> None:
    """SQLite's errors for a corrupt file or a full disk as one-line store errors (handle_error event)."""
    original = context.original_exception
    if not isinstance(original, sqlite3.DatabaseError):
        return
    if "malformed" in str(original):
        raise StoreDamagedError(
            f"{path}: the store is damaged ({original}); recover what it holds with "
            f"`sqlite3 {path} .recover | sqlite3 recovered.db` and use recovered.db"
        ) from None
    if getattr(original, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(original):
        raise StoreFullError(f"{path}: no room left to store more ({original})") from None


def _sqlite_connect_read_only(connection, _record) -> None:
    connection.isolation_level = None  # nothing to set up: a read-only store cannot change its journal mode


def _sqlite_connect(busy_timeout: float, connection, _record) -> None:
    # SQLAlchemy, not the driver, begins transactions (see _sqlite_begin).
    connection.isolation_level = None
    cursor = connection.cursor()
    _enter_wal(cursor, busy_timeout)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _enter_wal(cursor, busy_timeout: float) -> None:
    """Switch to write-ahead logging. While another connection writes to a store not yet in WAL (two
    processes creating one store), SQLite refuses the switch at once, without its busy timeout, so
    wait here as the timeout would."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def _sqlite_begin(connection) -> None:
    immediate = connection.get_execution_options().get("whosaid_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _one_line(error: Exception) -> str:
    """A database error without the SQL statement and parameters SQLAlchemy appends."""
    message = str(getattr(error, "orig", None) or error)
    return message.strip().splitlines()[0] if message.strip() else type(error).__name__


def _safe_url(url: str) -> str:
    """The URL without its password."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
