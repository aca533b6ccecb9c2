"""Claims across stored articles: which reports join one claim, in which order, with what drift."""

import numpy
import pytest
from sqlalchemy import select

from whosaid import extract
from whosaid.provenance.claims import Content
from whosaid.store import schema
from whosaid.store.store import Store

pytestmark = pytest.mark.slow

REPORTS = [
    ("Wire", "2026-03-12", 'Ana Ruiz, the water minister, said on Monday: "The dam is safe and will hold through the '
     'winter." Ruiz said 5,000 engineers arrived last spring.'),
    ("Post", "2026-03-13", '"The dam is safe and will hold through the winter," Ana Ruiz said, according to the Orbe '
     "Agency. Ruiz said 3,000 engineers arrived last spring."),
    ("Herald", "2026-03-11", "Ana Ruiz said the dam may not hold. Tom Berg said the dam is safe and will hold through "
     "the winter."),
]  # fmt: skip


@pytest.fixture(scope="module")
def articles(nlp):
    return [extract(text, outlet=outlet, published=date, nlp=nlp) for outlet, date, text in REPORTS]


@pytest.fixture
def store(db_url, articles):
    store = Store(db_url)
    # Stored out of publication order: the history orders by date, not by arrival.
    for article in reversed(articles):
        store.add(article)
    yield store
    store.close()


def test_one_speakers_words_in_two_outlets_are_one_claim_with_its_first_report_first(store):
    histories = {h.reports[0].content.strip('".,'): h for h in store.claim_histories(min_confidence=0)}
    assert set(histories) == {"The dam is safe and will hold through the winter", "5,000 engineers arrived last spring"}
    dam = histories["The dam is safe and will hold through the winter"]
    assert dam.speaker_name == "Ana Ruiz" and dam.outlets == ["Wire", "Post"]
    assert [(r.outlet, r.published, r.reported_via) for r in dam.reports] == [
        ("Wire", "2026-03-12", []),
        ("Post", "2026-03-13", ["Orbe Agency"]),
    ]
    assert dam.drift == ["passed on through Orbe Agency in Post, 2026-03-13"]
    engineers = histories["5,000 engineers arrived last spring"]
    assert [r.figures for r in engineers.reports] == [["5,000 engineers"], ["3,000 engineers"]]
    assert engineers.drift == ["figures 5,000 engineers (Wire, 2026-03-12) -> 3,000 engineers (Post, 2026-03-13)"]


def test_another_speakers_same_words_and_another_claim_stay_apart(store):
    contents = [r.content for h in store.claim_histories(min_confidence=0) for r in h.reports]
    assert all("Berg" not in (r.speaker_name or "") for h in store.claim_histories(min_confidence=0) for r in h.reports)
    assert "the dam may not hold" not in contents
    alone = store.claim_histories(min_confidence=0, min_articles=1, speaker="Tom Berg")
    assert [[r.outlet for r in h.reports] for h in alone] == [["Herald"]]


def test_filters_pick_claims_by_any_report(store):
    assert [h.outlets for h in store.claim_histories(min_confidence=0, outlet="Post", q="engineers")] == [
        ["Wire", "Post"]
    ]
    assert store.claim_histories(min_confidence=0, speaker="Nobody Known") == []
    assert store.claim_histories(min_confidence=0, min_articles=3) == []


def test_a_statements_claim_id_picks_its_claim(store, articles):
    wire = next(a for a in articles if a.outlet == "Wire")
    statements = [s for s in store.statements(q="engineers", min_confidence=0) if s.article_id == wire.id]
    (claim,) = statements[0].claims
    (history,) = store.claim_histories(min_confidence=0, claim=claim)
    assert history.claim == claim and history.outlets == ["Wire", "Post"]
    assert all(claim in report.claims for report in history.reports)
    assert store.claim_histories(min_confidence=0, claim=claim, min_articles=3) == []


PARAPHRASED = [
    ("Wire", "2026-03-12", "Ana Ruiz, the transport minister, said on Monday that 42 people were hurt when the two "
     "trains collided."),
    ("Post", "2026-03-13", "The crash of the two trains had injured 42 passengers, Ana Ruiz, the transport minister, "
     "said on Tuesday. Ruiz said 43 passengers had been hurt in another crash in May."),
]  # fmt: skip


def test_a_paraphrase_that_gives_the_same_figure_joins_the_claim(db_url, nlp):
    with Store(db_url) as store:
        for outlet, date, text in PARAPHRASED:
            store.add(extract(text, outlet=outlet, published=date, nlp=nlp))
        (history,) = store.claim_histories(min_confidence=0)
        assert history.speaker_name == "Ana Ruiz" and history.outlets == ["Wire", "Post"]
        assert [report.content for report in history.reports] == [
            "that 42 people were hurt when the two trains collided",
            "The crash of the two trains had injured 42 passengers",
        ]
        assert len(store.claim_histories(min_confidence=0, min_articles=1)) == 2, "43 passengers: another claim"
        parts = schema.claim_reports
        with store.engine.connect() as connection:
            kept = connection.execute(select(parts.c.pk, parts.c.claim, parts.c.text, parts.c.embedding)).all()
        (first,) = [row for row in kept if row.embedding is not None]
        assert first.pk == first.claim == history.claim, "the embedding of the first report is kept"
        said = Content.of(1, first.text).embedding
        assert numpy.frombuffer(first.embedding, dtype="float16").tobytes() == said.tobytes()


def test_a_batch_joins_each_content_as_one_at_a_time_would_figures_and_all(db_url, nlp):
    # the two new contents have the same words but for their figures: each is looked up by its own
    stored = "The crash of the two trains had injured 42 passengers, Ana Ruiz, the transport minister, said on Tuesday."
    batch = ("Ana Ruiz, the transport minister, said on Wednesday that 42 people were hurt when the two trains "
             "collided. Ruiz said on Thursday that 17 people were hurt when the two trains collided.")  # fmt: skip
    with Store(db_url) as store:
        store.add(extract(stored, outlet="Post", published="2026-03-13", nlp=nlp))
        list(store.add_many([extract(batch, outlet="Wire", published="2026-03-14", nlp=nlp)]))
        histories = store.claim_histories(min_confidence=0, min_articles=1)
    reports = {tuple(report.content for report in history.reports) for history in histories}
    hurt_42, hurt_17 = (f"that {n} people were hurt when the two trains collided" for n in (42, 17))
    assert reports == {("The crash of the two trains had injured 42 passengers", hurt_42), (hurt_17,)}


def test_a_changed_duration_is_drift(db_url, nlp):
    quote = '"We expect to reconnect every remaining home within {} hours," Marcus Feld, the head of GridNorth, said.'
    with Store(db_url) as store:
        for outlet, date, hours in (("Ledger", "2026-03-10", 48), ("Herald", "2026-03-11", 72)):
            store.add(extract(quote.format(hours), outlet=outlet, published=date, nlp=nlp))
        (history,) = store.claim_histories(min_confidence=0)
    assert [(report.times, report.time_values) for report in history.reports] == [
        (["48 hours"], ["PT48H..PT48H duration"]),
        (["72 hours"], ["PT72H..PT72H duration"]),
    ]
    assert history.drift == ["times 48 hours (Ledger, 2026-03-10) -> 72 hours (Herald, 2026-03-11)"]
