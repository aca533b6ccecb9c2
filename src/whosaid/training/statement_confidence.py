"""Fitting the statement confidence (whosaid.pipeline.statement_confidence) on PolNeAR dev.

Each outermost statement a profile gives on PolNeAR dev is labelled right or wrong by the
fact-checker's audit (whosaid.evaluation.audit.judge), and a logistic model is fitted on the
component's features. Dev, not train: the attribution models were trained on train, where
their answers are better than anywhere else, and a confidence fitted there would promise too
much. So that the figures reported are not the fit's own answers, they come from
cross-validation by article (each fold's statements scored by a model fitted on the other
folds); the weights shipped are fitted on all of dev.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from spacy.language import Language

from whosaid.corpora.polnear import read_split
from whosaid.evaluation.audit import AuditScores, Judgement, add_article, audited, judge, silver_of
from whosaid.inputs import ArticleInput
from whosaid.models import STATEMENT_CONFIDENCE_PATH
from whosaid.pipeline.article import article_from_doc
from whosaid.pipeline.profiles import docs_before_attribution
from whosaid.pipeline.statement_confidence import (
    FEATURES,
    SECOND_OPINION_FEATURES,
    WITHOUT_SECOND_OPINION,
    confidence,
    load_cue_priors,
    probability,
    statement_inputs,
)
from whosaid.processing.extraction import process
from whosaid.training.antecedents import RankingExample, fit

logger = logging.getLogger(__name__)
FOLDS = 5
# Reliability bands of the reported table: [low, high) of the confidence given.
BANDS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


@dataclass
class JudgedArticle:
    gold_count: int
    values: list[numpy.ndarray]  # one feature vector per audited statement
    judgements: list[Judgement]
    # per statement: a stance on a thing named, whose confidence the ceiling sets, not the model
    stances: list[bool] = field(default_factory=list)

    def is_stance(self, index: int) -> bool:
        return bool(self.stances) and self.stances[index]


def cue_priors(nlp: Language, polnear_dir: Path, limit: int | None = None, least: int = 2) -> dict[str, float]:
    """For each lemma that heads a gold cue in PolNeAR train at least `least` times: the share
    (smoothed) of its occurrences there that head one."""
    articles = list(itertools.islice(read_split(polnear_dir, "train"), limit))
    seen: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    for article, doc in zip(articles, docs_before_attribution(nlp, (a.text for a in articles), batch_size=32)):
        cue_heads = {
            span.root.i
            for attribution in article.attributions
            if attribution.cue is not None
            for start, end in attribution.cue.fragments
            if (span := doc.char_span(start, end, alignment_mode="expand")) is not None
        }
        for token in doc:
            if token.is_alpha:
                seen[token.lemma_.lower()] += 1
                heads[token.lemma_.lower()] += token.i in cue_heads
    return {
        lemma: round((count + 1) / (seen[lemma] + 2), 4) for lemma, count in sorted(heads.items()) if count >= least
    }


def judged_articles(
    nlp: Language,
    polnear_dir: Path,
    split: str = "dev",
    limit: int | None = None,
    priors: dict[str, float] | None = None,
) -> list[JudgedArticle]:
    """Each article's audited statements: the component's features and the audit's judgement."""
    priors = load_cue_priors() if priors is None else priors
    articles = list(itertools.islice(read_split(polnear_dir, split), limit))
    docs = process((ArticleInput(article.text) for article in articles), nlp, batch_size=16)
    judged = []
    for article, doc in zip(articles, docs):
        record = article_from_doc(doc, article.text)
        silver = silver_of(polnear_dir, split, article)
        found = {statement["id"]: (values, stance) for statement, values, stance in statement_inputs(doc, priors)}
        values, judgements, stances = [], [], []
        for statement in audited(record):
            values.append(found[statement.id][0])
            stances.append(found[statement.id][1])
            judgements.append(judge(statement, article.attributions, silver, record.text))
        judged.append(JudgedArticle(len(article.attributions), values, judgements, stances))
    return judged


# Features that may only lower a statement's confidence, whatever one dev split says: a speaker
# found inside a quotation is someone the quotation's speaker reports, weaker evidence than one
# the article names itself; a content across a paragraph break where no quotation goes on is one
# the rules could not cut (they cut most since session 48), so the few left say little.
NEVER_RAISING = frozenset({"speaker:quoted", "content:paragraphs"})


def _fit(articles: list[JudgedArticle], names: tuple[str, ...] = FEATURES) -> numpy.ndarray:
    """Weights for the features `names` (the statements' values, in that order)."""
    examples = [  # the stances' confidence is the ceiling's, so they teach the model nothing
        RankingExample(numpy.stack([values, numpy.zeros_like(values)]), numpy.array([j.right, not j.right]))
        for article in articles
        for i, (values, j) in enumerate(zip(article.values, article.judgements))
        if not article.is_stance(i)
    ]
    if examples and len(examples[0].features[0]) != len(names):
        raise ValueError(f"statements have {len(examples[0].features[0])} values for {len(names)} features")
    bounds = [(None, 0.0) if name in NEVER_RAISING else (None, None) for name in names]
    return fit(examples, bounds=bounds)


def cross_validated(
    articles: list[JudgedArticle], folds: int = FOLDS, names: tuple[str, ...] = FEATURES
) -> list[list[float]]:
    """Each audited statement's confidence from the model fitted without its article's fold."""
    confidences: list[list[float]] = [[] for _ in articles]
    for fold in range(folds):
        weights = _fit([article for i, article in enumerate(articles) if i % folds != fold], names)
        for i, article in enumerate(articles):
            if i % folds == fold:
                confidences[i] = [
                    confidence(probability(values, weights), article.is_stance(k))
                    for k, values in enumerate(article.values)
                ]
    return confidences


def reliability(articles: list[JudgedArticle], confidences: list[list[float]]) -> list[dict]:
    """For each band of confidence: how many statements were given in it, and how many were right."""
    pairs = [
        (confidence, judgement.right)
        for article, given in zip(articles, confidences)
        for confidence, judgement in zip(given, article.judgements)
    ]
    rows = []
    for low, high in BANDS:
        inside = [right for confidence, right in pairs if low <= confidence < high]
        rows.append({"band": f"{low:.1f}-{min(high, 1.0):.1f}", "given": len(inside), "right": sum(inside)})
    return rows


def audit_curve(articles: list[JudgedArticle], confidences: list[list[float]]) -> dict:
    scores = AuditScores()
    for article, given in zip(articles, confidences):
        add_article(scores, article.gold_count, list(zip(given, article.judgements)))
    return scores.as_dict()


def without_second_opinion(articles: list[JudgedArticle]) -> list[JudgedArticle]:
    """The articles with the second opinion's features off, as in a pipeline that has none."""
    off = [FEATURES.index(name) for name in SECOND_OPINION_FEATURES]

    def switched_off(values: numpy.ndarray) -> numpy.ndarray:
        values = values.copy()
        values[off] = 0.0
        return values

    return [
        JudgedArticle(
            article.gold_count, [switched_off(values) for values in article.values], article.judgements, article.stances
        )
        for article in articles
    ]


def _rounded(weights: numpy.ndarray) -> dict[str, float]:
    return {name: round(float(value), 4) for name, value in zip(FEATURES, weights)}


def _cross_validated_report(articles: list[JudgedArticle]) -> dict:
    confidences = cross_validated(articles)
    return {
        "folds": FOLDS,
        "reliability": reliability(articles, confidences),
        "audit": audit_curve(articles, confidences),
    }


def train_statement_confidence(
    nlp: Language, profile: str, data_dir: Path, output: Path, limit: int | None = None
) -> dict:
    """Fit `profile`'s weights on PolNeAR dev; write them into `output` (a statement_confidence.json:
    the one there, else a copy of the shipped one, so its other profiles are kept and it can be
    shipped as it is) with the cross-validated reliability and audit, and the cue priors from
    PolNeAR train; return that entry."""
    priors = cue_priors(nlp, data_dir / "polnear", limit)
    articles = judged_articles(nlp, data_dir / "polnear", "dev", limit, priors)
    statements = sum(len(article.judgements) for article in articles)
    logger.info("%d statements in %d dev articles", statements, len(articles))
    alone = without_second_opinion(articles)
    entry = {
        "fitted_on": "PolNeAR dev, outermost statements judged by `whosaid evaluate audit`",
        "statements": statements,
        "right": sum(j.right for article in articles for j in article.judgements),
        "weights": _rounded(_fit(articles)),
        WITHOUT_SECOND_OPINION: _rounded(_fit(alone)),
        "cross_validated": _cross_validated_report(articles),
        "cross_validated_without_second_opinion": _cross_validated_report(alone),
    }
    stored = json.loads((output if output.exists() else STATEMENT_CONFIDENCE_PATH).read_text(encoding="utf-8"))
    stored[profile] = entry
    stored["cue_priors"] = priors
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    return entry
