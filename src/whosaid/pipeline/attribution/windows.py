"""Subword windows over a whole article, shared by the encoder model's training and inference.

An article is tokenized once into subwords with character offsets, then cut into
windows of at most `WINDOW` subwords that overlap by a quarter, so that every
subword is seen with context on both sides and content running across sentences
stays within one window. Each window is framed by the encoder's [CLS] and [SEP].

The encoder's tokenizer drops line breaks, yet paragraphs bound attributions (in
PolNeAR train 1 % of contents cross one, and many end at one); a model trained with
`paragraph_marker` reads a [SEP] between the subwords of two paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy

WINDOW = 512
# Neighbouring windows share a quarter of their subwords.
OVERLAP_SHARE = 4
# BIO tags over subwords, one role per token (PolNeAR is univocal).
ROLE_TAGS = ("O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT")
ROLE_OF_TAG = [None, "SOURCE", "SOURCE", "CUE", "CUE", "CONTENT", "CONTENT"]
TAG_INDEX = {tag: index for index, tag in enumerate(ROLE_TAGS)}
# BIO tags of the named entities a model with an entity head reads (the shipped NER's labels).
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "MISC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT")
ENTITY_TAGS = ("O", *(f"{prefix}-{label}" for label in ENTITY_LABELS for prefix in ("B", "I")))
ENTITY_TAG_INDEX = {tag: index for index, tag in enumerate(ENTITY_TAGS)}
IGNORE = -100


@dataclass(frozen=True)
class Window:
    """Subwords `start:end` of the article, with the encoder's frame added."""

    start: int
    end: int
    input_ids: numpy.ndarray  # (end - start + 2,), [CLS] ... [SEP]


def load_tokenizer(path):
    """The encoder's fast tokenizer, reading whole articles (no truncation, no padding)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


# The window frame of BERT-style vocabularies (MiniLM), then of RoBERTa-style ones (MPNet).
_FRAME_TOKENS = (("[CLS]", "[SEP]"), ("<s>", "</s>"))


def frame_ids(tokenizer) -> tuple[int, int]:
    """The ids that open and close a window (and mark a paragraph) in the tokenizer's vocabulary."""
    for opening, closing in _FRAME_TOKENS:
        ids = tokenizer.token_to_id(opening), tokenizer.token_to_id(closing)
        if None not in ids:
            return ids
    raise ValueError("the tokenizer has neither [CLS]/[SEP] nor <s>/</s>")


_LINE_BREAK = re.compile(r"\n")


@dataclass(frozen=True)
class Subwords:
    """An article's subwords: ids, (start, end) character offsets, and which are paragraph markers."""

    ids: numpy.ndarray  # (n,)
    offsets: numpy.ndarray  # (n, 2)
    markers: numpy.ndarray  # (n,) bool

    @property
    def starts(self) -> numpy.ndarray:
        return self.offsets[:, 0]


def encode_article(tokenizer, text: str, paragraph_marker: bool) -> Subwords:
    """The article's subwords, with a [SEP] at each line break between two subwords when
    `paragraph_marker` (its offsets: the line break's)."""
    encoded = tokenizer.encode(text, add_special_tokens=False)
    ids = numpy.array(encoded.ids, dtype="int64")
    offsets = numpy.array(encoded.offsets, dtype="int64").reshape(-1, 2)
    if paragraph_marker and len(ids):
        breaks = numpy.array([match.start() for match in _LINE_BREAK.finditer(text)], dtype="int64")
        # One marker per gap between subwords that holds a line break, before the gap's next subword.
        gap = numpy.searchsorted(offsets[:, 0], breaks)
        first_of_gap = numpy.unique(gap, return_index=True)[1]
        gap, breaks = gap[first_of_gap], breaks[first_of_gap]
        inside = (gap > 0) & (gap < len(ids))
        gap, breaks = gap[inside], breaks[inside]
        ids = numpy.insert(ids, gap, frame_ids(tokenizer)[1])
        offsets = numpy.insert(offsets, gap, numpy.stack([breaks, breaks + 1], axis=1), axis=0)
        markers = numpy.zeros(len(ids), dtype=bool)
        markers[gap + numpy.arange(len(gap))] = True
        return Subwords(ids, offsets, markers)
    return Subwords(ids, offsets, numpy.zeros(len(ids), dtype=bool))


def window_bounds(length: int, window: int = WINDOW) -> list[tuple[int, int]]:
    """(start, end) of windows of at most `window - 2` subwords covering `length`, overlapping.
    The last ends at the text's end and is as long as the others: a short one would start just
    before the subwords it reads, which would then see nothing before them (a content would not
    reach its cue)."""
    inner = window - 2
    overlap = window // OVERLAP_SHARE
    step = inner - overlap
    bounds = []
    start = 0
    while start + inner < length:
        bounds.append((start, start + inner))
        start += step
    bounds.append((max(length - inner, 0), length))
    return bounds


def make_windows(ids: numpy.ndarray, cls_id: int, sep_id: int, window: int = WINDOW) -> list[Window]:
    return [
        Window(start, end, numpy.concatenate(([cls_id], ids[start:end], [sep_id])).astype("int64"))
        for start, end in window_bounds(len(ids), window)
    ]


def centre_weights(bounds: list[tuple[int, int]], length: int) -> list[numpy.ndarray]:
    """Per window, 1 where it is the window whose centre is nearest a subword, else 0.

    Each subword is read from the window in which it has the most context on both sides.
    """
    best_distance = numpy.full(length, numpy.inf)
    owner = numpy.zeros(length, dtype="int64")
    positions = numpy.arange(length)
    for index, (start, end) in enumerate(bounds):
        distance = numpy.abs(positions[start:end] - (start + end - 1) / 2)
        closer = distance < best_distance[start:end]
        best_distance[start:end][closer] = distance[closer]
        owner[start:end][closer] = index
    return [(owner[start:end] == index).astype("float32") for index, (start, end) in enumerate(bounds)]


def subword_tags(
    offsets: numpy.ndarray,
    spans: Iterable[tuple[str, tuple[tuple[int, int], ...]]],
    tag_index: dict[str, int] = TAG_INDEX,
) -> numpy.ndarray:
    """BIO tag indices of subwords (offsets: (n, 2) character spans) from labelled spans'
    fragments (roles, or entities with `ENTITY_TAG_INDEX`).

    A subword takes a label when its first character lies in a fragment; the first such
    subword of each fragment is B.
    """
    tags = numpy.zeros(len(offsets), dtype="int64")
    starts = offsets[:, 0]
    for role, fragments in spans:
        for fragment_start, fragment_end in fragments:
            inside = numpy.flatnonzero((starts >= fragment_start) & (starts < fragment_end))
            if len(inside):
                tags[inside] = tag_index[f"I-{role}"]
                tags[inside[0]] = tag_index[f"B-{role}"]
    return tags
