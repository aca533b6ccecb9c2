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

Descriptions are resolved by a rule (latest_named_by_head) here as at inference.

"None" is right when no candidate is. The model is a conditional logit (softmax over a
mention's candidates), fitted by L-BFGS with an L2 penalty.
"""

from __future__ import annotations

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
from whosaid.pipeline.antecedents import FEATURES, ResolverState, candidates, latest_named_by_head, mention_kind
from whosaid.pipeline.entities import resolve
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
) -> Callable[[ResolverState, Span], int | None]:
    """A chooser that records each labelled mention's candidates and which are right, and
    answers right (teacher forcing)."""

    def choose(state: ResolverState, span: Span) -> int | None:
        kind = mention_kind(span)
        if kind == "description":
            return latest_named_by_head(state, span)  # a rule, not learned
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
        return next((option.index for option, ok in zip(options, right) if ok and option.index is not None), None)

    return choose


def examples_of(documents: list[LabelledDocument]) -> list[RankingExample]:
    examples: list[RankingExample] = []
    for document in documents:
        resolve(document.doc, document.spans, _labelling_chooser(document.names, examples))
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
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
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
            (span.start, span.end): [name]
            for span in sources
            if (name := silver.get((span.start_char, span.end_char)))
        }
        labelled.append(LabelledDocument(doc, sources, names))
    return labelled


def fit(examples: list[RankingExample], l2: float = L2) -> numpy.ndarray:
    """Weights maximising the probability of the right candidates, less an L2 penalty."""
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

    result = minimize(loss_and_gradient, numpy.zeros(len(FEATURES)), jac=True, method="L-BFGS-B")
    return result.x


def accuracy(weights: numpy.ndarray, examples: list[RankingExample]) -> float:
    """Share of examples whose highest-scoring candidate is a right one."""
    right = sum(bool(example.right[int(numpy.argmax(example.features @ weights))]) for example in examples)
    return right / len(examples) if examples else 0.0


def train_antecedents(nlp: Language, data_dir: Path, output: Path, limit: int | None = None) -> dict:
    """Fit on GUM train and PolNeAR train, write the weights, return the training summary.

    (A second round resolving with the first model's own answers, to show it its own
    mistakes, scored lower on GUM dev: 48.1 % of dev examples right against 50.2 %.)"""
    gum = examples_of(gum_documents(nlp, data_dir / "gum", "train", limit))
    polnear = examples_of(polnear_documents(nlp, data_dir / "polnear", "train", limit))
    logger.info("%d GUM and %d PolNeAR examples", len(gum), len(polnear))
    weights = fit(gum + polnear)
    summary = {
        "examples": {"gum_train": len(gum), "polnear_train": len(polnear)},
        "train_accuracy": {"gum": round(accuracy(weights, gum), 4), "polnear": round(accuracy(weights, polnear), 4)},
        "l2": L2,
        "weights": {name: round(float(value), 4) for name, value in zip(FEATURES, weights)},
    }
    output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary
