"""Build spaCy training corpora (DocBin files) from the shared data."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from whosaid.training.corenlp import CoreNLPFormatError, corenlp_to_doc, read_corenlp_xml

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConversionReport:
    converted: int
    skipped: dict[str, str]


def polnear_texts(polnear_dir: Path, split: str) -> list[Path]:
    """The article text files of one PolNeAR split, in a stable order."""
    return sorted((polnear_dir / split / "text").glob("*.txt"))


def convert_polnear_split(polnear_dir: Path, split: str, output: Path) -> ConversionReport:
    """Write one split's CoreNLP-annotated articles to `output` as a DocBin."""
    vocab = spacy.blank("en").vocab
    doc_bin = DocBin(attrs=["ORTH", "TAG", "LEMMA", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "SPACY"])
    skipped: dict[str, str] = {}
    for text_path in polnear_texts(polnear_dir, split):
        xml_path = polnear_dir / split / "corenlp" / f"{text_path.name}.xml.gz"
        if not xml_path.exists():
            skipped[text_path.stem] = "no CoreNLP annotation"
            continue
        text = text_path.read_text(encoding="utf-8")
        try:
            doc = corenlp_to_doc(vocab, text, read_corenlp_xml(xml_path))
        except CoreNLPFormatError as error:
            skipped[text_path.stem] = str(error)
            continue
        doc_bin.add(doc)
    output.parent.mkdir(parents=True, exist_ok=True)
    doc_bin.to_disk(output)
    for name, reason in skipped.items():
        logger.warning("skipped %s: %s", name, reason)
    return ConversionReport(converted=len(doc_bin), skipped=skipped)
