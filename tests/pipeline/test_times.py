import datetime as dt

import pytest
from spacy.tokens import Doc, Span

from whosaid.pipeline.times import normalize, times_in

PUBLISHED = dt.date(2026, 3, 12)  # a Thursday


@pytest.mark.parametrize(
    ("words", "value", "granularity", "value_end"),
    [
        ("on tuesday", "2026-03-10", "day", None),
        ("thursday", "2026-03-12", "day", None),  # the publication day itself
        ("last thursday", "2026-03-05", "day", None),
        ("next monday", "2026-03-16", "day", None),
        ("monday morning", "2026-03-09", "day", None),
        ("yesterday", "2026-03-11", "day", None),
        ("in march", "2026-03", "month", None),
        ("in april", "2025-04", "month", None),  # the most recent April not after publication
        ("last march", "2025-03", "month", None),
        ("last spring", "2025-03", "season", "2025-05"),
        ("next spring", "2027-03", "season", "2027-05"),  # the one to start after publication
        ("next summer", "2026-06", "season", "2026-08"),
        ("last year", "2025", "year", None),
        ("late last year", "2025", "year", None),
        ("this year", "2026", "year", None),
        ("last month", "2026-02", "month", None),
        ("last week", "2026-03-02", "week", "2026-03-08"),
        ("in 2024", "2024", "year", None),
        ("the 1990s", "1990", "decade", None),
        ("march 3 , 2024", "2024-03-03", "day", None),
        ("two weeks ago", "2026-02-26", "day", None),
        ("last quarter", "2025-10", "quarter", "2025-12"),
        ("this quarter", "2026-01", "quarter", "2026-03"),
        ("next quarter", "2026-04", "quarter", "2026-06"),
        ("the first quarter", "2026-01", "quarter", "2026-03"),
        ("a weak third quarter", "2025-07", "quarter", "2025-09"),  # the latest begun by publication
        ("the first half of next year", "2027-01", "half", "2027-06"),
        ("the second half of 2025", "2025-07", "half", "2025-12"),
        ("the first half of the year", "2026-01", "half", "2026-06"),
        ("the second half of the year", "2025-07", "half", "2025-12"),  # the latest begun by publication
    ],
)
def test_relative_expressions_resolve_against_publication(words, value, granularity, value_end):
    found = normalize(words.split(), PUBLISHED)
    assert (found.value, found.granularity, found.value_end, found.approximate) == (
        value,
        granularity,
        value_end,
        False,
    )


def test_vague_ages_are_approximate():
    found = normalize(["decades", "ago"], PUBLISHED)
    assert (found.value, found.granularity, found.approximate) == ("2006", "decade", True)


def test_future_clauses_look_ahead():
    assert normalize(["may"], PUBLISHED).value == "2025-05"
    assert normalize(["may"], PUBLISHED, future=True).value == "2026-05"
    assert normalize(["tuesday"], PUBLISHED, future=True).value == "2026-03-17"
    # the day of publication is this year's, however the clause looks: a dateline before "will close"
    assert normalize(["March", "12"], PUBLISHED, future=True).value == "2026-03-12"
    assert normalize(["March", "11"], PUBLISHED, future=True).value == "2027-03-11"


def test_a_date_without_a_year_looks_ahead_in_a_future_clause(nlp):
    """Published 2026-03-12: a hearing someone "would hold" on Dec. 9 is next December's, one "held"
    on Dec. 9 last December's; "would have held" looks back."""
    for sentence, value in [
        ("She said she would hold a hearing on Dec. 9.", "2026-12-09"),
        ("She held a hearing on Dec. 9.", "2025-12-09"),
        ("She said she would have held a hearing on Dec. 9.", "2025-12-09"),
        ("The committee will vote on March 20.", "2026-03-20"),
        # the verb the parser tagged a noun still has its auxiliary: next November's vote
        ("The senator said the party would campaign hard in advance of the November vote.", "2026-11"),
    ]:
        doc = nlp(sentence)
        found = {doc[t.start : t.end].text: t.value for t in times_in(doc, PUBLISHED)}
        assert found.get("Dec. 9", found.get("March 20", found.get("November"))) == value, sentence


def test_without_publication_date_a_date_without_a_year_in_a_future_clause_is_the_next_one():
    today = dt.date.today()
    month = "feb." if (today.month, today.day) == (1, 12) else "jan."  # never today's date
    words = [month, "12"]
    assert normalize(words, None, future=True).value > today.isoformat() >= normalize(words, None).value


def test_without_publication_date_only_absolute_values():
    assert normalize(["in", "2024"], None).value == "2024"
    assert normalize(["on", "tuesday"], None) is None
    assert normalize(["last", "year"], None) is None


def test_times_in_a_parsed_article(nlp):
    doc = nlp("The minister said on Tuesday that the dam will be finished by May. It opened in 2019.")
    found = {doc[t.start : t.end].text: (t.value, t.granularity) for t in times_in(doc, PUBLISHED)}
    assert found["Tuesday"] == ("2026-03-10", "day")
    assert found["May"] == ("2026-05", "month")  # "will be finished by May" looks ahead
    assert found["2019"] == ("2019", "year")


def test_daily_naming_a_newspaper_is_no_time(nlp):
    doc = nlp("Vass spoke to the daily Morgenposten, which prints daily reports on Tuesday.")
    daily = [token.i for token in doc if token.text == "daily"]
    doc.ents = [Span(doc, i, i + 1, "DATE") for i in daily]
    found = [doc[t.start : t.end].text for t in times_in(doc, PUBLISHED)]
    assert found == ["daily", "Tuesday"], "the paper's 'daily' is left out, the reports' kept"


@pytest.mark.parametrize(
    ("words", "value"),
    [("two decades", "P20Y"), ("five days", "P5D"), ("48 hours", "PT48H"), ("a year", "P1Y"),
     ("the past three years", "P3Y"), ("twenty weeks", "P20W")],
)  # fmt: skip
def test_durations_are_durations_not_dates(words, value):
    found = normalize(words.split(), dt.date(2026, 3, 12))
    assert (found.value, found.granularity) == (value, "duration")
    assert normalize(words.split(), None).value == value, "a duration needs no publication date"


def test_an_approximate_duration_is_a_duration_marked_approximate():
    for words, value in (("about 14 hours", "PT14H"), ("almost a decade", "P10Y"), ("roughly two weeks", "P2W")):
        found = normalize(words.split(), PUBLISHED)
        assert (found.value, found.granularity, found.approximate) == (value, "duration", True), words


def test_the_ners_spans_split_and_joined_where_they_hold_two_times_or_half_of_one(nlp):
    doc = nlp(
        "Vesey was sentenced on Thursday to 12 years in prison. Voting ends before next Tuesday's election. "
        "The plant will close in the second quarter of 2027."
    )
    found = {doc[t.start : t.end].text: (t.value, t.granularity, t.value_end) for t in times_in(doc, PUBLISHED)}
    assert found["Thursday"] == ("2026-03-12", "day", None)
    assert found["12 years"] == ("P12Y", "duration", None)
    assert found["next Tuesday's"] == ("2026-03-17", "day", None)
    assert found["the second quarter of 2027"] == ("2027-04", "quarter", "2027-06")


@pytest.mark.parametrize(
    ("words", "value", "value_end", "granularity"),
    [
        ("between nov. 12 and nov. 17", "2025-11-12", "2025-11-17", "day"),
        ("from 2010 to 2014", "2010", "2014", "year"),
        ("january through march", "2026-01", "2026-03", "month"),
        ("the three months to dec. 31", "2025-10", "2025-12", "month"),
    ],
)
def test_a_period_gives_its_first_and_last_day_month_or_year(words, value, value_end, granularity):
    found = normalize(words.split(), PUBLISHED)
    assert (found.value, found.value_end, found.granularity) == (value, value_end, granularity)


@pytest.mark.parametrize(
    "words", ["the three months to dec. 15", "tuesday and wednesday", "from 2014 to 2010", "march to 2024"]
)
def test_what_is_no_period_is_none(words):
    assert normalize(words.split(), PUBLISHED) is None or normalize(words.split(), PUBLISHED).value_end is None


def test_a_counted_offset_is_still_a_date():
    assert normalize("two weeks ago".split(), dt.date(2026, 3, 12)).value == "2026-02-26"


def parsed(vocab, table, dates):
    """A Doc parsed by hand, so the rules are tested apart from any model's parse: a line per
    token, "word head dep pos" (head: the head token's index); `dates`: (start, end) DATE spans."""
    rows = [line.split() for line in table.strip().splitlines()]
    words, heads, deps, pos = (list(column) for column in zip(*rows))
    doc = Doc(vocab, words=words, heads=[int(head) for head in heads], deps=deps, pos=pos)
    doc.ents = [Span(doc, start, end, "DATE") for start, end in dates]
    return doc


HEARING = """
    She 3 nsubj PRON
    would 3 aux AUX
    {have}
    hold 3 ROOT VERB
    a 5 det DET
    hearing 3 dobj NOUN
    on 3 prep ADP
    Dec. 6 pobj PROPN
    9 7 nummod NUM
    . 3 punct PUNCT
"""


@pytest.mark.parametrize(
    ("have", "value"),
    [("never 3 neg PART", "2026-12-09"), ("have 3 aux AUX", "2025-12-09")],  # "would have held" looks back
)
def test_a_date_without_a_year_follows_the_tense_of_the_verb_it_modifies(blank_nlp, have, value):
    doc = parsed(blank_nlp.vocab, HEARING.format(have=have), dates=[(7, 9)])
    assert [t.value for t in times_in(doc, PUBLISHED)] == [value]


def test_a_verb_tagged_a_noun_still_looks_ahead_with_its_auxiliary(blank_nlp):
    # "The party would campaign in November ." (the tagger took "campaign" for a noun)
    doc = parsed(
        blank_nlp.vocab,
        """
        The 1 det DET
        party 3 nsubj NOUN
        would 3 aux AUX
        campaign 3 ROOT NOUN
        in 3 prep ADP
        November 4 pobj PROPN
        . 3 punct PUNCT
    """,
        dates=[(5, 6)],
    )
    assert [t.value for t in times_in(doc, PUBLISHED)] == ["2026-11"]


def test_daily_saying_what_a_newspaper_is_is_no_time_on_a_hand_parsed_doc(blank_nlp):
    # "The daily Morgenposten prints daily reports ."
    doc = parsed(
        blank_nlp.vocab,
        """
        The 2 det DET
        daily 2 amod ADJ
        Morgenposten 3 nsubj PROPN
        prints 3 ROOT VERB
        daily 5 amod ADJ
        reports 3 dobj NOUN
        . 3 punct PUNCT
    """,
        dates=[(1, 2), (4, 5)],
    )
    assert [t.start for t in times_in(doc, PUBLISHED)] == [4]


def test_a_year_the_ner_takes_for_a_number_is_a_year(nlp):
    doc = nlp("Okafor said the government would spend 250 million euros on the rail link by 2027.")
    assert [(doc[t.start : t.end].text, t.value, t.granularity) for t in times_in(doc, None)] == [
        ("2027", "2027", "year")
    ]


def test_a_quarter_looks_ahead_in_a_future_clause_and_the_end_of_a_year_is_its_last_month_roughly():
    ahead = normalize("the third quarter".split(), PUBLISHED, future=True)
    assert (ahead.value, ahead.value_end, ahead.granularity) == ("2026-07", "2026-09", "quarter")
    late = dt.date(2026, 12, 1)
    assert normalize("the third quarter".split(), late, future=True) is None, "last year's or next: unsaid"
    assert normalize("the second half of the year".split(), PUBLISHED, future=True).value == "2026-07"
    assert normalize("the first half of the year".split(), late, future=True) is None, "last year's or next"
    assert normalize("the third quarter".split(), late).value == "2026-07"
    for words, value in (("the end of this year", "2026-12"), ("the end of next year", "2027-12"),
                         ("the end of last month", "2026-02"), ("the end of next month", "2026-04")):  # fmt: skip
        found = normalize(words.split(), PUBLISHED)
        assert (found.value, found.granularity, found.approximate) == (value, "month", True), words
    ahead = normalize("the end of the year".split(), PUBLISHED, future=True)
    assert (ahead.value, ahead.approximate) == ("2026-12", True)
    assert normalize("the end of the year".split(), PUBLISHED) is None, "in a past clause, this year's or last"
    assert normalize("the end of the war".split(), PUBLISHED) is None
    assert normalize("last year 's fourth quarter".split(), PUBLISHED) is None, "a year this does not read"


def test_a_duration_the_ner_ran_on_into_the_time_it_falls_in_is_split(blank_nlp):
    words = ["They", "will", "strike", "for", "three", "days", "next", "month", "."]
    doc = Doc(blank_nlp.vocab, words=words, ents=["O", "O", "O", "O", "B-DATE", "I-DATE", "I-DATE", "I-DATE", "O"])
    found = {doc[t.start : t.end].text: (t.value, t.granularity) for t in times_in(doc, PUBLISHED)}
    assert found == {"three days": ("P3D", "duration"), "next month": ("2026-04", "month")}
