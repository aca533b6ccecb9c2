"""How sure a speaker's resolution is: the probability that the entity given is the one speaking.

A logistic model reads how the entity was found (whosaid.pipeline.antecedents.Choice):
a name in the speaker span (is it the span's head, or a modifier as in "an aide to
Mr. Lee"; is there another name beside it; is it a shorter form of the entity's name, and
does another entity share a word of it, as "Bill Clinton" and "Hillary Clinton" do; the
entity's type), a pronoun (its kind and the ranker's probability), a description (do other
entities' names or roles have its head word), and for a description, "it" or "they" given the
entity of the coreference component's links, the probability the links give it. Its weights sit beside the ranker's in
`models/antecedents.json` ("confidence"), fitted by `whosaid train --stage antecedents` on
whether the speakers the resolver gives on GUM train and PolNeAR train are right
(whosaid.training.antecedents).
docs/BENCHMARKS.md shows on GUM and PolNeAR dev how often the speakers given with each
confidence are right.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy

from whosaid.models import ANTECEDENTS_PATH
from whosaid.pipeline import antecedents
from whosaid.pipeline.antecedents import ENTITY_KINDS, PRONOUN_KINDS, Choice

FEATURES: tuple[str, ...] = (
    "named", "named:holds_head", "named:rivals", "named:short_form", "named:namesakes",
    *(f"named:{kind}" for kind in ENTITY_KINDS),
    *PRONOUN_KINDS, "pronoun:probability", "pronoun:log_probability",
    "description", "description:rivals", "description:predicated", "linked", "linked:probability",
)  # fmt: skip
_INDEX = {name: i for i, name in enumerate(FEATURES)}


def features(choice: Choice, entity_type: str) -> numpy.ndarray:
    """The model's inputs for a resolved speaker (`choice.index` set) of type `entity_type`."""
    values = numpy.zeros(len(FEATURES), dtype="float64")
    if choice.linked:  # a description, "it" or "they" given the entity of the coreference links
        values[_INDEX[choice.kind]] = 1.0
        values[_INDEX["linked"]] = 1.0
        values[_INDEX["linked:probability"]] = choice.probability
    elif choice.kind == "named":
        values[_INDEX["named"]] = 1.0
        values[_INDEX["named:holds_head"]] = choice.holds_head
        values[_INDEX["named:rivals"]] = choice.rivals > 0
        values[_INDEX["named:short_form"]] = choice.short_form
        values[_INDEX["named:namesakes"]] = choice.namesakes
        values[_INDEX[f"named:{entity_type}"]] = 1.0
    elif choice.kind == "description":
        values[_INDEX["description"]] = 1.0
        values[_INDEX["description:rivals"]] = choice.rivals > 0
        values[_INDEX["description:predicated"]] = choice.predicated
    else:
        values[_INDEX[choice.kind]] = 1.0
        values[_INDEX["pronoun:probability"]] = choice.probability
        values[_INDEX["pronoun:log_probability"]] = math.log(max(choice.probability, 1e-6))
    return values


def load_weights(path: Path = ANTECEDENTS_PATH) -> numpy.ndarray:
    """The trained weights, in the order of FEATURES (a feature the file lacks weighs 0)."""
    return antecedents.load_weights(path, "confidence", FEATURES, "float64")


def weights_from(stored: dict) -> numpy.ndarray:
    """The weights of a stored model (the content of antecedents.json), as load_weights."""
    return antecedents.weights_from(stored, "confidence", FEATURES, "float64")


def speaker_confidence(choice: Choice, entity_type: str, weights: numpy.ndarray | None = None) -> float:
    """The probability that the resolved speaker is right, rounded to 0.01."""
    score = float(features(choice, entity_type) @ (load_weights() if weights is None else weights))
    return round(1.0 / (1.0 + math.exp(-score)), 2)
