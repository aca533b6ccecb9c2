"""The whole record of an article written for this test (samples/sinpo-dam.txt).

It has what issue 4 asks for: a leader's message relayed by state media, thanks
"according to" an agency, intelligence estimates with "more than", casualty
figures from "reports from" a capital, relative dates and a floating quote.
"""

import pytest

from whosaid import extract

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def article(nlp):
    text = (SAMPLES / "sinpo-dam.txt").read_text(encoding="utf-8")
    return extract(text, published="2026-03-12", outlet="Wire", nlp=nlp)


def by_id(items):
    return {item.id: item for item in items}


def test_statements(article):
    text = article.text
    quantities, times = by_id(article.quantities), by_id(article.times)
    summary = [
        (
            s.speaker.name,
            s.speaker.source_type,
            (s.cue.text, s.cue.type),
            [text[start:end] for start, end in s.content.fragments],
            [(source.name, source.source_type) for source in s.reported_via],
            s.within,
            s.kind,
            s.hedged,
            s.negated,
            [(quantities[q].value, quantities[q].bound, quantities[q].unit) for q in s.quantities],
            [(times[t].value, times[t].granularity) for t in s.times],
        )
        for s in article.statements
    ]
    kim, ri, kcna = "Kim Tae-song", "Ri Son-gwon", ("KCNA", "state_media")
    # whom the thanks go to is part of what was said, as PolNeAR marks it and the chain matrix expects
    thanks = 'Moscow for sending "skilled engineers" to rebuild the Sinpo dam'
    assert summary == [
        (kim, "person", ("hailed", "praise"), ['the volunteer engineers as "brave sons of the nation"'], [kcna],
         None, "mixed", False, False, [], [("2026-03-11", "day")]),  # the dateline's date is no statement's
        # one statement, the minister's, relayed by KCNA (issue 32); until then also KCNA's copy of it
        (ri, "person", ("thanked", "thank"), [thanks], [kcna], None, "mixed", False, False, [], []),
        ("South Korea", "intelligence_military", ("believe", "believe"),
         ["more than 5,000 engineers arrived in the North last spring"], [], None, "indirect", True, False,
         [(5000, ">", "engineers")], [("2025-03", "season")]),
        (None, "anonymous", ("said", "assert"),
         ["roughly 300 of them were killed in a flood in May, and thousands more were injured"], [], None,
         "indirect", True, False, [(300, "~", "killed"), (2000, ">=", "injured")], [("2025-05", "month")]),
        (kim, "person", ("said", "assert"), ["the two leaders had spoken by phone on Tuesday"], [], None,
         "indirect", False, False, [(2, "=", "leaders")], [("2026-03-10", "day")]),
        (kim, "person", ("said", "assert"),
         ['"We agreed that the dam will be finished before the rains,"', '"Nobody will stop us."'], [], None,
         "direct", False, False, [], []),
    ]  # fmt: skip


def test_speakers_point_at_entities_with_roles_and_countries(article):
    entities = by_id(article.entities)
    speakers = [entities.get(s.speaker.entity) for s in article.statements]
    assert [s.speaker.text for s in article.statements] == [
        "Prime Minister Kim Tae-song", "Foreign Minister Ri Son-gwon", "South Korean intelligence officials",
        "Reports from Seoul", "Kim", "he",
    ]  # fmt: skip
    kim = speakers[0]
    assert speakers[4] is kim and speakers[5] is kim, "a short name and a pronoun resolve to the full name"
    assert (kim.name, kim.type, kim.role.text) == ("Kim Tae-song", "PERSON", "Prime Minister")
    (relay,) = article.statements[1].reported_via
    assert (speakers[1].role.text, entities[relay.entity].role.text) == ("Foreign Minister", "state news agency")
    korea = speakers[2]
    assert (korea.name, korea.country) == ("South Korea", "KR"), "a country speaks through its officials"
    seoul = article.statements[3].speaker
    assert speakers[3].name is None and speakers[3].description.text == "Reports from Seoul"
    assert entities[seoul.affiliation] is korea, "reports from its capital are not its own, but of it"
    assert speakers[3].affiliation == korea.id
    assert {"South Korean", "Seoul"} <= {m.text for m in korea.mentions}, "demonym and capital-as-source"
    russia = next(e for e in article.entities if e.country == "RU")
    assert [m.text for m in russia.mentions] == ["Moscow"]


def test_every_span_is_evidence(article):
    text = article.text
    spans = [*article.quantities, *article.times]
    for statement in article.statements:
        spans += [statement.speaker, statement.cue, statement.content, *statement.reported_via, *statement.hedges]
    for entity in article.entities:
        spans += entity.mentions + ([entity.role] if entity.role else [])
    for quantity in article.quantities:
        spans += [quantity.qualifier] if quantity.qualifier else []
        fragments = (
            quantity.unit_fragments + quantity.counts_fragments + quantity.per_fragments + quantity.whose_fragments
        )
        assert all(text[start:end] for start, end in fragments)
    for span in spans:
        assert text[span.start : span.end] == span.text
