"""Convert Stanford CoreNLP XML output into gold spaCy Docs.

PolNeAR ships CoreNLP annotations (PTB tags, lemmas, NER, UD v1 basic
dependencies) for each article. They are silver, not gold, but they are
in-domain news and consistent, which is what a small model needs.
"""

from __future__ import annotations

import gzip
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

SPACE_TAG = "_SP"
SPACE_DEP = "dep"

# CoreNLP NER classes -> whosaid entity labels (OntoNotes-style names where one fits).
NER_LABELS = {
    "PERSON": "PERSON",
    "ORGANIZATION": "ORG",
    "LOCATION": "GPE",
    "MISC": "MISC",
    "DATE": "DATE",
    "DURATION": "DATE",
    "SET": "DATE",
    "TIME": "TIME",
    "NUMBER": "CARDINAL",
    "ORDINAL": "ORDINAL",
    "MONEY": "MONEY",
    "PERCENT": "PERCENT",
}
# CoreNLP's MISC lumps nationalities and groups with events, laws and products.
# A MISC mention made only of capitalised adjectives or plural proper nouns
# ("American", "Democrats", "African-American") is a NORP.
NORP_LAST_TAGS = {"JJ", "NNPS", "NNS"}


class CoreNLPFormatError(ValueError):
    """The XML does not describe the text it is paired with."""


def utf16_to_str_offsets(text: str) -> list[int] | None:
    """CoreNLP counts offsets in UTF-16 code units; map them to str indices.

    Returns None when the text has no astral characters (offsets agree).
    """
    if all(ord(char) <= 0xFFFF for char in text):
        return None
    mapping = []
    for index, char in enumerate(text):
        mapping.append(index)
        if ord(char) > 0xFFFF:
            mapping.append(index)
    mapping.append(len(text))
    return mapping


def _is_blank(gap: str) -> bool:
    """Whitespace, or characters CoreNLP drops silently (zero-width, control)."""
    return all(char.isspace() or unicodedata.category(char) in {"Cf", "Cc"} for char in gap)


def _is_norp(words: list[str], tags: list[str]) -> bool:
    if tags[-1] not in NORP_LAST_TAGS:
        return False
    for word in words:
        for part in word.split("-"):
            if not part[:1].isupper() or any(char.isdigit() for char in part):
                return False
    return True


def read_corenlp_xml(path: Path) -> ET.Element:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        return ET.parse(handle).getroot()


def corenlp_to_doc(vocab: Vocab, text: str, root: ET.Element) -> Doc:
    """Build a Doc whose text is exactly `text`, annotated from CoreNLP.

    Whitespace between tokens becomes spaCy-style whitespace tokens, so the
    Doc aligns with what the spaCy tokenizer produces for the same text.
    """
    offset_map = utf16_to_str_offsets(text)
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    lemmas: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    ner: list[str] = []
    position = 0

    def add_gap(gap: str) -> None:
        # A single space is the previous token's whitespace; anything longer
        # is its own token, as spaCy's tokenizer does it.
        if gap.startswith(" ") and words:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
            tags.append(SPACE_TAG)
            lemmas.append(gap)
            heads.append(max(len(words) - 2, 0))
            deps.append(SPACE_DEP)
            ner.append("O")

    for sentence in root.iter("sentence"):
        tokens = sentence.find("tokens")
        if tokens is None:
            continue
        first = len(words)
        sentence_index: dict[int, int] = {}
        for token in tokens.findall("token"):
            start = int(token.findtext("CharacterOffsetBegin"))
            end = int(token.findtext("CharacterOffsetEnd"))
            if offset_map is not None:
                start, end = offset_map[start], offset_map[end]
            if start < position or end > len(text) or end <= start:
                raise CoreNLPFormatError(f"token offsets {start}-{end} out of order")
            gap = text[position:start]
            if not _is_blank(gap):
                raise CoreNLPFormatError(f"untokenized text {gap!r} at {position}")
            add_gap(gap)
            sentence_index[int(token.get("id"))] = len(words)
            words.append(text[start:end])
            spaces.append(False)
            tags.append(token.findtext("POS"))
            lemmas.append(token.findtext("lemma"))
            heads.append(len(words) - 1)
            deps.append("dep")
            ner.append(token.findtext("NER") or "O")
            position = end
        _attach(sentence, sentence_index, heads, deps, first)
    tail = text[position:]
    if not _is_blank(tail):
        raise CoreNLPFormatError(f"untokenized text at {position}")
    add_gap(tail)
    doc = Doc(vocab, words=words, spaces=spaces, tags=tags, lemmas=lemmas, heads=heads, deps=deps)
    doc.ents = _entities(doc, ner)
    return doc


def _attach(sentence: ET.Element, index: dict[int, int], heads: list[int], deps: list[str], first: int) -> None:
    """Set heads and labels from the sentence's basic dependencies."""
    for dependencies in sentence.findall("dependencies"):
        if dependencies.get("type") != "basic-dependencies":
            continue
        for dep in dependencies.findall("dep"):
            child = index.get(int(dep.find("dependent").get("idx")))
            governor = int(dep.find("governor").get("idx"))
            if child is None:
                continue
            label = dep.get("type")
            if governor == 0:
                heads[child], deps[child] = child, "ROOT"
            elif governor in index:
                heads[child], deps[child] = index[governor], label


def _entities(doc: Doc, ner: list[str]) -> list[Span]:
    spans = []
    start = None
    for i in range(len(doc) + 1):
        label = ner[i] if i < len(doc) else "O"
        if start is not None and label != ner[start]:
            spans.append(_entity_span(doc, start, i, ner[start]))
            start = None
        if start is None and label in NER_LABELS:
            start = i
    return spans


def _entity_span(doc: Doc, start: int, end: int, corenlp_label: str) -> Span:
    label = NER_LABELS[corenlp_label]
    if label == "MISC":
        words = [t.text for t in doc[start:end]]
        tags = [t.tag_ for t in doc[start:end]]
        if _is_norp(words, tags):
            label = "NORP"
    return Span(doc, start, end, label=label)


@dataclass
class ConversionReport:
    converted: int = 0
    skipped: dict[str, str] = field(default_factory=dict)


def polnear_texts(polnear_dir: Path, split: str) -> list[Path]:
    """The article text files of one PolNeAR split, in a stable order."""
    return sorted((polnear_dir / split / "text").glob("*.txt"))


def polnear_silver_docs(
    vocab: Vocab, polnear_dir: Path, split: str, report: ConversionReport | None = None
) -> Iterator[Doc]:
    """Each article of a split as a Doc annotated from its CoreNLP XML.

    Articles without XML, or whose XML does not match the text, are skipped
    and noted in `report`.
    """
    report = report if report is not None else ConversionReport()
    for text_path in polnear_texts(polnear_dir, split):
        xml_path = polnear_dir / split / "corenlp" / f"{text_path.name}.xml.gz"
        if not xml_path.exists():
            report.skipped[text_path.stem] = "no CoreNLP annotation"
            continue
        text = text_path.read_text(encoding="utf-8")
        try:
            doc = corenlp_to_doc(vocab, text, read_corenlp_xml(xml_path))
        except CoreNLPFormatError as error:
            report.skipped[text_path.stem] = str(error)
            continue
        report.converted += 1
        yield doc


@dataclass(frozen=True)
class ChainMention:
    """One mention of a CoreNLP coreference chain: its character span in the text, its words'
    part-of-speech tags, and whether CoreNLP made it the chain's representative."""

    start: int
    end: int
    tags: tuple[str, ...]
    representative: bool


def coreference_chains(root: ET.Element, text: str) -> list[list[ChainMention]]:
    """The coreference chains of a CoreNLP XML document, mentions in CoreNLP's order, with their
    character offsets into `text` (CoreNLP counts UTF-16 units)."""
    offset_map = utf16_to_str_offsets(text)
    sentences = []
    for sentence in root.iter("sentence"):
        tokens = sentence.find("tokens")
        if tokens is None:
            continue
        rows = []
        for token in tokens.findall("token"):
            start, end = int(token.findtext("CharacterOffsetBegin")), int(token.findtext("CharacterOffsetEnd"))
            if offset_map is not None:
                start, end = offset_map[start], offset_map[end]
            rows.append((start, end, token.findtext("POS")))
        sentences.append(rows)
    document = root.find("document")
    chains = document.find("coreference") if document is not None else None
    found = []
    for chain in chains.findall("coreference") if chains is not None else []:
        mentions = []
        for mention in chain.findall("mention"):
            tokens = sentences[int(mention.findtext("sentence")) - 1]
            first, last = int(mention.findtext("start")) - 1, int(mention.findtext("end")) - 2
            mentions.append(
                ChainMention(
                    tokens[first][0],
                    tokens[last][1],
                    tuple(tag for _, _, tag in tokens[first : last + 1]),
                    mention.get("representative") == "true",
                )
            )
        found.append(mentions)
    return found
