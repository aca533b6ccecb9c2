"""Constraints on contents and speakers (issue 31) through the shipped pipeline, on sentences
written for them: a content holds one speaker's words, not the next quotation's nor a report set
against it, and what is said of someone is not said by them."""

import pytest

import whosaid


def _statements(nlp, text):
    record = whosaid.extract(text, nlp=nlp)
    return [(s.speaker and s.speaker.text, s.cue and s.cue.text, s.content.text) for s in record.statements]


def test_a_quotation_with_its_own_cue_after_an_indirect_report_is_that_cue_s(nlp):
    text = (
        'Sunita Rao, who chairs the Harbourside Business Association, said shops were "already fighting for '
        'every customer." "Every extra cent on parking sends people to the out-of-town retail park," she said.'
    )
    statements = _statements(nlp, text)
    assert ("she", "said", '"Every extra cent on parking sends people to the out-of-town retail park,"') in statements
    assert not any("Every extra cent" in content for speaker, _, content in statements if speaker != "she")


@pytest.mark.parametrize(
    "text",
    [
        "Salcedo said that 187 people had died, while the ministry put the toll at 163.",
        "Salcedo told local radio that 187 people had died, while the Health Ministry estimated the toll at 163.",
    ],
)
def test_a_report_set_against_the_content_with_while_is_none_of_its_words(nlp, text):
    [salcedo] = [s for s in _statements(nlp, text) if s[0] == "Salcedo"]
    assert "187 people had died" in salcedo[2] and "163" not in salcedo[2]


def test_a_quotation_before_quoted_by_as_saying_is_what_was_said_not_the_words_after_saying(nlp):
    text = (
        '"Our peoples have waited too long for this day," Revic was quoted by the Kestrian state news agency KNA '
        'as saying after the meeting. "Kestria is ready to turn words into roads, rails and pipelines."'
    )
    [statement] = [s for s in whosaid.extract(text, nlp=nlp).statements if s.speaker and s.speaker.text == "Revic"]
    said = [text[start:end] for start, end in statement.content.fragments]
    assert said[0] == '"Our peoples have waited too long for this day,"'
    assert not any("after the meeting" in piece for piece in said)
    assert [relay.text.removesuffix(" KNA") for relay in statement.reported_via] == ["the Kestrian state news agency"]


@pytest.mark.parametrize(
    "text",
    [
        "Revic, who served as Kestria's ambassador to Valdoria, is expected to travel on Tuesday to the border.",
        "He is said to have left the country.",
    ],
)
def test_the_subject_of_a_passive_of_saying_or_believing_is_not_who_says_it(nlp, text):
    statements = whosaid.extract(text, nlp=nlp).statements
    assert statements and all(s.speaker is None for s in statements)


def test_a_quotation_said_in_a_language_and_relayed_is_what_was_said(nlp):
    text = (
        'Prime Minister Ingrid Vaszary-Holm struck a warmer tone. "Today, neighbours became partners again," she '
        "said in French, according to an official translation."
    )
    record = whosaid.extract(text, nlp=nlp)
    said = next(s for s in record.statements if s.cue and s.cue.text == "said")
    assert said.content.text == '"Today, neighbours became partners again,"'
    assert [relay.text for relay in said.reported_via] == ["an official translation"]
