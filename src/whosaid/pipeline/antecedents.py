"""Which earlier entity a pronoun or a description stands for.

A speaker that is a third-person pronoun ("he", "they") goes to the entity a learned
mention ranker picks: every entity mentioned before it (within `MAX_TOKENS_BACK` tokens,
or an earlier speaker) that it may stand for is a candidate ("he" and "she" a person of
agreeing gender, "it" and "they" no person), and so is "none". A log-linear model scores
each from features of the pair (distance in sentences and tokens, whether the entity was
a subject or an earlier speaker, an unnamed speaker in between, its kind against the
pronoun's, gender); a softmax over the candidates gives each a probability, and the best
is taken only when "none" does not win: a wrong speaker is worse than a missing one.

A definite description ("the minister") goes to the latest entity whose name or role has
its head word. (Learned, descriptions came out worse: on PolNeAR a role often names
several people, and the model learned to distrust it even where one fits.)

The weights (a few dozen numbers, `models/antecedents.json`) are trained by
`whosaid train --stage antecedents` on GUM train's gold chains and PolNeAR train's
pronoun sources with CoreNLP's chains as silver (whosaid.training.antecedents).
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.tokens import Span

from whosaid.lexicon.pronouns import NEUTER, OBJECT, POSSESSIVE, SUBJECT, pronoun_genders, pronoun_words
from whosaid.lexicon.sources import SourceWords
from whosaid.models import ANTECEDENTS_PATH
from whosaid.pipeline.entity_clusters import Cluster
from whosaid.pipeline.syntax import SUBJECTS, has_preposition

# With the possessives, which stand for their owner in "its spokesman", "his lawyer".
PERSON_PRONOUNS = pronoun_genders(forms=(SUBJECT, OBJECT, POSSESSIVE))  # he, him, his, she, her
GROUP_PRONOUNS = pronoun_words(persons=(3,), forms=(SUBJECT, OBJECT, POSSESSIVE), genders=(NEUTER, None))
MAX_TOKENS_BACK = 600
# Earlier speakers stay candidates however far back (the last this many).
SPEAKERS_BACK = 20
ENTITY_KINDS = ("PERSON", "ORG", "GPE", "NORP", "MISC")
# The entity types a pronoun may stand for ("it" and "they": no person).
KINDS_OF = {"personal": ("PERSON",), "it": ("ORG", "GPE", "NORP", "MISC"), "they": ("ORG", "GPE", "NORP", "MISC")}
PRONOUN_KINDS = ("personal", "it", "they")
# Descriptions that name a kind of place -> whether that kind is a country.
PLACE_DESCRIPTIONS = {"country": True, "nation": True, "city": False, "town": False, "village": False}
# Descriptions of a company: the one company the article named before, if it named only one.
COMPANY_DESCRIPTIONS = frozenset({"company", "firm"})
# A description's head word and the titles that give the same office ("the judge" for "Justice
# Amara Nwosu", "the lawmaker" for "Senator Tom Brandt").
_LEGISLATORS = frozenset({"senator", "sen.", "representative", "rep.", "congressman", "congresswoman", "mp"})
SAME_OFFICE = {
    "judge": frozenset({"justice"}),
    "lawmaker": _LEGISLATORS,
    "legislator": _LEGISLATORS,
    "diplomat": frozenset({"ambassador", "envoy"}),
}
# Last words of places that are no town ("Telegraph Avenue", "Forest Park"), which the NER types as towns.
NOT_TOWNS = frozenset({
    "avenue", "street", "road", "boulevard", "square", "park", "bridge", "trail", "lane", "plaza", "river", "lake",
    "mountain", "mountains", "valley", "beach", "bay", "island", "islands", "desert", "forest", "sea", "ocean",
    "canal", "strait", "gulf", "peninsula", "channel", "glacier", "falls",
})  # fmt: skip
FEATURES: tuple[str, ...] = (
    *(f"none:{kind}" for kind in PRONOUN_KINDS),
    *(f"{mention}:{entity}" for mention in PRONOUN_KINDS for entity in ENTITY_KINDS),
    "sentences:0", "sentences:1", "sentences:2", "sentences:3+",
    "log_tokens", "nearest_is_subject", "subject_in_last_3_sentences", "earlier_speaker", "latest_speaker",
    "most_recent", "second_most_recent", "log_mentions", "named_in_first_sentence", "gender_agrees",
    "unnamed_speaker_since", "name_gender_agrees", "name_gender_differs", "most_mentioned", "nearest_in_phrase",
)  # fmt: skip
_INDEX = {name: i for i, name in enumerate(FEATURES)}


def mention_kind(span: Span) -> str | None:
    """personal ("he", "her"), it, they ("they", "them"), description ("the minister"), or None."""
    if len(span) == 1:
        word = span[0].lower_
        if word in PERSON_PRONOUNS:
            return "personal"
        if word in GROUP_PRONOUNS:
            return "it" if word in ("it", "its") else "they"
        return None
    head = span.root
    if span[0].lower_ == "the" and head.tag_ == "NN" and head.i > span.start:
        return "description"
    return None


@dataclass(frozen=True)
class Choice:
    """The cluster a speaker span stands for (None: none), and the evidence it was chosen on,
    which its confidence reads (whosaid.pipeline.speaker_confidence)."""

    index: int | None
    kind: str  # "named", a pronoun's kind ("personal", "it", "they") or "description"
    probability: float = 1.0  # a pronoun: the ranker's probability of its choice (or the links', `linked`)
    rivals: int = 0  # other entities the same evidence fits (another name in the span, another role)
    holds_head: bool = False  # a name: it is the span's head ("Mr. Lee", not "an aide to Mr. Lee")
    affiliation: int | None = None  # a name in the span that is not who speaks ("an aide to Mr. Lee": Lee)
    short_form: bool = False  # a name: a shorter form of the entity's ("Lee" of "Ana Lee")
    namesakes: bool = False  # a name: another entity of its type shares a word ("Bill"/"Hillary Clinton")
    predicated: bool = False  # a description the sentence says the entity is ("Coron is the largest town")
    linked: bool = False  # given the entity of the coreference component's links (`probability`: theirs)
    unnamed: int | None = None  # no entity: the unnamed speaker it stands for ("a spokesman ... He added")


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
    unnamed_speakers: list[int]  # sorted start token of every earlier speaker resolved to no entity ("a spokesman")
    starts_of: dict[int, list[int]]  # cluster -> sorted start tokens of its mentions (those of mention_index)
    quoted: list[bool]  # token -> whether it lies in a quotation
    source_words: SourceWords  # what companies' names end in

    def earlier_starts(self, index: int, position: int) -> list[int]:
        """The start tokens of the cluster's mentions before `position`."""
        starts = self.starts_of[index]
        return starts[: bisect.bisect_left(starts, position)]


def candidates(state: ResolverState, span: Span, kind: str) -> list[Candidate]:
    """ "none" first, then every earlier entity the pronoun `span` (of `kind`) may stand for."""
    doc = span.doc
    none = numpy.zeros(len(FEATURES), dtype="float32")
    none[_INDEX[f"none:{kind}"]] = 1.0
    result = [Candidate(None, none)]
    gender = PERSON_PRONOUNS.get(span[0].lower_) if kind == "personal" else None
    sentence = state.sentence_of[span.start]
    # Only entities mentioned within MAX_TOKENS_BACK, or among the last speakers, are candidates:
    # bisect to them, so that a long article costs no scan of all its mentions per pronoun.
    first = bisect.bisect_left(state.mention_index, (span.start - MAX_TOKENS_BACK, -1))
    last = bisect.bisect_left(state.mention_index, (span.start, -1))
    last_speaker = bisect.bisect_left(state.speaker_index, (span.start, -1))
    speakers = [index for _, index in state.speaker_index[max(0, last_speaker - SPEAKERS_BACK) : last_speaker]]
    nearby = {index for _, index in state.mention_index[first:last]} | set(speakers)
    # A pronoun outside quotations stands for no one named only inside them: not the senator named in
    # its own quote ("'Must Senator Hale deny it?' he asked"), nor the topic of an earlier question.
    outside = not state.quoted[span.start]
    earlier = {
        index: starts
        for index in nearby
        if (starts := [s for s in state.earlier_starts(index, span.start) if not (outside and state.quoted[s])])
    }
    latest = {}
    for index in sorted(earlier, key=lambda index: (earlier[index][0], index)):  # in order of first mention
        cluster = state.clusters[index]
        if cluster.type not in KINDS_OF[kind]:
            continue
        if gender is not None and cluster.gender not in (None, gender):
            continue
        latest[index] = earlier[index][-1]
    recency = sorted(latest, key=lambda index: -latest[index])
    most_mentioned = max(latest, key=lambda index: len(earlier[index]), default=None)
    latest_speaker = next((index for index in reversed(speakers) if index in latest), None)
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
        values[_INDEX["latest_speaker"]] = index == latest_speaker
        values[_INDEX["most_recent"]] = rank == 0
        values[_INDEX["second_most_recent"]] = rank == 1
        values[_INDEX["log_mentions"]] = math.log1p(len(starts)) / 2
        values[_INDEX["named_in_first_sentence"]] = state.sentence_of[starts[0]] == state.sentence_of[0]
        since = bisect.bisect_right(state.unnamed_speakers, nearest)
        values[_INDEX["unnamed_speaker_since"]] = (
            since < len(state.unnamed_speakers) and state.unnamed_speakers[since] < span.start
        )
        values[_INDEX["gender_agrees"]] = gender is not None and cluster.gender == gender
        if gender is not None and cluster.gender is None and cluster.name_gender is not None:
            values[_INDEX["name_gender_agrees" if cluster.name_gender == gender else "name_gender_differs"]] = 1.0
        values[_INDEX["most_mentioned"]] = index == most_mentioned
        values[_INDEX["nearest_in_phrase"]] = _in_prepositional_phrase(doc[nearest])
        result.append(Candidate(index, values))
    return result


def named_by_head(state: ResolverState, span: Span) -> list[int]:
    """The entities before the description `span` whose name or role has its head word
    ("the minister" for "Energy Minister Paulo Neves", "the union" for "Harbor Union"; in a role,
    or a title of the same office: "the judge" for "Justice Amara Nwosu"), or
    the places of the kind it names ("the country" a country, "the city" a place that is
    none), the latest-mentioned last. A head that only names a kind of organisation ("the
    association", "the estimate") is no evidence of which entity: in news it is most often
    one the article has not named; but "the company" is the one company the article named
    before, if it named only one ("Halvard Shipping")."""
    head = span.root.lower_
    # a body's word is no person's role, whatever the role's words ("Ministry spokesman Colonel
    # Andrei Petrak" is not "the defence ministry")
    a_body = head in state.source_words.institution_words
    is_country = PLACE_DESCRIPTIONS.get(head)
    latest: dict[int, tuple[int, int, int]] = {}
    companies, company_latest, unknown_latest = [], -1, -1
    for index, cluster in enumerate(state.clusters):
        fits = (
            head in cluster.words()
            or (
                cluster.role is not None
                and not (a_body and cluster.type == "PERSON")
                and not {head, *SAME_OFFICE.get(head, ())}.isdisjoint(cluster.role.text.lower().split())
            )
            or (is_country is not None and cluster.type == "GPE" and _is_place_of_kind(cluster, is_country))
        )
        company = (
            not fits
            and head in COMPANY_DESCRIPTIONS
            and cluster.type == "ORG"
            and _named_as_company(cluster, state.source_words.company_name_endings)
        )
        starts = state.earlier_starts(index, span.start)
        if starts and not (fits or company) and _may_be_a_company(cluster, state.source_words.body_words):
            unknown_latest = max(unknown_latest, starts[-1])
        if not (fits or company) or not starts:
            continue
        if fits:
            latest[index] = (starts[-1], starts[0], index)
        else:
            companies.append(index)
            company_latest = starts[-1]
    # "the prime minister" is the one whose role says "prime", not the foreign minister named since
    modifiers = {
        child.lower_
        for child in span.root.children
        if child.i in range(span.start, span.end)
        and (child.dep_ in ("compound", "amod") or (child.dep_ == "poss" and child.pos_ == "NOUN"))
    }  # "the prime minister", "the regulator's chief"
    described = [
        index for index in latest
        if state.clusters[index].role is not None
        and modifiers <= {token.lower_ for token in state.clusters[index].role}
    ]  # fmt: skip
    if modifiers and described:
        latest = {index: latest[index] for index in described}
    # not where an organisation of no known kind was named since ("Harcourt Securities ... A Brightwell spokesman")
    if not latest and len(companies) == 1 and unknown_latest < company_latest:
        return companies
    return sorted(latest, key=latest.__getitem__)


def _may_be_a_company(cluster: Cluster, body_words: frozenset[str]) -> bool:
    """An organisation whose name says not what it is ("Brightwell"): a company, for all the text says."""
    return cluster.type == "ORG" and cluster.role is None and cluster.words().isdisjoint(body_words)


def _named_as_company(cluster: Cluster, company_name_endings: frozenset[str]) -> bool:
    return cluster.name.split()[-1].lower() in company_name_endings or (
        cluster.role is not None and cluster.role.root.lower_ in COMPANY_DESCRIPTIONS
    )


def _is_place_of_kind(cluster: Cluster, is_country: bool) -> bool:
    if is_country:
        return cluster.country is not None
    return cluster.country is None and cluster.name.split()[-1].lower() not in NOT_TOWNS


def _is_subject(token) -> bool:
    return token.dep_ in SUBJECTS or token.head.dep_ in SUBJECTS


def _in_prepositional_phrase(token) -> bool:
    """The name a token opens is the object of a preposition ("the school of Dr. Glennie")."""
    while token.dep_ == "compound" and token.head.i > token.i:
        token = token.head
    return has_preposition(token)


def probabilities(weights: numpy.ndarray, options: list[Candidate]) -> numpy.ndarray:
    scores = numpy.array([option.features @ weights for option in options])
    scores = numpy.exp(scores - scores.max())
    return scores / scores.sum()


@functools.lru_cache(maxsize=8)
def load_weights(
    path: Path = ANTECEDENTS_PATH, section: str = "weights", names: tuple[str, ...] = FEATURES, dtype: str = "float32"
) -> numpy.ndarray:
    """A model's trained weights from `section` of the file, in the order of `names` (a name the
    file lacks weighs 0): the ranker's by default, the speaker confidence's under "confidence"."""
    return weights_from(json.loads(path.read_text(encoding="utf-8")), section, names, dtype)


def weights_from(
    stored: dict, section: str = "weights", names: tuple[str, ...] = FEATURES, dtype: str = "float32"
) -> numpy.ndarray:
    """The weights of `section` of a stored model (the content of antecedents.json), as load_weights."""
    section_weights = stored.get(section, {})
    return numpy.array([section_weights.get(name, 0.0) for name in names], dtype=dtype)


def choose(state: ResolverState, span: Span, weights: numpy.ndarray | None = None) -> Choice | None:
    """What `span` stands for: for a pronoun the ranker's choice (index None when "none"
    wins; `weights` default to the shipped ones), for a description the latest entity
    `named_by_head`; None for other spans."""
    kind = mention_kind(span)
    if kind == "description":
        fitting = named_by_head(state, span)
        return Choice(fitting[-1] if fitting else None, kind, rivals=max(len(fitting) - 1, 0))
    if kind is None:
        return None
    options = candidates(state, span, kind)
    if len(options) == 1:
        return Choice(None, kind)
    probs = probabilities(load_weights() if weights is None else weights, options)
    best = int(numpy.argmax(probs))
    return Choice(options[best].index, kind, probability=float(probs[best]))
