"""Build spaCy training corpora (DocBin files) from the shared data."""

from __future__ import annotations

import logging
from pathlib import Path

from spacy.tokens import DocBin
from spacy.vocab import Vocab

from whosaid.corpora.corenlp import ConversionReport, polnear_silver_docs

logger = logging.getLogger(__name__)

DOCBIN_ATTRS = ["ORTH", "TAG", "LEMMA", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "SPACY"]


def convert_polnear_split(vocab: Vocab, polnear_dir: Path, split: str, output: Path) -> ConversionReport:
    """Write one split's CoreNLP-annotated articles to `output` as a DocBin."""
    report = ConversionReport()
    doc_bin = DocBin(attrs=DOCBIN_ATTRS, docs=polnear_silver_docs(vocab, polnear_dir, split, report))
    output.parent.mkdir(parents=True, exist_ok=True)
    doc_bin.to_disk(output)
    for name, reason in report.skipped.items():
        logger.warning("skipped %s: %s", name, reason)
    return report
