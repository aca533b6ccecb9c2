"""Which earlier entity a pronoun or a description stands for: a learned mention ranker.

For a speaker that is a third-person pronoun ("he", "they") or a definite description
("the minister"), every entity mentioned before it (within `MAX_TOKENS_BACK` tokens, or
an earlier speaker) that it may stand for is a candidate, and so is "none": for "he" and
"she" a person of agreeing gender, for "it" and "they" no person, for "the minister" an
entity whose name or role has the head word. A log-linear model scores each
from features of the pair (distance in sentences and tokens, whether the entity was a
subject or an earlier speaker, its kind against the pronoun's, gender, whether the
description's head word is in its name or role); a softmax over the candidates gives
each a probability. The best is taken only when "none" does not win: a wrong speaker
is worse than a missing one.

The weights (a few dozen numbers, `models/antecedents.json`) are trained by
`whosaid train --stage antecedents` on GUM train's gold chains and PolNeAR train's
pronoun sources with CoreNLP's chains as silver (whosaid.training.antecedents).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy
from spacy.tokens import Span

from whosaid.models import ANTECEDENTS_PATH

if TYPE_CHECKING:
    from whosaid.pipeline.entities import Cluster

PERSON_PRONOUNS = {"he": "male", "him": "male", "she": "female", "her": "female"}
GROUP_PRONOUNS = frozenset({"they", "them", "it"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
MAX_TOKENS_BACK = 600
# Earlier speakers stay candidates however far back (the last this many).
SPEAKERS_BACK = 20
ENTITY_KINDS = ("PERSON", "ORG", "GPE", "NORP", "MISC")
# The entity types a pronoun may stand for ("it" and "they": no person).
KINDS_OF = {"personal": ("PERSON",), "it": ("ORG", "GPE", "NORP", "MISC"), "they": ("ORG", "GPE", "NORP", "MISC")}
MENTION_KINDS = ("personal", "it", "they", "description")
FEATURES: tuple[str, ...] = (
    *(f"none:{kind}" for kind in MENTION_KINDS),
    *(f"{mention}:{entity}" for mention in MENTION_KINDS for entity in ENTITY_KINDS),
    "sentences:0", "sentences:1", "sentences:2", "sentences:3+",
    "log_tokens", "nearest_is_subject", "subject_in_last_3_sentences", "earlier_speaker", "latest_speaker",
    "most_recent", "second_most_recent", "log_mentions", "named_in_first_sentence", "gender_agrees",
    "head_in_name", "head_in_role", "has_role", "unnamed_speaker_since",
)  # fmt: skip
_INDEX = {name: i for i, name in enumerate(FEATURES)}


def mention_kind(span: Span) -> str | None:
    """personal ("he", "her"), it, they ("they", "them"), description ("the minister"), or None."""
    if len(span) == 1:
        word = span[0].lower_
        if word in PERSON_PRONOUNS:
            return "personal"
        if word in GROUP_PRONOUNS:
            return "it" if word == "it" else "they"
        return None
    head = span.root
    if span[0].lower_ == "the" and head.tag_ == "NN" and head.i > span.start:
        return "description"
    return None


@dataclass
class Candidate:
    index: int | None  # the cluster, or None for "none"
    features: numpy.ndarray


@dataclass
class ResolverState:
    """What the ranker reads of the resolution so far."""

    clusters: list[Cluster]
    mention_index: list[tuple[int, int]]  # sorted (start token, cluster) of every mention
    speaker_index: list[tuple[int, int]]  # sorted (start token, cluster) of every resolved speaker
    sentence_of: list[int]  # token -> sentence number
    unnamed_speakers: list[int]  # start token of every earlier speaker resolved to no entity ("a spokesman")


def candidates(state: ResolverState, span: Span, kind: str) -> list[Candidate]:
    """"none" first, then every earlier entity that may be what `span` stands for."""
    doc = span.doc
    none = numpy.zeros(len(FEATURES), dtype="float32")
    none[_INDEX[f"none:{kind}"]] = 1.0
    result = [Candidate(None, none)]
    gender = PERSON_PRONOUNS.get(span[0].lower_) if kind == "personal" else None
    sentence = state.sentence_of[span.start]
    earlier: dict[int, list[int]] = {}
    for start, index in state.mention_index:
        if start >= span.start:
            break
        earlier.setdefault(index, []).append(start)
    speakers = [index for start, index in state.speaker_index if start < span.start][-SPEAKERS_BACK:]
    latest = {}
    head = span.root.lower_
    for index, starts in earlier.items():
        cluster = state.clusters[index]
        if cluster.type not in KINDS_OF.get(kind, ENTITY_KINDS):
            continue
        if gender is not None and cluster.gender not in (None, gender):
            continue
        if kind == "description" and not _description_fits(head, cluster):
            continue
        if span.start - starts[-1] > MAX_TOKENS_BACK and index not in speakers:
            continue
        latest[index] = starts[-1]
    recency = sorted(latest, key=lambda index: -latest[index])
    for rank, index in enumerate(recency):
        cluster, starts, nearest = state.clusters[index], earlier[index], latest[index]
        values = numpy.zeros(len(FEATURES), dtype="float32")
        values[_INDEX[f"{kind}:{cluster.type}"]] = 1.0
        distance = sentence - state.sentence_of[nearest]
        values[_INDEX[f"sentences:{min(distance, 3)}" + ("+" if distance >= 3 else "")]] = 1.0
        values[_INDEX["log_tokens"]] = math.log1p(span.start - nearest) / 5
        values[_INDEX["nearest_is_subject"]] = _is_subject(doc[nearest])
        values[_INDEX["subject_in_last_3_sentences"]] = any(
            sentence - state.sentence_of[start] <= 3 and _is_subject(doc[start]) for start in starts
        )
        values[_INDEX["earlier_speaker"]] = index in speakers
        values[_INDEX["latest_speaker"]] = bool(speakers) and _latest_agreeing(speakers, latest) == index
        values[_INDEX["most_recent"]] = rank == 0
        values[_INDEX["second_most_recent"]] = rank == 1
        values[_INDEX["log_mentions"]] = math.log1p(len(starts)) / 2
        values[_INDEX["named_in_first_sentence"]] = state.sentence_of[starts[0]] == state.sentence_of[0]
        values[_INDEX["unnamed_speaker_since"]] = any(nearest < start < span.start for start in state.unnamed_speakers)
        values[_INDEX["gender_agrees"]] = gender is not None and cluster.gender == gender
        if kind == "description":
            values[_INDEX["head_in_name"]] = head in cluster.words()
            values[_INDEX["head_in_role"]] = cluster.role is not None and head in cluster.role.text.lower().split()
            values[_INDEX["has_role"]] = cluster.role is not None
        result.append(Candidate(index, values))
    return result


def _description_fits(head: str, cluster: Cluster) -> bool:
    """Whether "the <head>" may stand for the cluster: its name or role has the head word
    ("the minister" for "Energy Minister Paulo Neves", "the union" for "Harbor Union"). A
    head that only names a kind ("the association", "the estimate") is no evidence of which
    entity: in news it is most often one the article has not named."""
    return head in cluster.words() or (cluster.role is not None and head in cluster.role.text.lower().split())


def _is_subject(token) -> bool:
    return token.dep_ in SUBJECTS or token.head.dep_ in SUBJECTS


def _latest_agreeing(speakers: list[int], candidates_at: dict[int, int]) -> int | None:
    return next((index for index in reversed(speakers) if index in candidates_at), None)


def probabilities(weights: numpy.ndarray, options: list[Candidate]) -> numpy.ndarray:
    scores = numpy.array([option.features @ weights for option in options])
    scores = numpy.exp(scores - scores.max())
    return scores / scores.sum()


@functools.lru_cache(maxsize=4)
def load_weights(path: Path = ANTECEDENTS_PATH) -> numpy.ndarray:
    """The trained weights, in the order of FEATURES (a feature the file lacks weighs 0)."""
    stored = json.loads(path.read_text(encoding="utf-8"))["weights"]
    return numpy.array([stored.get(name, 0.0) for name in FEATURES], dtype="float32")


def choose(state: ResolverState, span: Span, weights: numpy.ndarray | None = None) -> int | None:
    """The cluster `span` stands for, or None when it is no pronoun or description, or "none" wins."""
    kind = mention_kind(span)
    if kind is None:
        return None
    options = candidates(state, span, kind)
    if len(options) == 1:
        return None
    best = options[int(numpy.argmax(probabilities(load_weights() if weights is None else weights, options)))]
    return best.index
