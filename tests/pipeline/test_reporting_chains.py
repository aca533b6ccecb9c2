"""The reporting-chain matrix (tests/pipeline/chain_cases.py) through every profile: who said it,
according to whom, with which cue and content, sentence by sentence."""

import pytest

import whosaid

from .chain_cases import CASES

pytestmark = pytest.mark.slow

# Sentences in which the fast profile's attribution model finds no attribution at all: the
# chain rules have nothing to work on (a model's recall, not a chain's shape).
FAST_MODEL_MISSES = {
    "Tom Berg was quoted by Xinhua as saying the talks were useful.",
    "Tom Berg told the BBC in an interview that the dam was safe.",
}
# Sentences whose chain the fast profile gets right but for a span's edge: the comma after the
# speaker the relay is cut from (PolNeAR's sources keep it).
FAST_MODEL_EDGES = {
    "Tom Berg, quoted by the Orbe Agency, said the dam was safe.",
}


# Sentences the precise profile's model reads otherwise (issue 28's closing note): what it gives
# instead, so that each is seen, and each xfail turns into a failure the day it is fixed.
PRECISE_MODEL_READINGS = {
    "The minister said in a statement to Reuters that talks would resume.": 'its cue is "said" alone',
    "Tom Berg, quoted by the Orbe Agency, said the dam was safe.": "its source leaves out the comma after the name",
}


def statements_of(nlp, context: str, sentence: str) -> list[tuple]:
    text = f"{context}\n\n{sentence}" if context else sentence
    offset = len(text) - len(sentence)
    record = whosaid.extract(text, nlp=nlp)
    return [
        (s.speaker and s.speaker.text, [relay.text for relay in s.reported_via], s.cue and s.cue.text, s.content.text)
        for s in record.statements
        if (s.cue.start if s.cue else s.content.start) >= offset
    ]


def cases(profile: str):
    for context, sentence, expected in CASES:
        marks = []
        if profile == "fast" and sentence in FAST_MODEL_MISSES:
            marks = [pytest.mark.xfail(reason="the fast model finds no attribution here", strict=True)]
        elif profile == "fast" and sentence in FAST_MODEL_EDGES:
            marks = [pytest.mark.xfail(reason="the fast model's span ends one token off here", strict=True)]
        elif profile == "precise" and sentence in PRECISE_MODEL_READINGS:
            marks = [pytest.mark.xfail(reason=f"the precise model: {PRECISE_MODEL_READINGS[sentence]}", strict=True)]
        yield pytest.param(profile, context, sentence, expected, marks=marks, id=f"{profile}-{sentence[:60]}")


PROFILES = ("fast", "accurate", "precise")


@pytest.mark.parametrize(
    ("profile", "context", "sentence", "expected"), [case for profile in PROFILES for case in cases(profile)]
)
def test_chain(profile, context, sentence, expected):
    found = statements_of(whosaid.load(profile=profile), context, sentence)
    alternatives = expected if isinstance(expected, tuple) else (expected,)
    assert found in alternatives
