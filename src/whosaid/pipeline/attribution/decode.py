"""Turn per-token BILUO labels into spans, leniently; and what both attribution components
do to their spans alike.

A span starts at B or U, or at an I or L that follows nothing of its type,
and ends at L or U, or where the next label is not I or L of its type. So a
model's slips (O I L, B B) still give spans instead of being dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy
from spacy.tokens import Doc

from whosaid.pipeline.attribution_spans import CONTENT, CUE
from whosaid.pipeline.syntax import SUBJECTS
from whosaid.pipeline.text import ADDRESSED_NOUNS

# The words that may stand between a clause's subject and its verb ("had", "not").
_VERB_HELPERS = frozenset({"aux", "auxpass", "neg"})
# How many words may stand between "in a" and the form of a statement ("in a recent telephone interview").
FORM_MODIFIERS = 2


def biluo_to_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) for each span, `end` exclusive."""
    spans = []
    start: int | None = None
    current: str | None = None
    for i, label in enumerate(labels):
        prefix, _, kind = label.partition("-")
        continues = start is not None and kind == current and prefix in ("I", "L")
        if start is not None and not continues:
            spans.append((start, i, current))
            start = current = None
        if prefix == "O":
            continue
        if start is None:
            start, current = i, kind
        if prefix in ("L", "U"):
            spans.append((start, i + 1, current))
            start = current = None
    if start is not None:
        spans.append((start, len(labels), current))
    return spans


def spans_to_biluo(length: int, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * length
    for start, end, kind in spans:
        if end - start == 1:
            labels[start] = f"U-{kind}"
            continue
        labels[start] = f"B-{kind}"
        for i in range(start + 1, end - 1):
            labels[i] = f"I-{kind}"
        labels[end - 1] = f"L-{kind}"
    return labels


_EPSILON = 1e-6
# Added per stretch of free tokens so that a running maximum restarts at each blocked token.
_STRETCH_OFFSET = 1e7


def _best_ending_at(probs: numpy.ndarray, columns: tuple[int, int, int, int], blocked: numpy.ndarray):
    """For each token e: the best score of a span of the role ending at e, and its start.

    A span's score is its log-likelihood ratio against none of its tokens having
    the role: B (or U) at its start, I inside, L at its end. Spans never cover a
    blocked token. Linear in the number of tokens: the best start for each end is a
    running maximum over the prefix sums.
    """
    b, i, last, u = (numpy.log(probs[:, column] + _EPSILON) for column in columns)
    outside = numpy.log(numpy.clip(1.0 - probs[:, list(columns)].sum(axis=1), _EPSILON, None))
    inside = numpy.concatenate(([0.0], numpy.cumsum(i - outside)))
    n = len(probs)
    stretch = numpy.cumsum(blocked) * _STRETCH_OFFSET
    # A span [s, e] with s < e scores (b[s] - out[s] - inside[s+1]) + inside[e] + (last[e] - out[e]).
    opening = numpy.where(blocked, -numpy.inf, b - outside - inside[1:]) + stretch
    running = numpy.maximum.accumulate(opening)
    where_running = numpy.maximum.accumulate(numpy.where(opening == running, numpy.arange(n), 0))
    before = numpy.concatenate(([-numpy.inf], running[:-1])) - stretch
    starts = numpy.concatenate(([0], where_running[:-1]))
    longer = before + inside[:-1] + last - outside
    single = u - outside
    use_single = single >= longer
    scores = numpy.where(blocked, -numpy.inf, numpy.where(use_single, single, longer))
    return scores, numpy.where(use_single, numpy.arange(n), starts)


def best_spans(
    probs: numpy.ndarray,
    columns: tuple[int, int, int, int],
    blocked: numpy.ndarray,
    split_at: tuple[int, int] | None = None,
) -> list[tuple[int, int]]:
    """The most likely spans (start, end exclusive) of a role: none, one, or, when
    `split_at` (start, end) is given, one before and one after it, as a content
    interrupted by its cue ("A," she said, "B"). `probs` are per-token label
    probabilities, `columns` the role's B, I, L, U columns."""
    if not len(probs):
        return []
    scores, starts = _best_ending_at(probs, columns, blocked)
    end = int(numpy.argmax(scores))
    options = [(scores[end], [(int(starts[end]), end + 1)])]
    if split_at is not None and 0 < split_at[0] and split_at[1] < len(probs):
        first = int(numpy.argmax(scores[: split_at[0]]))
        second = int(numpy.argmax(scores[split_at[1] :])) + split_at[1]
        if starts[second] >= split_at[1]:
            pair = [(int(starts[first]), first + 1), (int(starts[second]), second + 1)]
            options.append((scores[first] + scores[second], pair))
    score, spans = max(options, key=lambda option: option[0])
    return spans if score > 0 else []


def _covered(doc: Doc, spans: list[tuple[str, int, int]], role: str | None = None) -> numpy.ndarray:
    """Which tokens the spans (of `role`, if given) hold."""
    covered = numpy.zeros(len(doc), dtype=bool)
    for span_role, start, end in spans:
        covered[start:end] |= role is None or span_role == role
    return covered


def cues_with_their_form(doc: Doc, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Role spans with each cue run on over the form of the statement right after it ("said in
    a statement", "said in a recent interview"), where the tagger left those words outside every
    span. PolNeAR train's annotators put such a phrase in the cue about as often as they leave it
    out of every span (104 against 95); on dev the run-on adds 0.1 to the cue's exact F1."""
    taken = _covered(doc, spans)
    result = []
    for role, start, end in spans:
        opens_a_form = (
            role == CUE
            and end + 2 < len(doc)
            and doc[end].lower_ == "in"
            and doc[end + 1].lower_ in ("a", "an")
            and not taken[end : end + 2].any()
        )
        if opens_a_form:
            for noun in range(end + 2, min(end + 3 + FORM_MODIFIERS, len(doc))):
                if not doc[noun].is_alpha or taken[noun]:
                    break
                if doc[noun].lower_ in ADDRESSED_NOUNS:
                    end = noun + 1
                    break
        result.append((role, start, end))
    return result


# Relations of the phrases a cue's verb takes before its complement ("said on Monday that",
# "said last week that"), in ClearNLP's labels and Universal Dependencies'.
_CUE_ADJUNCTS = frozenset({"prep", "npadvmod", "advmod", "obl", "obl:tmod"})


def after_the_cues_phrases(doc: Doc, start: int, end: int, is_cue: Callable[[int], bool]) -> int:
    """Where a content in doc[start:end] begins once the phrases a cue's verb takes before a "that"
    are left out ("said [on Monday] that ..."): at the "that"; else at `start`."""
    first = start
    while first < end and doc[first].dep_ in _CUE_ADJUNCTS and is_cue(doc[first].head.i):
        first = doc[first].right_edge.i + 1
        while first < end and doc[first].is_punct:
            first += 1
    return first if start < first < end and doc[first].lower_ == "that" else start


def contents_after_the_cues_phrases(doc: Doc, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Role spans with each content that opens on a phrase of a cue's verb before a "that"
    ("said [on Monday that repairs would take weeks]") starting at the "that": when, where or how
    the words were said is not what was said."""
    if not doc.has_annotation("DEP"):
        return spans
    cue_tokens = _covered(doc, spans, CUE)
    return [
        (role, after_the_cues_phrases(doc, start, end, cue_tokens.__getitem__) if role == CONTENT else start, end)
        for role, start, end in spans
    ]


def contents_with_their_verb(doc: Doc, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Role spans with each content that holds only the subject of a cue's clause run on over the
    rest of that clause ("Ruiz said [5,000 engineers] arrived last spring": a clause without its
    verb states nothing), where no other span lies in the way."""
    if not doc.has_annotation("DEP"):
        return spans
    taken, cue_tokens = _covered(doc, spans), _covered(doc, spans, CUE)
    result = []
    for role, start, end in spans:
        heads = [token for token in doc[start:end] if not start <= token.head.i < end and not token.is_punct]
        if role == CONTENT and len(heads) == 1 and heads[0].dep_ in SUBJECTS:
            verb = heads[0].head
            last = verb.right_edge.i
            while last > verb.i and doc[last].is_punct:
                last -= 1
            # the verb right after the content, or its auxiliaries between ("[5,000 engineers] had arrived")
            next_to = all(token.head == verb and token.dep_ in _VERB_HELPERS for token in doc[end : verb.i])
            if verb.i >= end and next_to and cue_tokens[verb.head.i] and not taken[end : last + 1].any():
                end = last + 1
        result.append((role, start, end))
    return result
