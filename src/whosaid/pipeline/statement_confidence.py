"""How sure a statement is: the probability that it is a real attribution with this speaker and content.

The attribution model's own confidence says how sure it is of the spans it found; a
fact-checker needs more: is the speaker the right one (resolved or not, a name or a "he"),
is the content a clause someone said, was it relayed, how often is the cue's word a cue at
all in PolNeAR train, and, in the accurate and precise profiles, does the fast model give the
same statement (a second opinion: where two models agree, they are right far more often than
where one stands alone). A logistic model reads those (FEATURES) and gives the calibrated
probability that the statement is right as `whosaid evaluate audit` judges it on PolNeAR's
gold (whosaid.evaluation.audit): content, speaker and relays right. A stance on a thing named
("rejected the proposal"; `names_a_thing_only`) is no statement of what was said, whatever
PolNeAR marks: its confidence stays at STANCE_CEILING or under, below the default threshold.

The component `whosaid_statement_confidence_v1` runs after `whosaid_statements_v1` and sets
each statement's `confidence` in `doc._.whosaid_statements`. Its weights, one set per
attribution model (`profile`: "fast", "accurate" or "precise"), are in `models/statement_confidence.json`
(the component saves its profile's, and the cue priors, with the pipeline), fitted by
`whosaid train --stage statement-confidence` (whosaid.training.statement_confidence);
docs/BENCHMARKS.md gives their reliability on PolNeAR dev.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whosaid.models import STATEMENT_CONFIDENCE_PATH
from whosaid.pipeline.antecedents import mention_kind
from whosaid.pipeline.attribution_spans import (
    CONFIDENCE_EXTENSION,
    CONTENT,
    CUE,
    SECOND_OPINION_KEY,
    SOURCE,
    statements_in,
)
from whosaid.pipeline.extensions import SPEAKER_CONFIDENCE, STATEMENTS, TrainedComponent
from whosaid.pipeline.text import quotations

FACTORY = "whosaid_statement_confidence_v1"
PROFILES = ("fast", "accurate", "precise")
FEATURES: tuple[str, ...] = (
    "bias", "attribution", "attribution:logit",
    "speaker:none", "speaker:pronoun", "speaker:description", "speaker:named", "speaker:other",
    "speaker:resolved", "speaker:confidence", "speaker:sure", "speaker:unsure", "speaker:quoted",
    "kind:direct", "kind:mixed", "kind:indirect",
    "cue:none", "cue:verb", "cue:noun", "cue:other", "cue:say", "cue:typed", "cue:prior", "cue:rare",
    "nested", "relayed",
    "content:log_tokens", "content:clause", "content:pieces", "content:paragraphs", "content:quotation_goes_on",
    "second:same", "second:other_speaker", "second:missing",
)  # fmt: skip
_INDEX = {name: i for i, name in enumerate(FEATURES)}
# Speaker confidences at or above SURE are right about 98 % of the time on PolNeAR dev, those
# under UNSURE about half the time (docs/BENCHMARKS.md): the statement's odds are not linear in it.
SURE, UNSURE = 0.9, 0.7


def _logit(probability: float) -> float:
    probability = min(max(probability, 0.01), 0.99)
    return math.log(probability / (1.0 - probability))


def _speaker_kind(span: Span) -> str:
    kind = mention_kind(span)
    if kind in ("personal", "it", "they"):
        return "pronoun"
    if kind == "description":
        return "description"
    return "named" if any(token.pos_ == "PROPN" or token.ent_type_ for token in span) else "other"


# A content that is a noun phrase alone under a verb ("rejected the proposal", "criticised the
# closure") is a stance on a thing, not words said: by the record's definition no statement, so
# its confidence stays under the default threshold (kept in the record, shown on request).
STANCE_CEILING = 0.5
# Verbs whose object is what was said, as a noun of saying's is ("called for an inquiry",
# "announced the closure", "denied the allegations"): their noun phrase is a statement's content.
_SAY_WHAT_THEY_NAME = frozenset({
    "announce", "confirm", "acknowledge", "admit", "concede", "report", "reveal", "disclose", "declare",
    "deny", "call", "demand", "request", "urge", "ask", "propose", "recommend", "predict", "forecast",
    "promise", "pledge", "vow", "estimate", "cite",
})  # fmt: skip
_NOUN_PHRASE_HEADS = frozenset({"NOUN", "PROPN", "PRON", "DET", "ADP"})  # and a phrase of one ("about the plan")
# Words that make a content more than a thing named: a predicate ("called the charges false"),
# a clause, a figure ("put losses at 300") or a role ("hailed the volunteers as brave").
_PREDICATE_LABELS = frozenset({"oprd", "acomp", "ccomp", "xcomp"})


def _participle_on_a_noun(token: Token) -> bool:
    """ "the damaged cabinets", "the plan proposed by the council": no clause of its own."""
    return token.dep_ == "amod" or (token.dep_ == "acl" and token.tag_ in ("VBN", "VBG"))


def names_a_thing_only(roles: dict[str, list[Span]], quotation_numbers: list[int]) -> bool:
    """The statement's content is a bare noun phrase under a verb that says no more than a stance
    on it: no clause, quotation, figure or predicate in it, and its cue no noun of saying ("his
    claim that ...") nor a verb whose object is what was said ("called for an inquiry")."""
    cue = roles[CUE][0].root if roles[CUE] else None
    if (
        cue is None
        or not roles[CONTENT]
        or cue.pos_ not in ("VERB", "AUX")
        or cue.lemma_.lower() in _SAY_WHAT_THEY_NAME
    ):
        return False
    words = [token for span in roles[CONTENT] for token in span if not (token.is_space or token.is_punct)]
    if not words or any(quotation_numbers[token.i] for token in words):
        return False
    if any(
        (token.pos_ in ("VERB", "AUX") and not _participle_on_a_noun(token))
        or token.pos_ == "NUM" or token.like_num or token.dep_ in _PREDICATE_LABELS or token.lower_ == "as"
        for token in words
    ):  # fmt: skip
        return False
    inside = {token.i for token in words}
    tops = [token for token in words if token.head.i not in inside or token.head.i == token.i]
    return all(token.pos_ in _NOUN_PHRASE_HEADS for token in tops)


# The share of each content's words the other must hold for a second opinion to give the same one.
SAME_CONTENT_SHARE = 0.5


def _token_indices(spans: list[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


def second_opinion(roles: dict[str, list[Span]], second: dict[str, dict[str, list[Span]]]) -> str:
    """What the second opinion (another model's attributions, whosaid.pipeline.attribution_spans.
    SECOND_OPINION_KEY) says of a statement: "same" (a content sharing half of each one's words,
    with a speaker sharing a word, or no speaker either), "other_speaker" or "missing"."""
    ours = _token_indices(roles[CONTENT])
    verdict = "missing"
    for theirs in second.values():
        words = _token_indices(theirs[CONTENT])
        shared = len(ours & words)
        if not words or shared < SAME_CONTENT_SHARE * len(ours) or shared < SAME_CONTENT_SHARE * len(words):
            continue
        speakers = _token_indices(roles[SOURCE]), _token_indices(theirs[SOURCE])
        if speakers[0] & speakers[1] or not (speakers[0] or speakers[1]):
            return "same"
        verdict = "other_speaker"
    return verdict


def features(
    doc: Doc,
    statement: dict,
    roles: dict[str, list[Span]],
    quotation_numbers: list[int],
    cue_priors: dict[str, float],
    second: dict[str, dict[str, list[Span]]] | None = None,
) -> numpy.ndarray:
    """The model's inputs for one statement of `doc._.whosaid_statements`, its role spans, the
    Doc's quotation numbers (whosaid.pipeline.text.quotations), the cue priors (load_cue_priors)
    and the second opinion's attributions where the pipeline has one (none: its features are 0)."""
    values = numpy.zeros(len(FEATURES), dtype="float64")

    def on(name: str, value: float = 1.0) -> None:
        values[_INDEX[name]] = value

    on("bias")
    attribution = (doc._.get(CONFIDENCE_EXTENSION) or {}).get(statement["attribution"], 1.0)
    on("attribution", attribution)
    on("attribution:logit", _logit(attribution))
    if roles[SOURCE]:
        speaker = roles[SOURCE][0]
        on(f"speaker:{_speaker_kind(speaker)}")
        resolved = speaker._.get(SPEAKER_CONFIDENCE)
        if resolved is not None:  # resolved to a named entity (an unnamed speaker's entity has no confidence)
            on("speaker:resolved")
            on("speaker:confidence", resolved)
            on("speaker:sure", resolved >= SURE)
            on("speaker:unsure", resolved < UNSURE)
        on("speaker:quoted", any(quotation_numbers[token.i] for token in speaker))
    else:
        on("speaker:none")
    on(f"kind:{statement['kind']}")
    if roles[CUE]:
        head = roles[CUE][0].root
        on("cue:verb" if head.pos_ in ("VERB", "AUX") else "cue:noun" if head.pos_ == "NOUN" else "cue:other")
        on("cue:say", statement["cue_lemma"] == "say")
        on("cue:typed", statement["cue_type"] is not None)
        prior = cue_priors.get(head.lemma_.lower())
        on("cue:prior", _logit(prior) if prior is not None else 0.0)
        on("cue:rare", prior is None)
    else:
        on("cue:none")
    on("nested", statement["within"] is not None)
    on("relayed", bool(statement["reported_via"]))
    words = [token for span in roles[CONTENT] for token in span if not (token.is_space or token.is_punct)]
    on("content:log_tokens", math.log1p(len(words)))
    on("content:clause", any(token.pos_ in ("VERB", "AUX") for token in words))
    on("content:pieces", len(roles[CONTENT]) > 1)
    first, last = roles[CONTENT][0], roles[CONTENT][-1]
    if "\n" in doc[first.start : last.end].text.strip():
        # Across a paragraph break: right where a quotation goes on, rarely otherwise.
        on(
            "content:quotation_goes_on"
            if all(quotation_numbers[span.start] for span in roles[CONTENT])
            else "content:paragraphs"
        )
    if second is not None:
        on(f"second:{second_opinion(roles, second)}")
    return values


def statement_inputs(doc: Doc, cue_priors: dict[str, float]) -> list[tuple[dict, numpy.ndarray, bool]]:
    """Each statement of `doc._.whosaid_statements` with its features, and whether it is a stance
    on a thing named (`names_a_thing_only`), whose confidence STANCE_CEILING holds."""
    statements = doc._.get(STATEMENTS) or []
    grouped = statements_in(doc) if statements else {}
    numbers = quotations(doc) if statements else []
    second = statements_in(doc, SECOND_OPINION_KEY) if SECOND_OPINION_KEY in doc.spans else None
    return [
        (
            statement,
            features(doc, statement, grouped[statement["attribution"]], numbers, cue_priors, second),
            names_a_thing_only(grouped[statement["attribution"]], numbers),
        )
        for statement in statements
    ]


def statement_features(doc: Doc, cue_priors: dict[str, float]) -> list[tuple[dict, numpy.ndarray]]:
    """Each statement of `doc._.whosaid_statements` with its features."""
    return [(statement, values) for statement, values, _ in statement_inputs(doc, cue_priors)]


@functools.lru_cache(maxsize=2)
def _stored(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_cue_priors(path: Path = STATEMENT_CONFIDENCE_PATH) -> dict[str, float]:
    """For each word (lemma) that heads a cue in PolNeAR train: the share of its occurrences there
    that head one ("say" 0.85, "show" 0.37); a word not in it rarely or never does."""
    return _stored(path)["cue_priors"]


# The weights fitted with the second opinion's features left out, for a Doc that has none.
WITHOUT_SECOND_OPINION = "weights_without_second_opinion"
SECOND_OPINION_FEATURES = tuple(name for name in FEATURES if name.startswith("second:"))


def load_weights(profile: str, path: Path = STATEMENT_CONFIDENCE_PATH, *, second_opinion: bool = True) -> numpy.ndarray:
    """A profile's trained weights, in the order of FEATURES (a feature the file lacks weighs 0):
    those for Docs with a second opinion, or without one."""
    stored = _stored(path)[profile]
    return weights_from(stored["weights"] if second_opinion else stored.get(WITHOUT_SECOND_OPINION, stored["weights"]))


def weights_from(stored: dict[str, float]) -> numpy.ndarray:
    """Weights by feature name, in the order of FEATURES (a feature not named weighs 0)."""
    return numpy.array([stored.get(name, 0.0) for name in FEATURES], dtype="float64")


def confidence(probability: float, stance: bool) -> float:
    """A statement's confidence: the model's probability, at most STANCE_CEILING for a stance."""
    return min(probability, STANCE_CEILING) if stance else probability


def probability(values: numpy.ndarray, weights: numpy.ndarray) -> float:
    """The logistic model's probability, rounded to 0.01."""
    return round(1.0 / (1.0 + math.exp(-float(values @ weights))), 2)


class StatementConfidence(TrainedComponent):
    DATA_FILE = "statement_confidence.json"

    def __init__(self, name: str, profile: str) -> None:
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
        self.profile = profile
        stored = _stored(STATEMENT_CONFIDENCE_PATH)
        weights = {key: stored[profile][key] for key in ("weights", WITHOUT_SECOND_OPINION) if key in stored[profile]}
        super().__init__(name, weights | {"cue_priors": stored["cue_priors"]})

    def prepare(self, data: dict) -> None:
        self.weights = weights_from(data["weights"])
        # Weights that read no second opinion (the fast profile's, or ones saved before it came)
        # hold for every Doc; those that do, only where it ran, and the other set elsewhere.
        reads_second_opinion = self.weights[[_INDEX[name] for name in SECOND_OPINION_FEATURES]].any()
        without = data.get(WITHOUT_SECOND_OPINION) if reads_second_opinion else None
        self.weights_without_second_opinion = self.weights if without is None else weights_from(without)
        self.cue_priors = data["cue_priors"]

    def analyse(self, doc: Doc) -> Doc:
        weights = self.weights if SECOND_OPINION_KEY in doc.spans else self.weights_without_second_opinion
        for statement, values, stance in statement_inputs(doc, self.cue_priors):
            statement["confidence"] = confidence(probability(values, weights), stance)
        return doc


@Language.factory(
    FACTORY,
    assigns=["doc._.whosaid_statements"],
    requires=["doc._.whosaid_statements", "doc._.whosaid_attribution_confidence"],
    default_config={"profile": "fast"},
)
def make_statement_confidence(nlp: Language, name: str, profile: str) -> StatementConfidence:
    """Each statement's calibrated probability of being right (its `confidence`), with the
    weights fitted for the profile's attribution model."""
    return StatementConfidence(name, profile)
