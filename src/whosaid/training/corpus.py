"""Build spaCy training corpora (DocBin files) from the shared data."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from whosaid.corpora.corenlp import CoreNLPFormatError, corenlp_to_doc, read_corenlp_xml

logger = logging.getLogger(__name__)

DOCBIN_ATTRS = ["ORTH", "TAG", "LEMMA", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "SPACY"]


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


def convert_polnear_split(vocab: Vocab, polnear_dir: Path, split: str, output: Path) -> ConversionReport:
    """Write one split's CoreNLP-annotated articles to `output` as a DocBin."""
    report = ConversionReport()
    doc_bin = DocBin(attrs=DOCBIN_ATTRS, docs=polnear_silver_docs(vocab, polnear_dir, split, report))
    output.parent.mkdir(parents=True, exist_ok=True)
    doc_bin.to_disk(output)
    for name, reason in report.skipped.items():
        logger.warning("skipped %s: %s", name, reason)
    return report
