"""The fact-checker's audit: a statement is right in content, speaker and relays, or it is not."""

import pytest

import whosaid
from whosaid.evaluation.audit import AuditScores, audit_article
from whosaid.record.fragments import FragmentAttribution, FragmentSpan

pytestmark = pytest.mark.slow

TEXT = 'Mayor Ana Ruiz opened the bridge on Monday. "It is safe," she said.'


def span(text: str, words: str) -> FragmentSpan:
    start = text.index(words)
    return FragmentSpan(((start, start + len(words)),))


def audited(gold, silver=None):
    record = whosaid.extract(TEXT, nlp=whosaid.load())
    scores = AuditScores()
    audit_article(record, gold, silver or {}, scores)
    return scores.as_dict()["by_threshold"]["0.0"]


def test_a_statement_matching_the_gold_with_its_speaker_resolved_right_is_right():
    gold = [FragmentAttribution(span(TEXT, "she"), span(TEXT, "said"), span(TEXT, '"It is safe,"'))]
    row = audited(gold, {(TEXT.index("she"), TEXT.index("she") + 3): "Ana Ruiz"})
    assert row == {"given": 1, "precision": 100.0, "speaker_right": 100.0, "recall": 100.0}


def test_a_pronoun_given_to_another_name_than_the_chain_is_wrong():
    gold = [FragmentAttribution(span(TEXT, "she"), span(TEXT, "said"), span(TEXT, '"It is safe,"'))]
    row = audited(gold, {(TEXT.index("she"), TEXT.index("she") + 3): "Lena Holm"})
    assert row == {"given": 1, "precision": 0.0, "speaker_right": 0.0, "recall": 0.0}


def test_a_statement_matching_no_gold_content_is_wrong_and_gold_left_unfound_lowers_recall():
    gold = [
        FragmentAttribution(span(TEXT, "Mayor Ana Ruiz"), span(TEXT, "opened"), span(TEXT, "the bridge on Monday")),
    ]
    row = audited(gold)
    assert row["precision"] == 0.0 and row["recall"] == 0.0 and row["given"] == 1
