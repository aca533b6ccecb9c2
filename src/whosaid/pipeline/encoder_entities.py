"""`whosaid_encoder_entities_v1`: named entities from the fine-tuned encoder's entity head.

In the `accurate` profile it takes the place of the CNN `ner` (when the shipped
encoder model has an entity head), trained on GUM train's gold names and
PolNeAR train's CoreNLP entities (docs/MODELS.md). Per spaCy token (the mean of
its subwords) it takes the entity tag probabilities and writes the most likely
valid BIO sequence to `doc.ents`, with whosaid's NER labels. The encoder's
output stays for the attribution component that follows, so the encoder runs
once per article (whosaid.pipeline.onnx_encoder).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc, Span

from whosaid.errors import ModelNotFoundError
from whosaid.models import ENCODER_ATTRIBUTION_PATH
from whosaid.pipeline.onnx_encoder import (
    BioTags,
    EncoderComponent,
    EncoderOutput,
    shared_model,
    token_probabilities,
    word_path,
)

FACTORY = "whosaid_encoder_entities_v1"


def entity_spans(doc: Doc, path: numpy.ndarray, bio: BioTags) -> list[Span]:
    """The entities of a token tag path, without space tokens at their edges."""
    spans: list[Span] = []
    start, label = None, None

    def close(end: int) -> None:
        while end > start and doc[end - 1].is_space:
            end -= 1
        if end > start:
            spans.append(Span(doc, start, end, label=label))

    for index, tag in enumerate(bio.tags[i] for i in path):
        if start is not None and not (tag.startswith("I-") and tag[2:] == label):
            close(index)
            start = None
        if tag.startswith("B-") and not doc[index].is_space:
            start, label = index, tag[2:]
    if start is not None:
        close(len(doc))
    return spans


class EncoderEntities(EncoderComponent):
    def __init__(self, name: str = "ner", *, model_dir: str = "", threads: int = 1) -> None:
        super().__init__(name, model_dir or str(ENCODER_ATTRIBUTION_PATH), threads)

    def _use(self, directory: Path) -> None:
        model = shared_model(directory)
        if not model.entity_tags:
            raise ModelNotFoundError(f"the encoder model at {directory} has no entity head")
        self.model = model
        self.bio = BioTags(model.entity_tags)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        for doc in docs:
            self.set_annotations(doc, self.model.output(doc, keep=True))
            yield doc

    def score(self, examples, **kwargs) -> dict:
        """Entity P/R/F, overall and per label, as spaCy's NER reports them (nlp.evaluate)."""
        return get_ner_prf(examples)

    def set_annotations(self, doc: Doc, output: EncoderOutput) -> None:
        token_probs, _ = token_probabilities(doc, output.starts, output.entity_probs, self.bio)
        path = word_path(doc, token_probs, bio=self.bio)
        doc.ents = entity_spans(doc, path, self.bio)


@Language.factory(FACTORY, assigns=["doc.ents"], default_config={"model_dir": "", "threads": 1})
def make_encoder_entities(nlp: Language, name: str, model_dir: str, threads: int) -> EncoderEntities:
    return EncoderEntities(name, model_dir=model_dir, threads=threads)
