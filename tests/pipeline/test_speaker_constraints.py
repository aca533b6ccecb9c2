"""Constraints no speaker resolution may break (issue 31), on sentences written for them."""

import pytest

import whosaid

pytestmark = pytest.mark.slow

INTERVIEW = """The guest, Mark Oden, runs a charity in Ohio. The anchor pressed him on his record.

"How many times must Senator Hale deny that group?" he asked.

"President Morel of Gabon never answered," he added."""


@pytest.mark.parametrize("profile", ["fast", "accurate", "precise"])
def test_a_speaker_pronoun_never_stands_for_a_name_inside_quotations(profile):
    record = whosaid.extract(INTERVIEW, nlp=whosaid.load(profile=profile))
    pronouns = [s.speaker for s in record.statements if s.speaker and s.speaker.text == "he"]
    assert len(pronouns) == 2
    for speaker in pronouns:
        assert speaker.name not in ("Hale", "Senator Hale", "Morel", "President Morel"), speaker


def test_a_name_outside_quotations_still_resolves_a_pronoun(nlp):
    text = 'Mayor Ana Ruiz met Senator Tom Hale on Monday. "We agreed on the budget," she said.'
    record = whosaid.extract(text, nlp=nlp)
    (statement,) = record.statements
    assert statement.speaker.name == "Ana Ruiz"


SPOKEN_OF = """Ana Ruiz spoke in Tampa on Monday, with Lena Holm beside her. "We will win," Ruiz said.

"They thought a speech from Ana Ruiz would do it. But it is not enough," she said."""


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_speaker_pronoun_is_not_whom_its_own_quotation_names_and_no_other_is_guessed(profile):
    record = whosaid.extract(SPOKEN_OF, nlp=whosaid.load(profile=profile))
    speaker = record.statements[-1].speaker
    assert speaker.text == "she"
    assert speaker.name is None, "Ruiz is spoken of; Holm is only a guess"
    assert record.statements[0].speaker.name == "Ana Ruiz"


REPLY = """Anchor Lisa Park interviewed the mayor, Tom Berg, on Sunday.

"Why did the city wait so long to close the bridge?" she asked.

"We followed the engineers' advice at every step. Nobody was ever in danger." """


@pytest.mark.parametrize("profile", ["fast", "accurate", "precise"])
def test_the_reply_to_a_question_is_not_the_askers(profile):
    record = whosaid.extract(REPLY, nlp=whosaid.load(profile=profile))
    question = next(s for s in record.statements if s.cue and s.cue.text == "asked")
    assert [REPLY[start:end] for start, end in question.content.fragments] == [
        '"Why did the city wait so long to close the bridge?"'
    ]
    reply_start = REPLY.index('"We followed')
    assert all(s.content.end <= reply_start for s in record.statements if s.speaker and s.speaker.text == "she")
