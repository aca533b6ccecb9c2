"""Which contents by one speaker report the same claim, on pairs written for it."""

import pytest

from whosaid.provenance.claims import MIN_WORDS, SHARED_TRIGRAMS, Content, claim_of, content_words, same_claim

from .claim_pairs import PAIRS


@pytest.mark.parametrize(("one", "other", "same"), PAIRS, ids=[pair[0][:40] for pair in PAIRS])
def test_pairs_written_for_the_threshold_are_told_apart(one, other, same):
    assert same_claim(Content.of(7, one), Content.of(7, other)) is same
    assert same_claim(Content.of(7, other), Content.of(7, one)) is same, "the order does not matter"


def test_the_threshold_lies_between_the_pairs_of_one_claim_and_the_others():
    shares = {same: [] for same in (True, False)}
    for one, other, same in PAIRS:
        a, b = Content.of(1, one), Content.of(1, other)
        shares[same].append(len(a.shingles & b.shingles) / min(len(a.shingles), len(b.shingles)))
    assert max(shares[False]) < SHARED_TRIGRAMS <= min(shares[True])


def test_another_speaker_or_a_short_content_joins_nothing():
    quote = '"The dam is safe and will hold through the winter"'
    assert not same_claim(Content.of(1, quote), Content.of(2, quote))
    short = "it is safe"
    assert len(content_words(short)) < MIN_WORDS
    assert not same_claim(Content.of(1, short), Content.of(1, short))


def test_a_content_joins_the_first_known_claim_it_reports():
    known = [(11, Content.of(1, '"We will rebuild every bridge by June"')),
             (12, Content.of(1, '"Prices will fall next year"'))]  # fmt: skip
    assert claim_of(Content.of(1, "prices will fall next year, she said"), known) == 12
    assert claim_of(Content.of(1, "the army would withdraw from the border"), known) is None


def test_words_fold_case_accents_and_apostrophes():
    assert content_words("“Señor Ruiz DON’T”") == ["senor", "ruiz", "don", "t"]


def test_each_quotation_of_a_content_is_a_part_and_short_fragments_join_none():
    from whosaid.provenance.claims import claim_parts

    text = '"The dam will hold through the winter," Ruiz said. "We have asked for engineers."'
    first, second = (0, 39), (51, 82)
    assert [text[s:e] for s, e in claim_parts(text, [list(first), list(second)])] == [
        '"The dam will hold through the winter,"',
        '"We have asked for engineers."',
    ]
    short = '"Not today," she said, "and I hope not at all."'
    assert claim_parts(short, [[0, 12], [23, 48]]) == [(23, 48)]
    assert claim_parts(short, [[0, 12]]) == [(0, 12)], "a content too short for any part is one part"
    assert claim_parts(short, []) == []
