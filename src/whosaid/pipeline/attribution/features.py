"""Token features for attribution, computed from the Doc in linear time.

Quotation marks are paired within a paragraph, so an odd number of marks, a
quote left open or thousands of marks never raise and never make a quote
run past its paragraph (wire stories reopen a quote at each paragraph).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

OPENING_QUOTES = frozenset({"“", "«", "„", "``"})
CLOSING_QUOTES = frozenset({"”", "»", "''"})
AMBIGUOUS_QUOTES = frozenset({'"'})
QUOTE_MARKS = OPENING_QUOTES | CLOSING_QUOTES | AMBIGUOUS_QUOTES


def is_paragraph_break(token) -> bool:
    return token.is_space and "\n" in token.text


def quotations(doc: Doc) -> list[int]:
    """For each token, the number of the quotation it is in (marks included), or 0."""
    numbers = [0] * len(doc)
    current = 0
    count = 0
    for token in doc:
        text = token.text
        if is_paragraph_break(token):
            current = 0
            continue
        if text in OPENING_QUOTES or (text in AMBIGUOUS_QUOTES and not current):
            if current:  # a new opening mark inside an open quote: close the old one first
                current = 0
            count += 1
            current = count
            numbers[token.i] = current
        elif text in CLOSING_QUOTES or (text in AMBIGUOUS_QUOTES and current):
            numbers[token.i] = current
            current = 0
        else:
            numbers[token.i] = current
    return numbers


def quotation_spans(doc: Doc) -> list[Span]:
    """The quotations of a Doc as spans, marks included."""
    numbers = quotations(doc)
    spans = []
    start = None
    for i in range(len(doc) + 1):
        number = numbers[i] if i < len(doc) else 0
        if start is not None and number != numbers[start]:
            spans.append(doc[start:i])
            start = None
        if start is None and number:
            start = i
    return spans


def sentence_numbers(doc: Doc) -> list[int]:
    numbers = [0] * len(doc)
    for number, sentence in enumerate(doc.sents):
        for i in range(sentence.start, sentence.end):
            numbers[i] = number
    return numbers


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


def relation_to_cue(cue: Span, start: int, end: int) -> list[str]:
    """How each token in doc[start:end] relates to the cue in the dependency tree.

    "CUE"; "DOWN:<label>" in the subtree of the cue's child with that label;
    "UP" an ancestor of the cue; "SIB:<label>" in the subtree of the cue
    head's child with that label; "SENT" elsewhere in the cue's sentence;
    "OUT" outside it.
    """
    doc = cue.doc
    root = cue.root
    head = root.head if root.head.i != root.i else None
    cue_sentence = root.sent
    ancestors_of_root = {token.i for token in root.ancestors}
    relations = []
    for i in range(start, end):
        if cue.start <= i < cue.end:
            relations.append("CUE")
            continue
        token = doc[i]
        if i in ancestors_of_root:
            relations.append("UP")
            continue
        relation = None
        child = token
        for ancestor in token.ancestors:
            if ancestor.i == root.i:
                relation = f"DOWN:{child.dep_}"
                break
            if head is not None and ancestor.i == head.i:
                relation = f"SIB:{child.dep_}"
                break
            child = ancestor
        if relation is None:
            inside = cue_sentence.start <= i < cue_sentence.end
            relation = "SENT" if inside else "OUT"
        relations.append(relation)
    return relations


def distance_bucket(i: int, cue: Span) -> int:
    """Signed log-scale distance from the cue: 0 inside, then ±1, ±2, ±3 (3-4), ... ±8 (129+)."""
    if cue.start <= i < cue.end:
        return 0
    distance = cue.start - i if i < cue.start else i - cue.end + 1
    bucket = min(distance.bit_length(), 8)
    return -bucket if i < cue.start else bucket
