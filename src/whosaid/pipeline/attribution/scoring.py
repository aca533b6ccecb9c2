"""Precision, recall and F1 for attributions: per role and whole, exact and partial.

Definitions (also in docs/BENCHMARKS.md):

- A role span (source, cue or content) is a set of character fragments; a
  content split around its cue ("...," she said, "...") is one span.
- exact: a predicted span counts when a gold span of the same role in the
  same article has exactly the same fragments. P = matched / predicted,
  R = matched / gold.
- partial: credit by token overlap. Each predicted span earns the largest
  share of its tokens covered by one gold span of its role (precision);
  each gold span earns the largest share of its tokens covered by one
  predicted span (recall). Tokens are words and punctuation marks.
- attribution: source, cue and content together. exact: a predicted
  attribution whose three roles equal a gold attribution's (a missing source
  equals a missing source). partial: the mean of the three roles' overlap
  shares against the best gold attribution (a role missing on both sides
  scores 1, on one side 0).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry

from whosaid.pipeline.attribution_spans import CONTENT, CUE, SOURCE, VIA, attributions_in, outermost
from whosaid.record.fragments import ROLES, FragmentAttribution, FragmentSpan

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class Tally:
    """Running sums for one metric: credit earned by predictions and by gold items."""

    precision_credit: float = 0.0
    predicted: int = 0
    recall_credit: float = 0.0
    gold: int = 0

    def add(self, precision_credit: float, predicted: int, recall_credit: float, gold: int) -> None:
        self.precision_credit += precision_credit
        self.predicted += predicted
        self.recall_credit += recall_credit
        self.gold += gold

    def scores(self) -> dict[str, float]:
        p = self.precision_credit / self.predicted if self.predicted else 0.0
        r = self.recall_credit / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(100 * f1, 2)}


@dataclass
class AttributionScorer:
    """Accumulates article after article; `result()` gives the JSON-ready scores."""

    tallies: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: {name: {"exact": Tally(), "partial": Tally()} for name in (*ROLES, "attribution")}
    )
    articles: int = 0

    def add(self, text: str, gold: Sequence[FragmentAttribution], predicted: Sequence[FragmentAttribution]) -> None:
        self.articles += 1
        tokens = _token_offsets(text)
        for role in ROLES:
            gold_spans = {a.role(role) for a in gold} - {None}
            predicted_spans = {a.role(role) for a in predicted} - {None}
            matched = len(gold_spans & predicted_spans)
            self.tallies[role]["exact"].add(matched, len(predicted_spans), matched, len(gold_spans))
            gold_tokens = [_tokens_of(span, tokens) for span in gold_spans]
            predicted_tokens = [_tokens_of(span, tokens) for span in predicted_spans]
            self.tallies[role]["partial"].add(
                sum(_best_share(p, gold_tokens) for p in predicted_tokens),
                len(predicted_tokens),
                sum(_best_share(g, predicted_tokens) for g in gold_tokens),
                len(gold_tokens),
            )
        gold_set, predicted_set = set(gold), set(predicted)
        matched = len(gold_set & predicted_set)
        self.tallies["attribution"]["exact"].add(matched, len(predicted_set), matched, len(gold_set))
        gold_parts = [_attribution_tokens(a, tokens) for a in gold_set]
        predicted_parts = [_attribution_tokens(a, tokens) for a in predicted_set]
        self.tallies["attribution"]["partial"].add(
            sum(max((_attribution_share(p, g) for g in gold_parts), default=0.0) for p in predicted_parts),
            len(predicted_parts),
            sum(max((_attribution_share(g, p) for p in predicted_parts), default=0.0) for g in gold_parts),
            len(gold_parts),
        )

    def result(self) -> dict:
        scores: dict = {
            name: {kind: tally.scores() for kind, tally in kinds.items()} for name, kinds in self.tallies.items()
        }
        scores["articles"] = self.articles
        return scores


def _token_offsets(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _TOKEN.finditer(text)]


def _tokens_of(span: FragmentSpan, tokens: list[tuple[int, int]]) -> frozenset[int]:
    """Indices of the tokens that lie inside the span's fragments."""
    return frozenset(
        index
        for index, (start, end) in enumerate(tokens)
        if any(frag_start <= start and end <= frag_end for frag_start, frag_end in span.fragments)
    )


def _share(these: frozenset[int], those: frozenset[int]) -> float:
    """The share of `these` tokens that `those` cover."""
    return len(these & those) / len(these) if these else 0.0


def _best_share(span_tokens: frozenset[int], others: Iterable[frozenset[int]]) -> float:
    return max((_share(span_tokens, other) for other in others), default=0.0)


def _attribution_tokens(attribution: FragmentAttribution, tokens: list[tuple[int, int]]) -> list[frozenset[int] | None]:
    return [None if (span := attribution.role(role)) is None else _tokens_of(span, tokens) for role in ROLES]


def _attribution_share(these: list[frozenset[int] | None], those: list[frozenset[int] | None]) -> float:
    shares = []
    for mine, theirs in zip(these, those):
        if mine is None or theirs is None:
            shares.append(1.0 if mine is None and theirs is None else 0.0)
        else:
            shares.append(_share(mine, theirs))
    return sum(shares) / len(shares)


def _char_span(spans: list[Span]) -> FragmentSpan | None:
    return FragmentSpan(tuple((s.start_char, s.end_char) for s in spans)) if spans else None


def attributions_from_doc(doc: Doc) -> list[FragmentAttribution]:
    """The outermost attributions in a Doc's span group, as character spans (PolNeAR
    annotates no nesting, so nested ones are not scored), in PolNeAR's form."""
    return [
        attribution
        for roles in outermost(attributions_in(doc)).values()
        for attribution in in_polnear_form(
            FragmentAttribution(_char_span(roles[SOURCE]), _char_span(roles[CUE]), _char_span(roles[CONTENT])),
            [(span.start_char, span.end_char) for span in roles[VIA]],
            doc.text,
        )
    ]


_ACCORDING_TO = re.compile(r"according to\W*$", re.IGNORECASE)


def in_polnear_form(
    attribution: FragmentAttribution, relays: Sequence[tuple[int, int]], text: str
) -> list[FragmentAttribution]:
    """An attribution as PolNeAR marks it, as one attribution or two. whosaid records "X said ...,
    according to Z" as X's statement relayed by Z; PolNeAR, which has no relays, as Z's, with
    "according to" for cue and X's whole report (X, X's cue and what X said) for content. whosaid
    records "X, Z reported, citing Y" as Y's statement relayed by Z; PolNeAR as two of Z's: X
    with Z's cue, and Y with "citing" for cue."""
    if (cited := _as_cited(attribution, relays, text)) is not None:
        return cited
    for relay_start, relay_end in relays:
        before = text[max(0, relay_start - 20) : relay_start]
        if (match := _ACCORDING_TO.search(before)) is None or attribution.content is None:
            continue
        cue_start = relay_start - len(before) + match.start()
        cue = FragmentSpan(((cue_start, cue_start + len("according to")),))
        report = [span for span in (attribution.source, attribution.cue, attribution.content) if span is not None]
        first, last = min(span.start for span in report), max(span.end for span in report)
        # the relay's phrase cut out where it stands inside the report ("X said, according to Z, that ...")
        pieces = [(first, min(last, cue_start)), (max(first, relay_end), last)]
        fragments = tuple((start, end) for start, end in (_trimmed(text, *piece) for piece in pieces) if start < end)
        return [FragmentAttribution(FragmentSpan(((relay_start, relay_end),)), cue, FragmentSpan(fragments))]
    return [attribution]


# The words before a speaker an outlet passes a report on from ("citing", "which quoted").
_CITING = re.compile(r"\b(citing|quoting|(?:which|who) (?:cited|quoted))\s*$", re.IGNORECASE)


def _as_cited(
    attribution: FragmentAttribution, relays: Sequence[tuple[int, int]], text: str
) -> list[FragmentAttribution] | None:
    """PolNeAR's two attributions of "X, Z reported, citing Y" (see in_polnear_form), or None."""
    source = attribution.source
    if source is None or not relays:
        return None
    before = text[max(0, source.start - 20) : source.start]
    if (match := _CITING.search(before)) is None:
        return None
    word_end = source.start - len(before) + match.end(1)
    citing_cue = FragmentSpan(((word_end - len(match.group(1).split()[-1]), word_end),))
    relay = FragmentSpan((tuple(relays[-1]),))
    return [
        FragmentAttribution(relay, attribution.cue, attribution.content),
        FragmentAttribution(relay, citing_cue, source),
    ]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The characters start:end without the spaces and commas at their edges."""
    while start < end and text[start] in " \n,":
        start += 1
    while end > start and text[end - 1] in " \n,":
        end -= 1
    return start, end


def score_attributions(examples: Iterable[Example], **kwargs) -> dict[str, float]:
    """Exact F1 (0..1) of sources, cues, contents and whole attributions, for spaCy's training loop."""
    scorer = AttributionScorer()
    for example in examples:
        scorer.add(
            example.reference.text,
            attributions_from_doc(example.reference),
            attributions_from_doc(example.predicted),
        )
    result = scorer.result()
    names = ("source", "cue", "content", "attribution")
    return {f"attribution_{name}_f": result[name]["exact"]["f1"] / 100 for name in names}


@registry.scorers("whosaid.attribution_scorer.v1")
def make_attribution_scorer() -> Callable[..., dict[str, float]]:
    return score_attributions
