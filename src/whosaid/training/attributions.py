"""PolNeAR's gold attributions as spaCy training data.

Each article becomes a Doc (spaCy's own tokenization) whose
`doc.spans["whosaid_attributions"]` hold the gold role spans, so training
examples have the layout the attribution components produce.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from whosaid.corpora.polnear import ROLES, PolnearArticle
from whosaid.pipeline.attributions import SPANS_KEY

ROLE_LABEL = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


def gold_attribution_doc(nlp: Language, article: PolnearArticle) -> Doc:
    """The article tokenized by `nlp`, with its attributions as labelled spans.

    Fragment boundaries that fall inside a token are widened to the token.
    """
    doc = nlp.make_doc(article.text)
    spans: list[Span] = []
    for number, attribution in enumerate(article.attributions, start=1):
        for role in ROLES:
            span = attribution.role(role)
            if span is None:
                continue
            for start, end in span.fragments:
                piece = doc.char_span(start, end, label=ROLE_LABEL[role], alignment_mode="expand", span_id=f"a{number}")
                if piece is not None and len(piece):
                    spans.append(piece)
    doc.spans[SPANS_KEY] = spans
    return doc


def write_attribution_corpus(nlp: Language, articles: Iterable[PolnearArticle], output: Path) -> int:
    doc_bin = DocBin(store_user_data=False)
    for article in articles:
        doc_bin.add(gold_attribution_doc(nlp, article))
    output.parent.mkdir(parents=True, exist_ok=True)
    doc_bin.to_disk(output)
    return len(doc_bin)
