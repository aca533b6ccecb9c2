import sqlite3
import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from whosaid import extract
from whosaid.errors import InvalidQueryError, StoreError
from whosaid.record.model import SHOWN_CONFIDENCE
from whosaid.store import schema
from whosaid.store.results import Claim
from whosaid.store.store import Store

from ..conftest import SAMPLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def articles(nlp):
    first = extract((SAMPLES / "sinpo-dam.txt").read_text("utf-8"), published="2026-03-12", outlet="Wire", nlp=nlp)
    second = extract(
        "Prime Minister Kim Tae-song said on Monday that the dam was finished. China said it was pleased.",
        published="2026-03-16",
        outlet="Courier",
        nlp=nlp,
    )
    return first, second


# The tests of the other filters ask for every statement (min_confidence=0): the samples' statements
# mostly score under the shown confidence (test_statements_under_the_shown_confidence_are_held_back).


@pytest.fixture
def store(db_url, articles):
    store = Store(db_url)
    for article in articles:
        store.add(article)
    yield store
    store.close()


def test_same_article_is_stored_once(store, articles):
    before = store.counts()
    assert store.add(articles[0]) == (articles[0].id, True)
    assert store.counts() == before
    assert store.article(articles[0].id) == articles[0]
    assert store.article("nope") is None


def test_entities_are_canonical_across_articles(store):
    kims = [row for row in store.statements(min_confidence=0, speaker="kim tae-song", limit=100)]
    assert {row.outlet for row in kims} == {"Wire", "Courier"}
    assert len({row.speaker_entity_id for row in kims}) == 1


def test_filters(store):
    assert {row.outlet for row in store.statements(min_confidence=0, since="2026-03-13")} == {"Courier"}
    assert {row.outlet for row in store.statements(min_confidence=0, until="2026-03-12")} == {"Wire"}
    # (KCNA, state media, relays the minister's thanks since issue 32: no statement of its own)
    assert {row.source_type for row in store.statements(min_confidence=0, source_type="intelligence_military")} == {
        "intelligence_military"
    }
    assert all(row.outlet == "Wire" for row in store.statements(min_confidence=0, outlet="Wire"))
    assert len(store.statements(min_confidence=0, limit=2)) == 2
    assert store.statements(min_confidence=0, limit=2, offset=1)[0] == store.statements(min_confidence=0, limit=3)[1]


def test_statements_filter_by_speaker_confidence(store):
    rows = store.statements(min_confidence=0, limit=1000)
    confidences = sorted({row.speaker_confidence for row in rows if row.speaker_confidence is not None})
    assert len(confidences) >= 2, "the samples give speakers of differing confidence"
    middle = confidences[len(confidences) // 2]
    kept = store.statements(min_confidence=0, min_speaker_confidence=middle, limit=1000)
    assert kept and all(row.speaker_confidence >= middle for row in kept)
    assert len(kept) < len(rows), "lower ones, and unresolved speakers, are left out"
    with pytest.raises(InvalidQueryError):
        store.statements(min_confidence=0, min_speaker_confidence=1.5)


def test_full_text_search_takes_words_not_syntax(store):
    found = store.statements(min_confidence=0, q="skilled engineers")
    assert found and all("skilled" in row.content for row in found)
    for hostile in ['dam" OR "x', "NEAR(dam", "*", "'; DROP TABLE statements; --", "engineers)", "\u200b", "a\x00b"]:
        store.statements(min_confidence=0, q=hostile)  # no error, no effect on the data
        store.claims(min_confidence=0, unit=hostile, q=hostile)
    assert store.counts()["statements"] > 0
    for blank in ("\x00", " ", "\x00 \x00"):  # would match everything or nothing, silently
        with pytest.raises(InvalidQueryError):
            store.statements(min_confidence=0, q=blank)
        with pytest.raises(InvalidQueryError):
            store.claims(min_confidence=0, unit=blank)


def test_claims_group_figures_by_what_they_count(store):
    claims = store.claims(min_confidence=0, unit="engineers")
    assert list(claims) == ["engineers"]
    (claim,) = [c for c in claims["engineers"] if c.outlet == "Wire"]
    # the officials' resolution to South Korea is unsure (0.25): their own words stand for them
    assert (claim.value, claim.bound, claim.speaker_name) == (5000, ">", "South Korean intelligence officials")
    assert claim.source_type == "intelligence_military" and claim.hedged
    assert "killed" in store.claims(min_confidence=0) and store.claims(min_confidence=0, unit="no such thing") == {}


def test_claims_group_by_measure_the_incomparable_last(db_url, nlp):
    text = (
        'Revenue rose to $3.4 billion, the company said. "Revenue will reach $3.6 billion next year," '
        "Ana Ruiz said. Net income was $412 million, the company said. Berg said it was about $2 million."
    )
    with Store(db_url) as store:
        store.add(extract(text, nlp=nlp))
        groups = store.claims(min_confidence=0)
        assert list(store.claims(min_confidence=0, unit="revenue")) == ["revenue (USD)"], "found by what it counts"
        assert list(store.claims(min_confidence=0, limit=2)) == ["revenue (USD)"], "a page holds the largest group"
    assert list(groups) == ["revenue (USD)", "net income (USD)", "USD (what it counts, not said)"]
    assert [claim.value for claim in groups["revenue (USD)"]] == [3.4e9, 3.6e9]
    assert [claim.comparable for claims in groups.values() for claim in claims] == [True, True, True, False]


def test_entity_page(store):
    kim = store.statements(min_confidence=0, speaker="kim tae-song")[0].speaker_entity_id
    page = store.entity(kim, min_confidence=0)
    assert page.name == "Kim Tae-song" and "Prime Minister Kim Tae-song" in page.aliases
    assert {row.outlet for row in page.said} == {"Wire", "Courier"}
    assert all(row.speaker_entity_id != kim for row in page.said_about)
    assert store.entity(10**9) is None


def test_what_speakers_affiliated_with_an_entity_said(store):
    """ "Reports from Seoul" in the sample: unnamed reports, affiliated with South Korea."""
    from sqlalchemy import select

    with store.engine.connect() as connection:
        korea = connection.execute(
            select(schema.entities.c.id).where(schema.entities.c.name == "South Korea")
        ).scalar_one()
    (row,) = store.statements(min_confidence=0, affiliation=korea)
    assert row.speaker_name == "Reports from Seoul" and row.speaker_entity_id is None
    page = store.entity(korea, min_confidence=0)
    assert [x.id for x in page.said_by_affiliates] == [row.id] and row.id not in {x.id for x in page.said}


def test_statements_that_mention_an_entity(store):
    from sqlalchemy import select

    # Moscow ("thanked Moscow for sending ...") was in KCNA's copy of the minister's words until issue 32
    with store.engine.connect() as connection:
        north = connection.execute(select(schema.entities.c.id).where(schema.entities.c.name == "North")).scalar_one()
    mentioning = store.statements(min_confidence=0, entity=north)
    assert mentioning and all("the North" in row.content for row in mentioning)
    assert store.statements(min_confidence=0, entity=10**9) == []


def test_an_article_the_database_refuses_is_a_store_error_and_others_still_store(store, articles):
    from whosaid.errors import StoreError

    entity = articles[1].entities[0]
    too_long = entity.model_copy(update={"country": "TOO LONG"})
    refused = articles[1].model_copy(update={"text": articles[1].text + " ", "id": "x" * 32, "entities": [too_long]})
    if store.is_sqlite:  # SQLite keeps any length: nothing to refuse there
        assert store.add(refused) == (refused.id, False)
        return
    with pytest.raises(StoreError, match="not stored"):
        store.add(refused)
    again = articles[0].model_copy(update={"text": articles[0].text + "  ", "id": "y" * 32})
    assert store.add(again) == (again.id, False)


def test_statements_under_the_shown_confidence_are_held_back(tmp_path, articles):
    """The store shows statements at or above SHOWN_CONFIDENCE unless asked, and counts the rest;
    a figure in a held-back statement is held back with it, one outside any statement is not."""
    record = articles[0]
    sure = {statement.id for statement in record.statements[::2]}
    given = record.model_copy(
        update={
            "statements": [
                s.model_copy(update={"confidence": 0.95 if s.id in sure else 0.2}) for s in record.statements
            ]
        }
    )
    with Store(tmp_path / "held-back.db") as store:
        store.add(given)
        assert {row.id for row in store.statements()} == sure
        assert store.held_back() == len(record.statements) - len(sure) > 0
        assert {row.id for row in store.statements(min_confidence=0)} == {s.id for s in record.statements}
        assert store.held_back(min_confidence=0) == 0
        assert store.held_back(speaker="nobody of that name") == 0
        statement_of = {q.id: q.statement for q in record.quantities}
        shown = [claim for claims in store.claims().values() for claim in claims]
        every = [claim for claims in store.claims(min_confidence=0).values() for claim in claims]
        assert {c.quantity_id for c in shown} == {
            c.quantity_id for c in every if statement_of[c.quantity_id] is None or statement_of[c.quantity_id] in sure
        }
        assert len(shown) < len(every)
        assert {row.id for page in store.statement_pages(SHOWN_CONFIDENCE) for row in page} == sure


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "parquet"])
def test_exported_statements_carry_offsets_evidence_and_their_page(tmp_path, articles, file_format):
    """An export opened back: each statement's offsets name its words in the article's text, its
    evidence is the sentence that holds it, and its url opens the page where it is shown."""
    import csv
    import io

    from whosaid.store.exports import ExportFormat, ExportTable, export_table

    with Store(tmp_path / "exported.db") as store:
        for article in articles:
            store.add(article)
        data = export_table(store, ExportTable.statements, ExportFormat(file_format), min_confidence=0)
        if file_format == "csv":
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
            number = lambda value: int(value) if value != "" else None  # noqa: E731 - CSV has no types
        elif file_format == "xlsx":
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(data)).active
            header, *values = sheet.iter_rows(values_only=True)
            rows = [dict(zip(header, row)) for row in values]
            number = lambda value: value  # noqa: E731
            assert sheet.freeze_panes == "A2", "the header stays in view"
            assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(rows) + 1}"
            assert sheet.column_dimensions[sheet.cell(1, header.index("content") + 1).column_letter].width == 60
        else:
            import pyarrow.parquet as pq

            rows = pq.read_table(io.BytesIO(data)).to_pylist()
            number = lambda value: value  # noqa: E731
        texts = {article.id: article.text for article in articles}
        assert len(rows) == sum(len(article.statements) for article in articles)
        for row in rows:
            text = texts[row["article_id"]]
            content_start, content_end = number(row["content_start"]), number(row["content_end"])
            assert text[content_start:content_end] == row["content"]
            evidence_start, evidence_end = number(row["evidence_start"]), number(row["evidence_end"])
            assert text[evidence_start:evidence_end] == row["evidence"]
            assert evidence_start <= content_start and content_end <= evidence_end
            if row["cue"]:
                assert text[number(row["cue_start"]) : number(row["cue_end"])] == row["cue"]
            assert row["url"].startswith(f"/articles/{row['article_id']}") and row["url"].endswith(f"#{row['id']}")
        # each statement's claims across articles (`whosaid query provenance`), as the store joined them
        parts, statements = schema.claim_reports, schema.statements
        with store.engine.connect() as connection:
            joined = connection.execute(
                select(statements.c.article_id, statements.c.id, parts.c.claim).join(
                    parts, parts.c.statement_pk == statements.c.pk
                )
            ).all()
        claims: dict[tuple[str, str], set[str]] = {}
        for article_id, statement_id, claim in joined:
            claims.setdefault((article_id, statement_id), set()).add(str(claim))
        for row in rows:
            assert set(str(row["claims"]).split(" | ")) == claims[(row["article_id"], row["id"])]


def test_a_speaker_resolved_unsurely_is_shown_by_its_words_and_linked_to_no_entity(tmp_path, articles):
    from whosaid.record.model import NAMED_SPEAKER_CONFIDENCE

    record = articles[0]
    target = next(s for s in record.statements if s.speaker and s.speaker.entity and s.speaker.name != s.speaker.text)
    unsure = target.speaker.model_copy(update={"confidence": NAMED_SPEAKER_CONFIDENCE - 0.1})
    given = record.model_copy(
        update={
            "statements": [
                s.model_copy(update={"speaker": unsure}) if s.id == target.id else s for s in record.statements
            ]
        }
    )
    with Store(tmp_path / "unsure.db") as store:
        store.add(given)
        rows = {row.id: row for row in store.statements(min_confidence=0)}
        assert (rows[target.id].speaker_name, rows[target.id].speaker_entity_id) == (target.speaker.text, None)
        sure = [
            row
            for row in rows.values()
            if row.speaker_confidence and row.speaker_confidence >= NAMED_SPEAKER_CONFIDENCE
        ]
        assert sure and all(row.speaker_entity_id is not None for row in sure)
        entity = sure[0].speaker_entity_id
        said = store.statements(speaker_entity=entity, min_confidence=0)
        assert said and target.id not in {row.id for row in said}


def test_a_speaker_the_article_never_names_is_no_entity_across_articles(tmp_path, nlp):
    text = "A spokesman for the port authority said the pier would close. He added that repairs would take a year."
    records = [extract(text, outlet=outlet, nlp=nlp) for outlet in ("Post", "Courier")]
    records[1] = records[1].model_copy(update={"id": "other", "text": text})
    unnamed = [entity.id for entity in records[0].entities if entity.name is None]
    assert unnamed, "the spokesman is an entity of the article"
    with Store(tmp_path / "unnamed.db") as store:
        for record in records:
            store.add(record)
        rows = store.statements(min_confidence=0)
        assert len(rows) == 4 and all(row.speaker_entity_id is None for row in rows)
        # "He" is shown by the description of the spokesman it was given to
        assert [row.speaker_name for row in rows] == ["A spokesman for the port authority"] * 4
        assert store.entities() == [] and store.entity_ids(records[0].id) == dict.fromkeys(unnamed)
        assert store.article(records[0].id) == records[0], "the record keeps the entity"


def _every_row(store: Store) -> dict[str, list]:
    """Every row of every table (full-text index included), primary keys and all."""
    with store.engine.connect() as connection:
        rows = {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in schema.metadata.sorted_tables
        }
        if store.is_sqlite:
            rows["statements_fts"] = connection.execute(text("SELECT rowid, content FROM statements_fts")).all()
    return rows


def test_many_articles_a_transaction_store_the_rows_one_at_a_time_would(tmp_path, articles, nlp):
    third = extract("Mayor Lee Ann Park said the bridge had cost 4 million euros.", outlet="Post", nlp=nlp)
    order = [articles[0], articles[1], articles[0], third]
    one_by_one = Store(tmp_path / "one.db")
    assert [one_by_one.add(article)[1] for article in order] == [False, False, True, False]
    together = Store(tmp_path / "many.db")
    assert [(a.id, flag) for a, flag in together.add_many(order, per_transaction=3)] == [
        (a.id, flag) for a, flag in zip(order, [False, False, True, False])
    ]
    assert _every_row(together) == _every_row(one_by_one)
    assert together.statements(min_confidence=0, q="bridge")  # the full-text index holds the new rows


def test_an_article_the_database_refuses_leaves_the_others_of_its_transaction(store, articles):
    if store.is_sqlite:
        pytest.skip("SQLite stores NUL characters")
    refused = articles[1].model_copy(update={"id": "nul", "text": articles[1].text + "\x00"})
    fresh = articles[0].model_copy(update={"id": "fresh"})
    outcomes = list(store.add_many([fresh, refused, articles[1]], per_transaction=3))
    assert outcomes[0] == (fresh, False) and outcomes[2] == (articles[1], True)
    assert isinstance(outcomes[1][1], StoreError) and "NUL" in str(outcomes[1][1])
    assert store.article("fresh") == fresh and store.article("nul") is None


def test_a_transaction_that_fails_is_redone_one_article_at_a_time(tmp_path, articles, monkeypatch):
    store = Store(tmp_path / "ledger.db")
    insert_items = Store._insert_items

    def refusing(self, connection, batch):
        if any(article.id == articles[1].id for article in batch):
            raise OperationalError("INSERT", {}, Exception("refused"))
        insert_items(self, connection, batch)

    monkeypatch.setattr(Store, "_insert_items", refusing)
    monkeypatch.setattr("whosaid.store.store.time.sleep", lambda seconds: None)
    outcomes = list(store.add_many(list(articles), per_transaction=2))
    assert outcomes[0] == (articles[0], False)
    assert outcomes[1][0] == articles[1] and isinstance(outcomes[1][1], StoreError)
    assert store.article(articles[0].id) == articles[0] and store.article(articles[1].id) is None
    assert store.counts()["articles"] == 1


def test_a_new_store_waits_for_another_process_creating_it(tmp_path):
    """SQLite refuses to switch a store to WAL while another connection writes to it, at once and
    without its busy timeout: opening the store must wait for the writer as any write would."""
    path = tmp_path / "new.db"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE held (i)")
    writer.execute("BEGIN IMMEDIATE")
    releases = threading.Timer(0.3, writer.execute, ("COMMIT",))
    releases.start()
    try:
        with Store(path, busy_timeout=5) as store:
            assert store.engine.dialect.name == "sqlite"
            with store.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        releases.join()
        writer.close()


@pytest.mark.parametrize(
    ("unit", "counts", "kind", "label", "comparable"),
    [
        ("USD", "revenue", "count", "revenue (USD)", True),
        ("USD", None, "count", "USD (what it counts, not said)", False),
        ("people", "people", "count", "people (which, not said)", False),
        ("USD", "donations", "cut-off", "USD (cut-off, compared with none)", False),
        ("residents", "residents", "ratio term", "residents (ratio term, compared with none)", False),
    ],
)
def test_a_claim_s_group_says_why_it_is_compared_with_none(unit, counts, kind, label, comparable):
    claim = Claim(
        unit=unit, counts=counts, kind=kind, value=5.0, value_max=None, bound="=", text="5", article_id="a",
        quantity_id="q1", statement_id=None, speaker_name=None, source_type=None, reported_via=[], cue=None,
        hedged=None, confidence=None, content=None, outlet=None, published=None,
    )  # fmt: skip
    assert (claim.measure, claim.comparable) == (label, comparable)
