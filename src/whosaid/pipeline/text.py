"""General helpers on a Doc, read by several components: its words and text, quotations.

Quotation marks are paired within a paragraph, so an odd number of marks, a
quote left open or thousands of marks never raise and never make a quote
run past its paragraph (wire stories reopen a quote at each paragraph).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy
from spacy.attrs import LOWER, ORTH, SPACY
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from whosaid.record.spans import cluster_start

OPENING_QUOTES = frozenset({"“", "«", "„", "``"})
CLOSING_QUOTES = frozenset({"”", "»", "''"})
AMBIGUOUS_QUOTES = frozenset({'"'})
QUOTE_MARKS = OPENING_QUOTES | CLOSING_QUOTES | AMBIGUOUS_QUOTES
# The marks that may open a quotation, and those that may close one ('"' does both).
MAY_OPEN_QUOTES = OPENING_QUOTES | AMBIGUOUS_QUOTES
MAY_CLOSE_QUOTES = CLOSING_QUOTES | AMBIGUOUS_QUOTES
RELATIVE_PRONOUNS = frozenset({"who", "whom", "whose", "which", "that"})
# The relative pronouns that surely open a clause: not "that", most often a complementiser.
CLAUSE_OPENERS = RELATIVE_PRONOUNS - {"that"}
# Nouns of a statement made in some form and to someone: "said in a statement to Z", "in comments
# to Z", "in an interview with Z".
ADDRESSED_NOUNS = frozenset({"statement", "comment", "remark", "interview", "email", "letter", "message", "call"})


# Line breaks the models were not trained on, as the "\n" they know, one character for one so
# offsets do not move: "\r\n" becomes " \n", a lone CR, NEL, VT, FF, U+2028 and U+2029 "\n".
_LINE_BREAKS = str.maketrans(dict.fromkeys("\r\x85\x0b\x0c\u2028\u2029", "\n"))


def pipeline_text(text: str) -> str:
    """The text as the pipeline reads it: the same length, line breaks as "\n" (see _LINE_BREAKS)."""
    return text.replace("\r\n", " \n").translate(_LINE_BREAKS)


def whole_clusters(doc: Doc) -> Doc:
    """The Doc with the tokens that cut a grapheme cluster apart (the two letters of a flag,
    the people of a family emoji) merged, so no word, name or span holds part of a character."""
    text = doc_text(doc)
    if text.isascii():
        return doc
    cuts = [t.i for t in doc[1:] if not doc[t.i - 1].whitespace_ and cluster_start(text, t.idx) != t.idx]
    if not cuts:
        return doc
    runs: list[list[int]] = []  # [first, last] tokens to merge; a cut at i joins tokens i - 1 and i
    for i in cuts:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i - 1, i])
    with doc.retokenize() as retokenizer:
        for first, last in runs:
            retokenizer.merge(doc[first : last + 1])
    return doc


def breaks_paragraph(text: str) -> bool:
    """Whether a token's text is the whitespace between two paragraphs."""
    return "\n" in text and text.isspace()  # the cheap test first: it runs on every word


def paragraph_breaks(words: list[str]) -> list[int]:
    """The indices of the words that break paragraphs."""
    return [i for i, text in enumerate(words) if breaks_paragraph(text)]


def number_quotations(words: list[str]) -> list[int]:
    numbers = [0] * len(words)
    current = count = 0
    unset = 0  # the first word not numbered yet: each takes the quotation open before it
    # Only marks and paragraph breaks change the quotation; the words between are numbered by slices.
    for i in sorted([*paragraph_breaks(words), *(i for i, text in enumerate(words) if text in QUOTE_MARKS)]):
        numbers[unset:i] = [current] * (i - unset)
        unset, text = i + 1, words[i]
        if breaks_paragraph(text):
            current = 0
        elif text in OPENING_QUOTES or (text in AMBIGUOUS_QUOTES and not current):
            count += 1
            current = numbers[i] = count
        else:  # a closing mark, or an ambiguous one in a quotation
            numbers[i] = current
            current = 0
    numbers[unset:] = [current] * (len(words) - unset)
    return numbers


def quotations(doc: Doc) -> list[int]:
    """For each token, the number of the quotation it is in (marks included), or 0.

    A new opening mark inside an open quotation starts a new one.
    """
    return number_quotations(words_of(doc))


def words_of(doc: Doc, attribute: int = ORTH) -> list[str]:
    """The tokens' texts (or lower-case forms, with LOWER), without a Token object per word."""
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(attribute).tolist()] if len(doc) else []


def tokens_with(doc: Doc, words: Collection[str], attribute: int = LOWER) -> list[int]:
    """The indices of the tokens whose `attribute` (LOWER, LEMMA, ORTH, TAG) is one of `words`,
    found in an array: most rules look at a few words of a doc, and a Token object per word costs."""
    if not len(doc) or not words:
        return []
    wanted = numpy.fromiter((get_string_id(word) for word in words), dtype="uint64", count=len(words))
    return numpy.flatnonzero(numpy.isin(doc.to_array(attribute), wanted)).tolist()


def doc_text(doc: Doc) -> str:
    """doc.text, from arrays rather than a Token object per word (it is rebuilt on each access)."""
    strings = doc.vocab.strings
    return (
        "".join(strings[orth] + " " * space for orth, space in doc.to_array([ORTH, SPACY]).tolist()) if len(doc) else ""
    )


def whole_words(span: Span) -> Span:
    """The span grown over word parts glued to it ("Tae" "-" "song")."""
    doc, start, end = span.doc, span.start, span.end
    while end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].is_alpha or doc[end].text == "-"):
        end += 1
    while start > 0 and not doc[start - 1].whitespace_ and (doc[start - 1].is_alpha or doc[start - 1].text == "-"):
        start -= 1
    while end > start and doc[end - 1].text == "-":
        end -= 1
    return doc[start:end]
