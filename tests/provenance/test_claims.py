"""Which contents by one speaker report the same claim, on pairs written for it."""

import pytest

from whosaid.provenance.claims import (
    MIN_WORDS,
    PARAPHRASE_SIMILARITY,
    SHARED_TRIGRAMS,
    SHARED_TRIGRAMS_IF_SHORT,
    SHORT_WORDS,
    ClaimIndex,
    Content,
    claim_of,
    content_words,
    could_be_same,
    figures,
    move_apart,
    names_differ,
    paraphrases,
    quotes_words_of,
    same_claim,
)
from whosaid.provenance.sentences import cosine

from .claim_pairs import PAIRS, PARAPHRASES


def _cosine(one: str, other: str) -> float:
    """The cosine that `paraphrases` compares, of two contents' embeddings."""
    return cosine(Content.of(1, one).embedding, Content.of(1, other).embedding)


@pytest.mark.parametrize(("one", "other", "same"), PAIRS, ids=[pair[0][:40] for pair in PAIRS])
def test_pairs_written_for_the_threshold_are_told_apart(one, other, same):
    assert same_claim(Content.of(7, one), Content.of(7, other)) is same
    assert same_claim(Content.of(7, other), Content.of(7, one)) is same, "the order does not matter"


def test_the_thresholds_lie_between_the_pairs_of_one_claim_and_the_others():
    shares = {(same, short): [] for same in (True, False) for short in (True, False)}
    for one, other, same in PAIRS:
        a, b = Content.of(1, one), Content.of(1, other)
        # contents joined on the words one quotes from the other, or kept apart by their names or
        # by figures moving apart, are not decided by the share
        decided = quotes_words_of(a, b) or quotes_words_of(b, a) or names_differ(a, b) or move_apart(a, b)
        if min(a.words, b.words) >= MIN_WORDS and not decided:
            shared = len(a.shingles & b.shingles) / min(len(a.shingles), len(b.shingles))
            shares[(same, min(a.words, b.words) < SHORT_WORDS)].append(shared)
    assert max(shares[(False, False)]) < SHARED_TRIGRAMS <= min(shares[(True, False)])
    assert max(shares[(False, True)], default=0) < SHARED_TRIGRAMS_IF_SHORT <= min(shares[(True, True)])


@pytest.mark.parametrize(
    ("one", "other"),
    [pair[:2] for pair in PARAPHRASES if not pair[2]],
    ids=[p[1][:40] for p in PARAPHRASES if not p[2]],
)
def test_different_claims_that_give_one_figure_are_no_paraphrases(one, other):
    a, b = Content.of(7, one), Content.of(7, other)
    assert a.figures & b.figures, "the pair gives one figure"
    if move_apart(a, b):
        assert not same_claim(a, b) and not same_claim(b, a)
    else:
        assert not paraphrases(a, b) and not paraphrases(b, a)


def test_the_paraphrase_threshold_is_the_lowest_that_joins_no_different_claims():
    cosines = {same: [] for same in (True, False)}
    for one, other, same in PARAPHRASES:
        if not move_apart(Content.of(1, one), Content.of(1, other)):
            cosines[same].append(_cosine(one, other))
    assert (len(cosines[True]), len(cosines[False])) == (27, 26), "pairs whose figures move one way"
    # chosen to two decimals just above the closest pair of different claims
    assert max(cosines[False]) < PARAPHRASE_SIMILARITY <= max(cosines[False]) + 0.01
    joined = [one for one, other, same in PARAPHRASES if same and same_claim(Content.of(1, one), Content.of(1, other))]
    reaching = [one for one, other, same in PARAPHRASES if same and _cosine(one, other) >= PARAPHRASE_SIMILARITY]
    assert len(reaching) == 5 and len(joined) == 4, "one paraphrase that reaches it denies where the other does not"


def test_a_paraphrase_joins_only_on_a_figure_both_give():
    destroyed, burned = "The fire destroyed 120 homes in the valley", "around 120 houses had burned down in the valley"
    assert same_claim(Content.of(1, destroyed), Content.of(1, burned))
    assert not same_claim(Content.of(1, destroyed), Content.of(2, burned)), "another speaker"
    # as close in meaning, but no figure, or not the same one: left apart
    for other_figure in (
        "around 130 houses had burned down in the valley",
        "many houses had burned down in the valley",
    ):
        assert _cosine(destroyed, other_figure) >= PARAPHRASE_SIMILARITY
        assert not same_claim(Content.of(1, destroyed), Content.of(1, other_figure))


def test_figures_are_whole_numbers_in_digits_with_their_scale():
    assert figures("5,000 engineers and 5000 more") == {"5000"}
    assert figures("$1.2 million in 2016, up 2.4 percent from 300") == {"1200000", "2.4", "300"}
    assert figures("$3 billion, 17 of them, in the 1990s") == {"3000000000", "17"}
    assert figures("$1.2bn, £40m and 1.2million") == {"1200000000", "40000000", "1200000"}
    assert figures("2000 jobs, 1,900 people") == {"2000", "1900"}, "a year only where it reads as one"
    assert figures("rose 4.5. Then 4.5%") == {"4.5"}


@pytest.mark.parametrize(
    "text", ["no figure at all, five or six", "at 10:30 or 10:00", "in 2016-17", "COVID-19 and the F-35", "9/11",
             "call 555-1234", "3-5 days", "-5 degrees", "in 2016", "since March 2016", "on March 12", "2 trains",
             "the 21st time"],
)  # fmt: skip
def test_times_dates_years_codes_ranges_and_small_numbers_are_no_figures_to_join_on(text):
    assert figures(text) == frozenset()


def test_the_index_finds_a_paraphrase_by_the_figure_it_shares():
    index = ClaimIndex()
    index.add("hurt", Content.of(1, "42 people were hurt when the two trains collided"))
    index.add("other", Content.of(1, "the line will reopen in June after repairs to the track"))
    injured = Content.of(1, "the crash of the two trains had injured 42 passengers")
    assert [claim for claim, _ in index.candidates(injured)] == ["hurt"]
    assert claim_of(injured, index.candidates(injured)) == "hurt"


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


def test_each_quotation_of_a_content_is_a_part_and_other_contents_are_one():
    from whosaid.provenance.claims import claim_parts

    text = '"The dam will hold through the winter," Ruiz said. "We have asked for more engineers."'
    assert [words for _, _, words in claim_parts(text, [[0, 39], [51, 87]])] == [
        '"The dam will hold through the winter,"',
        '"We have asked for more engineers."',
    ]
    short = '"Not today," she said, "and I hope not at all."'
    assert claim_parts(short, [[0, 12], [23, 48]]) == [(0, 48, '"Not today," "and I hope not at all."')]
    indirect = "the dam, she said, would hold through the winter"
    assert claim_parts(indirect, [[0, 7], [19, 48]]) == [(0, 48, "the dam would hold through the winter")]
    assert claim_parts(short, []) == []


def test_a_statement_and_one_nested_in_its_content_are_not_one_claim():
    outer = Content.of(1, "that Lee said the dam would hold through the winter", ("a1", 10, 60))
    inner = Content.of(1, "the dam would hold through the winter", ("a1", 24, 60))
    assert not same_claim(outer, inner)
    assert same_claim(outer, Content.of(1, "the dam would hold through the winter", ("a2", 24, 60)))


def test_a_short_phrase_inside_a_long_content_is_no_excerpt_unless_it_is_quoted():
    long_one = "he thanked his family and his campaign manager, Corey Lewandowski, for a hard year in the primaries"
    other = "he had fired his campaign manager, Corey Lewandowski, after the losses in Wisconsin"
    assert not same_claim(Content.of(1, "his campaign manager, Corey Lewandowski"), Content.of(1, long_one))
    assert not same_claim(Content.of(1, long_one), Content.of(1, other))
    said = "The cracks are in the spillway and the gates, not in the wall itself, and they will be fixed"
    assert same_claim(Content.of(1, '"not in the wall itself"'), Content.of(1, said)), "words quoted as said"
    assert not same_claim(Content.of(2, '"not in the wall itself"'), Content.of(1, said)), "by another speaker"
    assert not same_claim(Content.of(1, "not in the wall itself"), Content.of(1, said))


def test_the_index_compares_only_what_could_be_one_claim_and_answers_as_comparing_all():
    contents = [Content.of(7, text) for pair in PAIRS + PARAPHRASES for text in pair[:2]]
    for one in contents:
        for other in contents:
            shared = len(one.shingles & other.shingles)
            if same_claim(one, other) and not one.figures & other.figures:
                assert could_be_same(shared, one.sizes, other.sizes), (one, other)
    index, compared_all = ClaimIndex(), []
    for number, content in enumerate(contents):
        by_index = claim_of(content, index.candidates(content))
        assert by_index == claim_of(content, compared_all)
        if by_index is None:
            index.add(number, content)
            compared_all.append((number, content))
    assert 0 < len(compared_all) < len(contents), "some contents joined a claim, others founded one"
    assert index.candidates(Content.of(8, PAIRS[0][0])) == [], "another speaker's claims are not candidates"


def test_a_paraphrase_neither_moves_its_figure_the_other_way_nor_denies_it():
    hire = Content.of(1, "The carmaker will hire 1,200 workers at its plant next year")
    assert same_claim(hire, Content.of(1, "The carmaker will recruit 1,200 workers at its plant next year"))
    for other in ("The carmaker will axe 1,200 jobs at its plant next year",
                  "The carmaker will lay off 1,200 workers at its plant next year"):  # fmt: skip
        assert move_apart(hire, Content.of(1, other)) and not same_claim(hire, Content.of(1, other))
    taken_on = Content.of(1, "The carmaker will take on 1,200 workers at its plant next year")
    assert not same_claim(taken_on, Content.of(1, "The carmaker will lay off 1,200 workers at its plant next year"))
    vaccinated = Content.of(1, "We have vaccinated 80,000 children since January")
    denied = Content.of(1, "80,000 children in the north have not been vaccinated")
    assert vaccinated.figures & denied.figures and denied.negated != vaccinated.negated
    assert not paraphrases(vaccinated, denied)
