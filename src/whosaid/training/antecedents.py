"""Train the mention ranker that resolves pronoun speakers (whosaid.pipeline.antecedents)
into models/antecedents.json.

Examples come from the resolver itself, run as at inference: each pronoun it is asked
about gives its candidates' features and which of them are right; the resolution goes on
with the right answer (teacher forcing).

- GUM train (gold): every third-person pronoun whose gold entity was named before it (as
  `whosaid evaluate entities` asks them); a candidate is right when its name matches one
  of that entity's names or its Wikipedia name.
- PolNeAR train (silver): the gold Source spans, resolved together; a pronoun is
  labelled with the proper name of its CoreNLP chain, when it has one.

Descriptions are resolved by a rule (named_by_head) here as at inference.

"None" is right when no candidate is. The model is a conditional logit (softmax over a
mention's candidates), fitted by L-BFGS with an L2 penalty.

Then the speaker confidence (whosaid.pipeline.speaker_confidence): the same documents are
resolved with the fitted ranker, as at inference, and each labelled span resolved to an
entity (a pronoun, a description, or on PolNeAR a named source) is an example, right or
not; a logistic model on how it was chosen is fitted the same way (a choice between the
answer and a zero-scored alternative is a logistic regression).
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy
from scipy.optimize import minimize
from spacy.language import Language
from spacy.tokens import Doc, Span

from whosaid.corpora.gum import read_split as read_gum
from whosaid.evaluation.entities import asked_mentions, names_of_chain
from whosaid.evaluation.speakers import same_name, silver_sources
from whosaid.lexicon.sources import SourceWords
from whosaid.pipeline import speaker_confidence
from whosaid.pipeline.antecedents import (
    FEATURES,
    Choice,
    ResolverState,
    candidates,
    choose,
    load_weights,
    mention_kind,
)
from whosaid.pipeline.entities import entity_resolver
from whosaid.pipeline.entity_resolution import resolve
from whosaid.pipeline.profiles import docs_before_attribution

logger = logging.getLogger(__name__)

L2 = 1.0


@dataclass
class RankingExample:
    features: numpy.ndarray  # (candidates, FEATURES), "none" first
    right: numpy.ndarray  # (candidates,) bool


@dataclass
class LabelledDocument:
    """A parsed text, the spans to resolve, and the right names of those that are labelled."""

    doc: Doc
    spans: list[Span]
    names: dict[tuple[int, int], list[str]]  # (start token, end token) -> right names


def _labelling_chooser(
    names: dict[tuple[int, int], list[str]], examples: list[RankingExample]
) -> Callable[[ResolverState, Span], Choice | None]:
    """A chooser that records each labelled mention's candidates and which are right, and
    answers right (teacher forcing)."""

    def label(state: ResolverState, span: Span) -> Choice | None:
        kind = mention_kind(span)
        if kind == "description":
            return choose(state, span)  # a rule, not learned
        right_names = names.get((span.start, span.end))
        if kind is None or not right_names:
            return None
        options = candidates(state, span, kind)
        right = numpy.array(
            [option.index is not None and any(same_name(state.clusters[option.index].name, n) for n in right_names)
             for option in options]
        )  # fmt: skip
        if not right.any():
            right[0] = True
        if len(options) > 1:
            examples.append(RankingExample(numpy.stack([option.features for option in options]), right))
        index = next((option.index for option, ok in zip(options, right) if ok and option.index is not None), None)
        return Choice(index, kind)

    return label


def examples_of(documents: list[LabelledDocument], source_words: SourceWords) -> list[RankingExample]:
    examples: list[RankingExample] = []
    for document in documents:
        resolve(document.doc, document.spans, _labelling_chooser(document.names, examples), source_words=source_words)
    return examples


def gum_documents(
    nlp: Language, gum_dir: Path, split: str = "train", limit: int | None = None
) -> list[LabelledDocument]:
    labelled = []
    documents = list(itertools.islice(read_gum(gum_dir, split), limit))
    for document, doc in zip(documents, docs_before_attribution(nlp, (d.text for d in documents))):
        chains = document.chains()
        names = {}
        spans = []
        for entity, mention in asked_mentions(chains):
            span = mention.span_in(doc)
            if span is not None:
                names[(span.start, span.end)] = names_of_chain(chains[entity])
                spans.append(span)
        labelled.append(LabelledDocument(doc, spans, names))
    return labelled


def polnear_documents(
    nlp: Language, polnear_dir: Path, split: str = "train", limit: int | None = None
) -> list[LabelledDocument]:
    labelled = []
    for doc, sources, silver in silver_sources(nlp, polnear_dir, split, limit):
        names = {
            (span.start, span.end): [name] for span in sources if (name := silver.get((span.start_char, span.end_char)))
        }
        labelled.append(LabelledDocument(doc, sources, names))
    return labelled


def fit(
    examples: list[RankingExample], l2: float = L2, bounds: list[tuple[float | None, float | None]] | None = None
) -> numpy.ndarray:
    """Weights maximising the probability of the right candidates, less an L2 penalty, each within
    its (low, high) `bounds` where given (None: unbounded)."""
    matrices = [example.features.astype("float64") for example in examples]
    rights = [example.right for example in examples]

    def loss_and_gradient(weights: numpy.ndarray) -> tuple[float, numpy.ndarray]:
        loss, gradient = 0.5 * l2 * weights @ weights, l2 * weights
        for features, right in zip(matrices, rights):
            scores = features @ weights
            scores -= scores.max()
            probs = numpy.exp(scores)
            probs /= probs.sum()
            mass = probs[right].sum()
            loss -= numpy.log(max(mass, 1e-12))
            target = numpy.where(right, probs, 0.0) / max(mass, 1e-12)
            gradient = gradient + features.T @ (probs - target)
        return loss, gradient

    result = minimize(loss_and_gradient, numpy.zeros(matrices[0].shape[1]), jac=True, method="L-BFGS-B", bounds=bounds)
    return result.x


def accuracy(weights: numpy.ndarray, examples: list[RankingExample]) -> float:
    """Share of examples whose highest-scoring candidate is a right one."""
    right = sum(bool(example.right[int(numpy.argmax(example.features @ weights))]) for example in examples)
    return right / len(examples) if examples else 0.0


def confidence_examples(
    documents: list[LabelledDocument], weights: numpy.ndarray, source_words: SourceWords
) -> list[RankingExample]:
    """Each labelled span the resolver (with ranker `weights`) gives an entity: the speaker
    confidence's features, against a zero-scored alternative, right when the name is."""
    examples = []
    for document in documents:
        resolution = resolve(
            document.doc, document.spans, functools.partial(choose, weights=weights), source_words=source_words
        )
        for key, choice in resolution.choices.items():
            right_names = document.names.get(key)
            if not right_names or choice.index is None:
                continue
            cluster = resolution.clusters[choice.index]
            right = any(same_name(cluster.name, name) for name in right_names)
            features = speaker_confidence.features(choice, cluster.type)
            examples.append(
                RankingExample(numpy.stack([features, numpy.zeros_like(features)]), numpy.array([right, not right]))
            )
    return examples


def train_antecedents(
    nlp: Language, data_dir: Path, output: Path, limit: int | None = None, ranker: Path | None = None
) -> dict:
    """Fit the ranker (or keep the one in the antecedents.json `ranker`), then the speaker
    confidence, on GUM train and PolNeAR train; write the weights, return the training summary.

    (A second round resolving with the first model's own answers, to show it its own
    mistakes, scored lower on GUM dev: 48.1 % of dev examples right against 50.2 %.)"""
    gum_docs = gum_documents(nlp, data_dir / "gum", "train", limit)
    polnear_docs = polnear_documents(nlp, data_dir / "polnear", "train", limit)
    source_words = entity_resolver(nlp).source_words  # the lists the pipeline resolves with
    gum, polnear = examples_of(gum_docs, source_words), examples_of(polnear_docs, source_words)
    logger.info("%d GUM and %d PolNeAR examples", len(gum), len(polnear))
    weights = fit(gum + polnear) if ranker is None else load_weights(ranker).astype("float64")
    confidence = confidence_examples(gum_docs + polnear_docs, weights, source_words)
    logger.info("%d speakers to fit the confidence on", len(confidence))
    confidence_weights = fit(confidence)
    summary = {
        "examples": {"gum_train": len(gum), "polnear_train": len(polnear), "confidence": len(confidence)},
        "train_accuracy": {"gum": round(accuracy(weights, gum), 4), "polnear": round(accuracy(weights, polnear), 4)},
        "l2": L2,
        "weights": {name: round(float(value), 4) for name, value in zip(FEATURES, weights)},
        "confidence": {
            name: round(float(value), 4) for name, value in zip(speaker_confidence.FEATURES, confidence_weights)
        },
    }
    output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary
