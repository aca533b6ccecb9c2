from whosaid.pipeline.epistemics import CUE_TYPES, cue_type, hedge_tokens, negation_token


def cue_and_content(nlp, text, cue_word, content_words):
    doc = nlp(text)
    cue = next(doc[t.i : t.i + 1] for t in doc if t.text == cue_word)
    start = next(t.i for t in doc if t.text == content_words[0])
    end = next(t.i for t in doc if t.text == content_words[-1]) + 1
    return cue, [doc[start:end]]


def test_cue_types_from_the_table():
    assert (cue_type("hail"), cue_type("thank"), cue_type("deny"), cue_type("estimate")) == (
        "praise",
        "thank",
        "deny",
        "estimate",
    )
    assert cue_type("Say") == "assert" and cue_type("zzz") is None
    assert all(kind == CUE_TYPES[lemma] for lemma, kind in CUE_TYPES.items())


def test_hedging_cue_and_hedge_words(nlp):
    cue, contents = cue_and_content(nlp, "Officials believe the dam was finished.", "believe", ["the", "finished"])
    assert [t.text for t in hedge_tokens(cue, contents)] == ["believe"]
    cue, contents = cue_and_content(nlp, "He said the dam may reportedly fail.", "said", ["the", "fail"])
    assert [t.text for t in hedge_tokens(cue, contents)] == ["may", "reportedly"]
    cue, contents = cue_and_content(nlp, "He said the dam opened in May.", "said", ["the", "May"])
    assert hedge_tokens(cue, contents) == [], "May the month is no modal"


def test_denial_and_negated_cue(nlp):
    cue, _ = cue_and_content(nlp, "She denied that the dam failed.", "denied", ["the", "failed"])
    assert negation_token(cue).text == "denied"
    doc = nlp("He did not say that the dam failed.")
    assert negation_token(doc[3:4]).text == "not"
    assert negation_token(nlp("He said so.")[1:2]) is None and negation_token(None) is None


def test_the_cue_type_table_gives_exactly_the_record_types():
    from typing import get_args

    from whosaid.record.model import CueType

    assert set(CUE_TYPES.values()) == set(get_args(CueType))
