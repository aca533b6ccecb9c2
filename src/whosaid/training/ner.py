"""GUM train's gold names as NER training documents, for the entity head an encoder run may
train (`whosaid train --stage encoder --entities`; whosaid.training.finetune).

Each proper-name mention, by its name (the proper nouns around its head) without a leading
"the" or titles, of type person, organization or place is PERSON, ORG or GPE (as `whosaid
evaluate entities` maps them), an event's, object's or abstract's name is MISC. GUM marks no
dates, numbers or nationalities: those come from the base NER's own answers where they overlap
no gold name (its OntoNotes labels read as whosaid's kinds), and a name it types NORP
("Americans") stays NORP. Nested names keep the outer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from whosaid.corpora.gum import read_split as read_gum
from whosaid.evaluation.entities import TYPE_MAP, gold_names
from whosaid.pipeline.entity_names import KIND_OF_NER_LABEL

GOLD_TYPES = {**TYPE_MAP, "event": "MISC", "object": "MISC", "abstract": "MISC"}
NAME_LABELS = frozenset(GOLD_TYPES.values())


def _trimmed(span: Span) -> Span | None:
    """The span without space or punctuation at its edges (the NER cannot learn those), None if nothing is left."""
    tokens = [token for token in span if not (token.is_space or token.is_punct)]
    if not tokens:
        return None
    return Span(span.doc, tokens[0].i, tokens[-1].i + 1, label=span.label_)


def gum_reference(nlp: Language, text: str, gold: set[tuple[int, int, str]], predicted: Doc) -> Doc:
    """The text with GUM's gold names, and the base NER's NORP and non-name entities."""
    doc = nlp.make_doc(text)
    taken: set[int] = set()
    chosen: list[Span] = []

    def take(span: Span | None) -> None:
        span = _trimmed(span) if span is not None else None
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            taken.update(range(span.start, span.end))
            chosen.append(span)

    for ent in predicted.ents:
        if ent.label_ == "NORP":
            take(doc.char_span(ent.start_char, ent.end_char, label="NORP", alignment_mode="expand"))
    for start, end, label in sorted(gold, key=lambda item: (item[0], -item[1])):
        take(doc.char_span(start, end, label=label, alignment_mode="expand"))
    for ent in predicted.ents:
        label = KIND_OF_NER_LABEL.get(ent.label_, ent.label_)
        if label not in NAME_LABELS and label != "NORP":
            take(doc.char_span(ent.start_char, ent.end_char, label=label, alignment_mode="expand"))
    doc.set_ents(sorted(chosen, key=lambda span: span.start), default="outside")
    return doc


def gum_docs(nlp: Language, gum_dir: Path, split: str) -> Iterator[Doc]:
    documents = list(read_gum(gum_dir, split))
    predicted = nlp.pipe(document.text for document in documents)
    for document, doc in zip(documents, predicted):
        yield gum_reference(nlp, document.text, gold_names(document, GOLD_TYPES), doc)
