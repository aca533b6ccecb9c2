import pytest
import spacy
from spacy.tokens import Doc

from whosaid.lexicon.cues import CUE_WORDS
from whosaid.pipeline.epistemics import cue_type, hedge_tokens, negation_token


def cue_and_content(nlp, text, cue_word, content_words):
    doc = nlp(text)
    cue = next(doc[t.i : t.i + 1] for t in doc if t.text == cue_word)
    start = next(t.i for t in doc if t.text == content_words[0])
    end = next(t.i for t in doc if t.text == content_words[-1]) + 1
    return cue, [doc[start:end]]


def test_cue_types_from_the_table():
    kinds = [cue_type(lemma, CUE_WORDS) for lemma in ("hail", "thank", "deny", "estimate")]
    assert kinds == ["praise", "thank", "deny", "estimate"]
    assert cue_type("Say", CUE_WORDS) == "assert" and cue_type("zzz", CUE_WORDS) is None
    # each lemma in one list only: a type is never decided by the order of the lists
    assert len(CUE_WORDS.types) == sum(len(lemmas) for lemmas in CUE_WORDS.lemmas_by_type.values())


def test_cue_words_changed_through_the_config_give_types_hedges_and_negations():
    words = CUE_WORDS.changed(
        added={"assert": ["Quip"], "deny": ["gainsay"], "hedge_words": ["purported"]}, removed={"believe": ["feel"]}
    )
    assert (cue_type("quip", words), cue_type("quip", CUE_WORDS)) == ("assert", None)
    assert cue_type("feel", words) is None and "gainsay" in words.negating and "purported" in words.hedge_words
    moved = CUE_WORDS.changed(added={"assert": ["warn"]})  # a lemma added to a type leaves its own
    assert cue_type("warn", moved) == "assert" and "warn" not in moved.lemmas_by_type["warn"]
    doc = Doc(spacy.blank("en").vocab, words=["They", "gainsay", "it"], lemmas=["they", "gainsay", "it"])
    assert negation_token(doc[1:2], CUE_WORDS) is None and negation_token(doc[1:2], words).text == "gainsay"


@pytest.mark.parametrize(
    ("added", "message"),
    [
        ({"quips": ["quip"]}, "no cue word list named quips"),
        ({"assert": "quip"}, "a list of words"),
        ({"assert": ["quip"], "praise": ["quip"]}, "quip added to two"),
    ],
)
def test_a_wrong_change_of_cue_words_is_a_clear_error(added, message):
    with pytest.raises(ValueError, match=message):
        CUE_WORDS.changed(added=added)


def test_hedging_cue_and_hedge_words(nlp):
    cue, contents = cue_and_content(nlp, "Officials believe the dam was finished.", "believe", ["the", "finished"])
    assert [t.text for t in hedge_tokens(cue, contents, CUE_WORDS)] == ["believe"]
    cue, contents = cue_and_content(nlp, "He said the dam may reportedly fail.", "said", ["the", "fail"])
    assert [t.text for t in hedge_tokens(cue, contents, CUE_WORDS)] == ["may", "reportedly"]
    cue, contents = cue_and_content(nlp, "He said the dam opened in May.", "said", ["the", "May"])
    assert hedge_tokens(cue, contents, CUE_WORDS) == [], "May the month is no modal"
    cue, contents = cue_and_content(nlp, "He said 44 percent of likely voters backed her.", "said", ["44", "her"])
    assert hedge_tokens(cue, contents, CUE_WORDS) == [], "likely voters are a class a poll counts"
    cue, contents = cue_and_content(nlp, "He said she will likely win.", "said", ["she", "win"])
    assert [t.text for t in hedge_tokens(cue, contents, CUE_WORDS)] == ["likely"]


def test_denial_and_negated_cue(nlp):
    cue, _ = cue_and_content(nlp, "She denied that the dam failed.", "denied", ["the", "failed"])
    assert negation_token(cue, CUE_WORDS).text == "denied"
    doc = nlp("He did not say that the dam failed.")
    assert negation_token(doc[3:4], CUE_WORDS).text == "not"
    assert negation_token(nlp("He said so.")[1:2], CUE_WORDS) is None and negation_token(None, CUE_WORDS) is None


def test_the_cue_type_table_gives_exactly_the_record_types():
    from typing import get_args

    from whosaid.record.model import CueType

    assert set(CUE_WORDS.lemmas_by_type) == set(get_args(CueType))
