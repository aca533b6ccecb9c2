import json

import numpy
import pytest

import whosaid
from whosaid.evaluation.audit import Judgement
from whosaid.models import STATEMENT_CONFIDENCE_PATH
from whosaid.pipeline.attribution_spans import CONTENT, statements_in
from whosaid.pipeline.extensions import STATEMENTS
from whosaid.pipeline.profile_options import DEFAULT_PROFILE
from whosaid.pipeline.statement_confidence import (
    FEATURES,
    PROFILES,
    STANCE_CEILING,
    StatementConfidence,
    load_cue_priors,
    load_weights,
    names_a_thing_only,
    probability,
    second_opinion,
    statement_features,
)
from whosaid.pipeline.text import quotations
from whosaid.record.model import SHOWN_CONFIDENCE
from whosaid.training import statement_confidence as training
from whosaid.training.statement_confidence import JudgedArticle, cross_validated, reliability


def _features_of(doc):
    return [values for _, values in statement_features(doc, load_cue_priors())]


def _with(values, **changes):
    changed = values.copy()
    for name, value in changes.items():
        changed[FEATURES.index(name.replace("__", ":"))] = value
    return changed


def test_every_profile_ships_weights_fitted_on_dev():
    stored = json.loads(STATEMENT_CONFIDENCE_PATH.read_text(encoding="utf-8"))
    for profile in PROFILES:
        assert load_weights(profile).shape == (len(FEATURES),) and load_weights(profile).any()
        assert set(stored[profile]["weights"]) == set(FEATURES), "refit after changing FEATURES"
        without = stored[profile]["weights_without_second_opinion"]
        assert set(without) == set(FEATURES) and not any(
            without[name] for name in FEATURES if name.startswith("second:")
        )


def test_features_read_the_speaker_the_cue_and_the_content(nlp):
    doc = nlp('"We will open the dam in June," Minister Ana Ruiz said on Tuesday.')
    (values,) = _features_of(doc)
    on = {FEATURES[i] for i in values.nonzero()[0]}
    assert {"speaker:named", "speaker:resolved", "kind:direct", "cue:verb", "cue:say", "content:clause"} <= on
    assert not on & {"speaker:none", "speaker:pronoun", "speaker:quoted", "cue:none", "content:paragraphs", "cue:rare"}
    assert values[FEATURES.index("cue:prior")] > 0, '"said" heads a cue far more often than not in PolNeAR train'


def test_cue_priors_say_how_often_a_word_is_a_cue():
    priors = load_cue_priors()
    assert priors["say"] > 0.7 and priors["accord"] > 0.7
    assert priors["say"] > priors["show"] > priors["have"]
    assert "the" not in priors and "dam" not in priors


@pytest.mark.parametrize("profile", PROFILES)
def test_a_statement_is_surer_with_a_named_speaker_than_with_none_or_one_inside_a_quotation(profile):
    weights = load_weights(profile)
    base = numpy.zeros(len(FEATURES))
    named = _with(base, bias=1, attribution=0.9, speaker__named=1, speaker__resolved=1, speaker__confidence=0.95,
                  kind__direct=1, cue__verb=1, cue__say=1, content__clause=1)  # fmt: skip
    without = _with(named, speaker__named=0, speaker__resolved=0, speaker__confidence=0, speaker__none=1)
    quoted = _with(named, speaker__quoted=1)
    across = _with(named, content__paragraphs=1)
    assert probability(named, weights) > probability(without, weights)
    # a speaker inside a quotation, or a content across a paragraph break where no quotation goes
    # on, never raises it (the fit's bound), and lowers it in the default profile; fast's dev
    # statements hold too few such speakers to say (15, 14 right, session 41), and since session
    # 48's rules cut such contents at the break, the few left in the precise profile's say nothing
    assert probability(named, weights) >= probability(quoted, weights)
    assert probability(named, weights) >= probability(across, weights)
    if profile == DEFAULT_PROFILE:
        assert probability(named, weights) > probability(quoted, weights)
        assert probability(named, weights) > probability(across, weights)


def test_the_fit_keeps_a_never_raising_feature_from_raising_confidence_whatever_the_data():
    quoted = FEATURES.index("speaker:quoted")
    values = [_with(numpy.zeros(len(FEATURES)), bias=1, speaker__quoted=flag) for flag in (1, 1, 1, 0, 0, 0)]
    rights = [True, True, True, True, False, False]  # every statement with a quoted speaker right
    articles = [JudgedArticle(1, [v], [Judgement(0 if r else None, r, r)]) for v, r in zip(values, rights)]
    assert training._fit(articles)[quoted] <= 0.0
    assert {"speaker:quoted", "content:paragraphs"} <= training.NEVER_RAISING


def test_the_component_sets_each_statements_calibrated_confidence(nlp):
    doc = nlp('"We will open the dam in June," Minister Ana Ruiz said on Tuesday. Some say it may be late.')
    weights = load_weights(DEFAULT_PROFILE.value)
    for statement, values in zip(doc._.get(STATEMENTS), _features_of(doc)):
        assert statement["confidence"] == probability(values, weights)
    assert nlp.get_pipe("statement_confidence").profile == DEFAULT_PROFILE.value
    assert whosaid.load(profile="fast").get_pipe("statement_confidence").profile == "fast"


def test_an_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="profile"):
        StatementConfidence("statement_confidence", "thorough")


def _judged(rights: list[bool], signal: float) -> JudgedArticle:
    """An article whose statements' one feature (besides the bias) says whether they are right."""
    values = [numpy.array([1.0, signal if right else -signal]) for right in rights]
    return JudgedArticle(len(rights), values, [Judgement(0 if right else None, right, right) for right in rights])


def test_cross_validation_scores_each_article_with_a_model_fitted_without_it():
    articles = [_judged([True, False, True, False], 2.0) for _ in range(10)]
    confidences = cross_validated(articles, folds=5, names=("bias", "signal"))
    for article, given in zip(articles, confidences):
        assert len(given) == len(article.judgements)
        for confidence, judgement in zip(given, article.judgements):
            assert (confidence > 0.5) == judgement.right
    bands = reliability(articles, confidences)
    assert sum(band["given"] for band in bands) == 40 and sum(band["right"] for band in bands) == 20


def test_stances_are_left_out_of_the_fit_and_held_under_the_ceiling_in_cross_validation():
    plain = [_judged([True, False, True, False], 2.0) for _ in range(10)]
    # the same articles with a stance that is right and looks sure: it may not move the model
    stance = numpy.array([1.0, 2.0])
    with_stances = [
        JudgedArticle(
            a.gold_count + 1, [*a.values, stance], [*a.judgements, Judgement(0, True, True)], [False] * 4 + [True]
        )
        for a in plain
    ]
    assert numpy.allclose(training._fit(with_stances, ("bias", "signal")), training._fit(plain, ("bias", "signal")))
    for given in cross_validated(with_stances, folds=5, names=("bias", "signal")):
        assert given[-1] == STANCE_CEILING and all(c > 0.5 for c in given[:-1:2])


def test_a_second_opinion_gives_the_same_statement_another_speaker_or_none(blank_nlp):
    from whosaid.pipeline.attribution_spans import CONTENT, CUE, SOURCE, VIA

    doc = blank_nlp("Ana Ruiz said the dam will open in June . Officials said it was late .")

    def roles(source, cue, content):
        return {
            SOURCE: [doc[slice(*source)]] if source else [],
            CUE: [doc[slice(*cue)]],
            CONTENT: [doc[slice(*content)]],
            VIA: [],
        }

    ours = roles((0, 2), (2, 3), (3, 9))
    assert second_opinion(ours, {"a1": roles((1, 2), (2, 3), (3, 8))}) == "same", "5 of 6 words, and Ruiz"
    assert second_opinion(ours, {"a1": roles((10, 11), (2, 3), (3, 9))}) == "other_speaker"
    assert second_opinion(ours, {"a1": roles((10, 11), (11, 12), (12, 15))}) == "missing"
    assert second_opinion(ours, {"a1": roles((0, 2), (2, 3), (3, 5))}) == "missing", "2 of 6 words: not half"
    assert second_opinion(ours, {"a1": roles((0, 2), (2, 3), (3, 16))}) == "missing", "6 of its 13: not half"
    assert second_opinion(ours, {}) == "missing"
    unsourced = roles(None, (2, 3), (3, 9))
    assert second_opinion(unsourced, {"a1": roles(None, (2, 3), (3, 9))}) == "same"
    # one of several: the same wins over another speaker
    assert second_opinion(ours, {"a1": roles((10, 11), (2, 3), (3, 9)), "a2": roles((0, 1), (2, 3), (3, 9))}) == "same"


def test_without_a_second_opinion_its_features_are_off():
    fast = whosaid.load(profile="fast")
    (values,) = _features_of(fast('"We will open the dam in June," Minister Ana Ruiz said on Tuesday.'))
    assert not values[[FEATURES.index(name) for name in FEATURES if name.startswith("second:")]].any()


def test_the_accurate_profile_reads_its_second_opinion(nlp):
    (values,) = _features_of(nlp('"We will open the dam in June," Minister Ana Ruiz said on Tuesday.'))
    assert values[FEATURES.index("second:same")] == 1


@pytest.mark.parametrize(
    ("text", "content", "stance"),
    [
        ("Local councillor Priya Nair criticised the closure of the police station.", "the closure", True),
        ("Councillor James Whitlock, the mayor's deputy, rejected that argument.", "that argument", True),
        ("Pellew showed Achebe the damaged cabinets on Wednesday morning.", "Achebe", True),
        ("She criticised the plan proposed by the council.", "the plan", True),
        ("According to Gregory Tan, a meteorologist, the gusts will continue through Thursday.", "through", True),
        # a clause, a predicate, a role, a quotation: more than a thing named
        ("He rejected claims that he had lied.", "claims that", False),
        ("The Trump campaign called the charges unsubstantiated.", "the charges", False),
        ("The mayor hailed the volunteers as brave.", "the volunteers", False),
        ('The minister thanked Kyiv for "skilled engineers".', "Kyiv", False),
        ("The union said it would strike on Monday.", "it would strike", False),
        # verbs whose object is what was said
        ("Senator Lee called for an independent inquiry.", "an independent inquiry", False),
        ("The company denied the allegations.", "the allegations", False),
    ],
)
def test_a_stance_on_a_thing_named_is_no_statement_shown_by_default(nlp, text, content, stance):
    doc = nlp(text)
    grouped = statements_in(doc)
    [statement] = [
        s
        for s in doc._.get(STATEMENTS)
        if any(span.text.startswith(content) for span in grouped[s["attribution"]][CONTENT])
    ]
    assert names_a_thing_only(grouped[statement["attribution"]], quotations(doc)) == stance
    if stance:
        assert statement["confidence"] <= STANCE_CEILING < SHOWN_CONFIDENCE
