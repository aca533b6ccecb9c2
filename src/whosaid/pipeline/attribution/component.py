"""`whosaid_attribution_v1`: find cues, then each cue's source and content.

Writes `doc.spans["whosaid_attributions"]` (see whosaid.pipeline.attribution_spans)
and each attribution's confidence in `doc._.whosaid_attribution_confidence`; with another
`spans_key` (the accurate and precise profiles' second opinion, "whosaid_second_opinion"), its
spans alone, under that key.
Tokens belong to at most one attribution, as in PolNeAR: attributions are
settled in order of confidence and later ones cannot claim taken tokens,
except that an attribution may lie inside another's content (nesting:
"Z reported that X said ...") and a source may speak for several cues ("Trump
said ... and vowed ...").
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.vocab import Vocab
from thinc.api import Config, Model, NumpyOps, Optimizer, SequenceCategoricalCrossentropy, set_dropout_rate
from threadpoolctl import threadpool_limits

from whosaid.pipeline.attribution.decode import (
    best_spans,
    biluo_to_spans,
    contents_after_the_cues_phrases,
    contents_with_their_verb,
    cues_with_their_form,
    spans_to_biluo,
)
from whosaid.pipeline.attribution.features import (
    CueWindow,
    DocAnalysis,
    analyse,
    cue_window,
    distance_buckets,
    relation_to_cue,
)
from whosaid.pipeline.attribution.model import (
    CONTENT_COLUMNS,
    CUE_LABELS,
    INSIDE_QUOTE,
    OUTSIDE_QUOTE,
    QUOTE_MARK,
    ROLE_LABELS,
    SOURCE_COLUMNS,
    RoleInput,
    token_feature_ids,
)
from whosaid.pipeline.attribution_spans import (
    CONFIDENCE_EXTENSION,
    CONTENT,
    CUE,
    SOURCE,
    SPANS_KEY,
    attributions_in,
)
from whosaid.pipeline.extensions import register_extensions
from whosaid.pipeline.text import QUOTE_MARKS

FACTORY = "whosaid_attribution_v1"
# Registered by whosaid.pipeline.attribution.scoring (entry point spacy_scorers).
SCORER = "whosaid.attribution_scorer.v1"
WINDOWS_PER_CALL = 128

DEFAULT_MODEL = """
[model]
@architectures = "whosaid.AttributionModel.v1"

[model.encoder]
@architectures = "whosaid.AttributionEncoder.v1"
tensor_width = 64
width = 64
depth = 1
word_rows = 5000

[model.cue_head]
@architectures = "whosaid.AttributionCueHead.v1"
width = 64

[model.role_head]
@architectures = "whosaid.AttributionRoleHead.v1"
width = 64
hidden = 64
depth = 1
"""


@dataclass
class FoundAttribution:
    cue: tuple[int, int]
    source: tuple[int, int] | None
    contents: list[tuple[int, int]]
    confidence: float


def _quote_states(analysis: DocAnalysis) -> list[int]:
    return [
        QUOTE_MARK if word in QUOTE_MARKS else INSIDE_QUOTE if number else OUTSIDE_QUOTE
        for word, number in zip(analysis.words, analysis.quotation_numbers)
    ]


def _neighbouring_quotation(window: CueWindow, numbers: list[int], reach: int = 3) -> int:
    """The quotation just before or after the cue (within `reach` tokens), or 0."""
    cue = window.cue
    for i in [
        *range(cue.start - 1, max(cue.start - 1 - reach, -1), -1),
        *range(cue.end, min(cue.end + reach, len(numbers))),
    ]:
        if numbers[i]:
            return numbers[i]
    return 0


@functools.lru_cache(maxsize=1024)
def _relation_id(relation: str) -> int:
    return get_string_id(relation)


def role_input(doc_index: int, window: CueWindow, analysis: DocAnalysis) -> RoleInput:
    """Feature ids, one row a window token: relation to the cue, distance bucket,
    sentence offset (-1..3, shifted to 0..4), same quotation as the cue's neighbour."""
    cue, start, end = window.cue, window.start, window.end
    relations = [_relation_id(relation) for relation in relation_to_cue(analysis, cue, start, end)]
    sentences = numpy.asarray(analysis.sentences[start:end])
    sentence_offsets = numpy.clip(sentences - analysis.sentences[cue.start], -1, 3) + 1
    quotation = _neighbouring_quotation(window, analysis.quotation_numbers)
    same_quotation = (numpy.asarray(analysis.quotation_numbers[start:end]) == quotation) & (quotation != 0)
    columns = (
        numpy.asarray(relations, dtype="uint64"),
        (distance_buckets(cue, start, end) + 8).astype("uint64"),
        sentence_offsets.astype("uint64"),
        same_quotation.astype("uint64"),
    )
    return RoleInput(doc_index, window, numpy.stack(columns, axis=1).reshape((-1, 4)))


# Matrix products by numpy's BLAS (OpenBLAS): on a CPU BLIS does not recognise (this project's AMD
# EPYC, as its virtual machine reports it) BLIS's generic kernels take 3 to 4 times as long.
_NUMPY_PRODUCTS = NumpyOps(use_blis=False)


def _numpy_products(model: Model) -> None:
    """The model's CPU layers multiply through numpy; its answers move in the last bits only (the
    same spans on PolNeAR dev, confidences within 5e-7)."""
    for node in model.walk():
        if type(node.ops) is NumpyOps:
            node.ops = _NUMPY_PRODUCTS


class AttributionTagger(TrainablePipe):
    def __init__(
        self,
        vocab: Vocab,
        model: Model,
        name: str = "attribution",
        *,
        window_before: int = 1,
        window_after: int = 3,
        max_window_tokens: int = 160,
        scorer: Callable | None = None,
        spans_key: str = SPANS_KEY,
    ) -> None:
        self.vocab = vocab
        self.spans_key = spans_key
        self.scorer = scorer
        self.model = model
        self.name = name
        self.cfg = {
            "window_before": window_before,
            "window_after": window_after,
            "max_window_tokens": max_window_tokens,
        }
        register_extensions()
        _numpy_products(model)

    @property
    def labels(self) -> tuple[str, ...]:
        return (SOURCE, CUE, CONTENT)

    def _window(self, cue: Span, sentences: list[int]) -> CueWindow:
        return cue_window(
            cue,
            sentences,
            before=self.cfg["window_before"],
            after=self.cfg["window_after"],
            max_tokens=self.cfg["max_window_tokens"],
        )

    def _encode(self, docs: list[Doc], analyses: list[DocAnalysis], is_train: bool):
        encoder = self.model.get_ref("encoder")
        inputs = (docs, [token_feature_ids(doc, _quote_states(a)) for doc, a in zip(docs, analyses)])
        return encoder.begin_update(inputs) if is_train else (encoder.predict(inputs), None)

    def predict(self, docs: Iterable[Doc]) -> list[list[FoundAttribution]]:
        # one thread, as spaCy's own components run: a pool of processes has the other cores
        with threadpool_limits(1, user_api="blas"):
            return self._predict(list(docs))

    def _predict(self, docs: list[Doc]) -> list[list[FoundAttribution]]:
        if not any(len(doc) for doc in docs):
            return [[] for _ in docs]
        analyses = [analyse(doc) for doc in docs]
        vectors, _ = self._encode(docs, analyses, is_train=False)
        cue_probs = self.model.get_ref("cue_head").predict(vectors)
        candidates = []  # (doc index, cue span, cue confidence)
        for index, (doc, probs) in enumerate(zip(docs, cue_probs)):
            labels = [CUE_LABELS[k] for k in probs.argmax(axis=1)]
            for start, end, _ in biluo_to_spans(labels):
                confidence = float(probs[start:end].max(axis=1).mean())
                candidates.append((index, doc[start:end], confidence))
        windows = [
            role_input(index, self._window(cue, analyses[index].sentences), analyses[index])
            for index, cue, _ in candidates
        ]
        role_head = self.model.get_ref("role_head")
        role_probs = [
            probs
            # In groups, so that memory stays bounded however many cues a batch has.
            for first in range(0, len(windows), WINDOWS_PER_CALL)
            for probs in role_head.predict((vectors, windows[first : first + WINDOWS_PER_CALL]))
        ]
        found: list[list[FoundAttribution]] = [[] for _ in docs]
        for (index, cue, cue_confidence), window, probs in zip(candidates, windows, role_probs):
            attribution = self._read_roles(cue, window.window, probs, cue_confidence)
            if attribution is not None:
                found[index].append(attribution)
        return found

    @staticmethod
    def _read_roles(cue: Span, window: CueWindow, probs, cue_confidence: float) -> FoundAttribution | None:
        """The most likely content (one span, or two around the cue), then the most
        likely source among the tokens left."""
        blocked = numpy.zeros(len(probs), dtype=bool)
        cue_in_window = (cue.start - window.start, cue.end - window.start)
        blocked[cue_in_window[0] : cue_in_window[1]] = True
        contents = best_spans(probs, CONTENT_COLUMNS, blocked, split_at=cue_in_window)
        if not contents:
            return None
        for start, end in contents:
            blocked[start:end] = True
        sources = best_spans(probs, SOURCE_COLUMNS, blocked)
        content_probs = numpy.concatenate(
            [probs[start:end, list(CONTENT_COLUMNS)].sum(axis=1) for start, end in contents]
        )
        confidence = float(numpy.sqrt(cue_confidence * content_probs.mean()))
        return FoundAttribution(
            (cue.start, cue.end),
            (sources[0][0] + window.start, sources[0][1] + window.start) if sources else None,
            [(start + window.start, end + window.start) for start, end in contents],
            confidence,
        )

    def set_annotations(self, docs: Iterable[Doc], found: list[list[FoundAttribution]]) -> None:
        for doc, attributions in zip(docs, found):
            settlement = Settlement(len(doc))
            spans: list[tuple[str, int, int, str]] = []  # role, start, end, attribution
            confidence: dict[str, float] = {}
            for attribution in claim_order(attributions):
                pieces = settlement.claim(attribution)
                if not pieces:
                    continue
                key = f"a{len(confidence) + 1}"
                spans.extend((label, start, end, key) for label, (start, end) in pieces)
                confidence[key] = round(attribution.confidence, 4)
            spans.sort(key=lambda span: span[1:3])
            ranges = [span[:3] for span in spans]
            ranges = contents_with_their_verb(doc, contents_after_the_cues_phrases(doc, ranges))
            ranges = cues_with_their_form(doc, ranges)
            doc.spans[self.spans_key] = [
                Span(doc, start, end, label=label, span_id=key) for (label, start, end), (*_, key) in zip(ranges, spans)
            ]
            if self.spans_key == SPANS_KEY:
                doc._.set(CONFIDENCE_EXTENSION, confidence)

    # Training

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None) -> None:
        self.model.initialize()

    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Optimizer | None = None,
        losses: dict[str, float] | None = None,
    ) -> dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = [eg for eg in examples if len(eg.predicted)]
        if not examples:
            return losses
        set_dropout_rate(self.model, drop)
        docs = [eg.predicted for eg in examples]
        analyses = [analyse(doc) for doc in docs]
        vectors, backprop_vectors = self._encode(docs, analyses, is_train=True)
        cue_head, role_head = self.model.get_ref("cue_head"), self.model.get_ref("role_head")

        cue_scores, backprop_cue = cue_head.begin_update(vectors)
        cue_truths, windows, role_truths = [], [], []
        for index, (example, analysis) in enumerate(zip(examples, analyses)):
            gold = _gold_attributions(example)
            cue_truths.append(spans_to_biluo(len(example.predicted), [(c.start, c.end, CUE) for c, _ in gold]))
            for cue, roles in gold:
                window = self._window(cue, analysis.sentences)
                windows.append(role_input(index, window, analysis))
                inside = [
                    (max(s.start, window.start) - window.start, min(s.end, window.end) - window.start, kind)
                    for kind, s in roles
                    if s.start < window.end and window.start < s.end
                ]
                role_truths.append(spans_to_biluo(window.end - window.start, inside))
        d_cue, cue_loss = SequenceCategoricalCrossentropy(normalize=False, names=CUE_LABELS)(cue_scores, cue_truths)
        d_vectors = backprop_cue(d_cue)
        role_loss = 0.0
        if windows:
            role_scores, backprop_role = role_head.begin_update((vectors, windows))
            d_role, role_loss = SequenceCategoricalCrossentropy(normalize=False, names=ROLE_LABELS)(
                role_scores, role_truths
            )
            d_from_roles, _ = backprop_role(d_role)
            d_vectors = [a + b for a, b in zip(d_vectors, d_from_roles)]
        backprop_vectors(d_vectors)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += float(cue_loss) + float(role_loss)
        return losses

    def score(self, examples: Iterable[Example], **kwargs) -> dict[str, float]:
        """The configured scorer's figures (by default `whosaid.attribution_scorer.v1`, exact F1 per role)."""
        return self.scorer(examples, **kwargs) if self.scorer is not None else {}


class Settlement:
    """Which tokens attributions have claimed, most confident first.

    A token has one role in the attributions of its level, as in PolNeAR, and
    belongs to one of them, but for a source claimed whole again by a later cue
    (PolNeAR shares such a source; on dev whole attributions +1.4). One
    level of nesting is kept: an attribution whose cue lies in another's
    content ("Z reported that X said ...") is reported by it, and its roles
    are confined to that content.
    """

    def __init__(self, length: int) -> None:
        self.taken = numpy.zeros(length, dtype=bool)
        self.content_of = numpy.full(length, -1)  # which outer attribution's content a token is in
        self.taken_inside = numpy.zeros(length, dtype=bool)
        self.outer = 0
        # The sources claimed at each level (None: outermost, else the outer attribution reporting
        # them): one may speak again for another cue ("Trump said ... and vowed ...").
        self.sources: set[tuple[int | None, tuple[int, int]]] = set()

    def claim(self, attribution: FoundAttribution) -> list[tuple[str, tuple[int, int]]]:
        """The (label, span) pieces this attribution gets, or [] when it cannot be placed."""
        cue_start, cue_end = attribution.cue
        if not self.taken[cue_start:cue_end].any():
            free = ~self.taken
            taken, nested, level = self.taken, False, None
        else:
            owners = set(self.content_of[cue_start:cue_end].tolist())
            if len(owners) != 1 or -1 in owners or self.taken_inside[cue_start:cue_end].any():
                return []
            level = owners.pop()
            free = (self.content_of == level) & ~self.taken_inside
            taken, nested = self.taken_inside, True
        contents = [piece for span in attribution.contents for piece in _free_pieces(span, free)]
        if not contents:
            return []
        pieces = [(CUE, (cue_start, cue_end))] + [(CONTENT, span) for span in contents]
        if attribution.source is not None and (level, attribution.source) in self.sources:
            pieces.append((SOURCE, attribution.source))
        elif attribution.source is not None:
            pieces += [(SOURCE, piece) for piece in _free_pieces(attribution.source, free)][:1]
        self.sources.update((level, span) for label, span in pieces if label == SOURCE)
        for label, (start, end) in pieces:
            taken[start:end] = True
            if label == CONTENT and not nested:
                self.content_of[start:end] = self.outer
        self.outer += not nested
        return pieces


def claim_order(attributions: list[FoundAttribution]) -> list[FoundAttribution]:
    """Most confident first, but a report whose content holds another's cue ("X said ..., Reuters
    reported") comes just before it, with its confidence, so that it is placed and the other
    nested in it: claimed after it, it would find its content taken."""

    def holds(outer: FoundAttribution, inner: FoundAttribution) -> bool:
        return outer is not inner and any(
            start <= inner.cue[0] and inner.cue[1] <= end for start, end in outer.contents
        )

    def rank(attribution: FoundAttribution) -> tuple[float, int]:
        held = [other.confidence for other in attributions if holds(attribution, other)]
        return -max([attribution.confidence, *held]), -len(held)

    return sorted(attributions, key=rank)


def _free_pieces(span: tuple[int, int], free: numpy.ndarray) -> list[tuple[int, int]]:
    """The runs of a span's free tokens."""
    pieces = []
    start = None
    for i in range(span[0], span[1] + 1):
        is_free = i < span[1] and free[i]
        if is_free and start is None:
            start = i
        elif not is_free and start is not None:
            pieces.append((start, i))
            start = None
    return pieces


def _gold_attributions(example: Example) -> list[tuple[Span, list[tuple[str, Span]]]]:
    """(cue, [(role, span), ...]) for each gold attribution with a cue, on the predicted tokens."""
    result = []
    for roles in attributions_in(example.reference).values():
        cues = example.get_aligned_spans_y2x(roles[CUE], allow_overlap=True)
        if not cues:
            continue
        aligned = [
            (label, span)
            for label in (SOURCE, CONTENT)
            for span in example.get_aligned_spans_y2x(roles[label], allow_overlap=True)
        ]
        result.append((cues[0], aligned))
    return result


@Language.factory(
    FACTORY,
    assigns=["doc.spans", f"doc._.{CONFIDENCE_EXTENSION}"],
    requires=["doc.tensor", "token.dep", "token.tag", "token.is_sent_start"],
    default_config={
        "model": Config().from_str(DEFAULT_MODEL)["model"],
        "window_before": 1,
        "window_after": 3,
        "max_window_tokens": 160,
        "scorer": {"@scorers": SCORER},
        "spans_key": SPANS_KEY,
    },
    default_score_weights={
        "attribution_source_f": 0.25,
        "attribution_cue_f": 0.25,
        "attribution_content_f": 0.25,
        "attribution_attribution_f": 0.25,
    },
)
def make_attribution_tagger(
    nlp: Language,
    name: str,
    model: Model,
    window_before: int,
    window_after: int,
    max_window_tokens: int,
    scorer: Callable | None,
    spans_key: str,
) -> AttributionTagger:
    return AttributionTagger(
        nlp.vocab,
        model,
        name,
        window_before=window_before,
        window_after=window_after,
        max_window_tokens=max_window_tokens,
        scorer=scorer,
        spans_key=spans_key,
    )
