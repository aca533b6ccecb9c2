"""PolNeAR's gold attributions as spaCy training data.

Each article becomes a Doc (spaCy's own tokenization) whose
`doc.spans["whosaid_attributions"]` hold the gold role spans, so training
examples have the layout the attribution components produce.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example
from spacy.util import registry

from whosaid.corpora.polnear import PolnearArticle
from whosaid.models import ARTICLES_PER_BATCH
from whosaid.pipeline.attribution_spans import SPANS_KEY
from whosaid.record.fragments import ROLES

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


# Annotated examples by (corpus, excluded components): initialization and the training loop each
# resolve the reader, and the base's annotations are computed once for both.
_ANNOTATED: dict[tuple[str, tuple[str, ...]], tuple[Language, list[Example]]] = {}


@registry.readers("whosaid.AnnotatedCorpus.v1")
def annotated_corpus(path: Path, exclude: list[str]) -> Callable[[Language], Iterator[Example]]:
    """Gold attribution docs, paired with docs the frozen pipeline annotated once.

    The frozen components' annotations never change during training, so
    computing them once (instead of at every step, as spaCy's
    annotating_components do) halves the time of an epoch.
    """
    key = (str(path), tuple(exclude))

    def read(nlp: Language) -> Iterator[Example]:
        if key not in _ANNOTATED or _ANNOTATED[key][0] is not nlp:
            references = list(DocBin().from_disk(path).get_docs(nlp.vocab))
            # batches of few articles: a pretrained base's default (256) holds them all in memory at once
            unannotated = (nlp.make_doc(doc.text) for doc in references)
            predicted = nlp.pipe(unannotated, disable=exclude, batch_size=ARTICLES_PER_BATCH)
            _ANNOTATED[key] = (nlp, [Example(doc, reference) for doc, reference in zip(predicted, references)])
        yield from _ANNOTATED[key][1]

    return read
