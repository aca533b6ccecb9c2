"""Sentence bounds of every token, computed once per Doc.

`Token.sent` and `Span.sent` walk the sentence on each access, which is
quadratic when many lookups fall in one long sentence (text without
sentence breaks); these arrays make each lookup constant time.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc


class SentenceBounds:
    """For each token: its sentence's number, first token, and the first token after it."""

    def __init__(self, doc: Doc) -> None:
        if len(doc) and doc.has_annotation("SENT_START"):
            self.number = numpy.cumsum(doc.to_array(SENT_START) == 1)
        else:  # no sentence annotation: the whole Doc is one sentence
            self.number = numpy.zeros(len(doc), dtype=int)
        self.starts = numpy.searchsorted(self.number, self.number, side="left").tolist()
        self.ends = numpy.searchsorted(self.number, self.number, side="right").tolist()
