"""Whatever the quotation marks, extraction gives a valid record and never raises."""

import pytest

from whosaid import extract

pytestmark = pytest.mark.slow

PATHOLOGICAL = {
    "odd straight quotes": 'He said "yes and "no and "maybe.',
    "curly and straight mixed": '“We agreed," she said, "and we’ll build it.”',
    "quotes within quotes": "“She told me ‘we agreed’ and “left”,” he said.",
    "quote left open to the end": "The minister said: “We will stay.\n\nWe will not leave",
    "ten thousand marks": '" ' * 10_000,
    "closing marks only": "” ” ” he said ”",
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_valid_record_for_pathological_quotes(nlp, text):
    article = extract(text, published="2026-03-12", nlp=nlp)
    assert article.text == text
    for statement in article.statements:
        for part in (statement.speaker, statement.cue, statement.content, *statement.reported_via):
            if part is not None:
                assert text[part.start : part.end] == part.text
        assert all(0 <= start < end <= len(text) for start, end in statement.content.fragments)
    for quantity in article.quantities:
        assert text[quantity.start : quantity.end] == quantity.text
