"""Token features for attribution, computed from the Doc in linear time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, HEAD, SENT_START
from spacy.tokens import Doc, Span

from whosaid.pipeline.text import number_quotations, words_of


@dataclass
class DocAnalysis:
    """Per-token facts the attribution component reads, gathered in one pass."""

    words: list[str]
    heads: list[int]
    deps: list[str]
    sentences: list[int]
    quotation_numbers: list[int]


def analyse(doc: Doc) -> DocAnalysis:
    if not len(doc):
        return DocAnalysis([], [], [], [], [])
    # Arrays rather than Token objects: this runs on every Doc the pipeline sees.
    array = doc.to_array([HEAD, SENT_START]).astype("int64")  # relative heads; -1/0/1 starts
    heads = (array[:, 0] + numpy.arange(len(doc))).tolist()
    strings = doc.vocab.strings
    deps = [strings[dep] if dep else "" for dep in doc.to_array(DEP).tolist()]
    starts = array[:, 1] == 1
    starts[0] = True
    sentences = (numpy.cumsum(starts) - 1).tolist()
    words = words_of(doc)
    return DocAnalysis(words, heads, deps, sentences, number_quotations(words))


@dataclass(frozen=True)
class CueWindow:
    """The tokens in which a cue's source and content are looked for."""

    cue: Span
    start: int
    end: int


def cue_window(cue: Span, sentences: list[int], before: int = 1, after: int = 3, max_tokens: int = 160) -> CueWindow:
    """From `before` sentences before the cue's sentence to `after` sentences after it."""
    doc = cue.doc
    first, last = sentences[cue.start] - before, sentences[cue.end - 1] + after
    start = cue.start
    while start > 0 and sentences[start - 1] >= first and cue.end - (start - 1) <= max_tokens:
        start -= 1
    end = cue.end
    while end < len(doc) and sentences[end] <= last and end + 1 - start <= max_tokens:
        end += 1
    return CueWindow(cue, start, end)


def relation_to_cue(analysis: DocAnalysis, cue: Span, start: int, end: int) -> list[str]:
    """How each token in [start, end) relates to the cue in the dependency tree.

    "CUE"; "DOWN:<label>" in the subtree of the cue's child with that label;
    "UP" an ancestor of the cue; "SIB:<label>" in the subtree of the cue
    head's child with that label; "SENT" elsewhere in the cue's sentence;
    "OUT" outside it.
    """
    heads, deps, sentences = analysis.heads, analysis.deps, analysis.sentences
    root = cue.root.i
    head = heads[root] if heads[root] != root else -1
    ancestors_of_root = set()
    node = root
    while heads[node] != node:
        node = heads[node]
        ancestors_of_root.add(node)
    cue_sentence = sentences[root]
    # The relation a token gets from the first ancestor that decides it; memoized along head chains.
    decided: dict[int, str | None] = {}

    def below(i: int) -> str | None:
        """DOWN:/SIB: label if i is under the cue or its head, else None."""
        path = []
        node = i
        while node not in decided:
            parent = heads[node]
            if parent == node:
                decided[node] = None
                break
            if parent == root:
                decided[node] = f"DOWN:{deps[node]}"
                break
            if parent == head:
                decided[node] = f"SIB:{deps[node]}"
                break
            path.append(node)
            node = parent
        for visited in path:
            decided[visited] = decided[node]
        return decided[i]

    relations = []
    for i in range(start, end):
        if cue.start <= i < cue.end:
            relations.append("CUE")
        elif i in ancestors_of_root:
            relations.append("UP")
        else:
            relations.append(below(i) or ("SENT" if sentences[i] == cue_sentence else "OUT"))
    return relations


def distance_buckets(cue: Span, start: int, end: int) -> numpy.ndarray:
    """Signed log-scale distance of tokens [start, end) from the cue: 0 inside,
    else the distance's bit length: ±1 (1), ±2 (2-3), ±3 (4-7), ... ±8 (128 and more)."""
    positions = numpy.arange(start, end)
    before = positions < cue.start
    after = positions >= cue.end
    distance = numpy.where(before, cue.start - positions, positions - cue.end + 1)
    # frexp's exponent of a positive integer is its bit length.
    buckets = numpy.minimum(numpy.frexp(numpy.maximum(distance, 1))[1], 8)
    return numpy.where(before, -buckets, numpy.where(after, buckets, 0))
