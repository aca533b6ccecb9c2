"""Sentence embeddings, for telling whether two reports that share a figure say the same thing in
other words (whosaid.provenance.claims.paraphrases): all-MiniLM-L6-v2's mean-pooled, unit-length
states (ONNX Runtime, int8, one thread: the same numbers in the store and on Spark), exported by
whosaid.training.sentence_encoder."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy

from whosaid.errors import ModelNotFoundError
from whosaid.models import SENTENCE_ENCODER_PATH
from whosaid.pipeline.onnx_encoder import cpu_session

MODEL_FILE, TOKENIZER_FILE, SETTINGS_FILE = "model.onnx", "tokenizer.json", "settings.json"
# Subwords read of a text: all-MiniLM-L6-v2 was trained on 128; a claim is said in fewer.
MAX_SUBWORDS = 128


@functools.cache
def _encoder(directory: Path = SENTENCE_ENCODER_PATH):
    from tokenizers import Tokenizer

    if not (directory / MODEL_FILE).is_file() or not (directory / TOKENIZER_FILE).is_file():
        raise ModelNotFoundError(f"no sentence encoder at {directory} (whosaid train --stage sentence-encoder)")
    tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
    tokenizer.enable_truncation(MAX_SUBWORDS)
    tokenizer.no_padding()
    return cpu_session(directory / MODEL_FILE, threads=1), tokenizer


@functools.lru_cache(maxsize=1 << 12)
def embedding(text: str) -> numpy.ndarray:
    """The text's embedding, of unit length, in float16: what a store keeps of it, so that one
    read back gives the same cosines as one computed again."""
    session, tokenizer = _encoder()
    ids = numpy.array([tokenizer.encode(text).ids], dtype="int64")
    vector = session.run(None, {"input_ids": ids, "attention_mask": numpy.ones_like(ids)})[0][0]
    return vector.astype("float16")


def cosine(one: numpy.ndarray, other: numpy.ndarray) -> float:
    """The cosine of two embeddings (of unit length), summed in float32."""
    return float(one.astype("float32") @ other.astype("float32"))


def similarity(one: str, other: str) -> float:
    """The cosine of the two texts' embeddings."""
    return cosine(embedding(one), embedding(other))
