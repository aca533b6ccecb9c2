"""The reporting-chain matrix (tests/pipeline/chain_cases.py) through every profile: who said it,
according to whom, with which cue and content, sentence by sentence."""

import pytest

import whosaid

from .chain_cases import CASES

pytestmark = pytest.mark.slow

# Sentences a profile's attribution model reads otherwise than the matrix wants, with what it
# gives instead: each is seen, and each strict xfail turns into a failure the day it is mended.
MODEL_READINGS: dict[str, dict[str, str]] = {}


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
        reading = MODEL_READINGS.get(profile, {}).get(sentence)
        marks = [pytest.mark.xfail(reason=f"the {profile} model: {reading}", strict=True)] if reading else []
        yield pytest.param(profile, context, sentence, expected, marks=marks, id=f"{profile}-{sentence[:60]}")


PROFILES = ("fast", "accurate", "precise")


@pytest.mark.parametrize(
    ("profile", "context", "sentence", "expected"), [case for profile in PROFILES for case in cases(profile)]
)
def test_chain(profile, context, sentence, expected):
    found = statements_of(whosaid.load(profile=profile), context, sentence)
    alternatives = expected if isinstance(expected, tuple) else (expected,)
    assert found in alternatives
