"""Sentence embeddings, for telling whether two reports that share a figure say the same thing in
other words (whosaid.provenance.claims.paraphrases): all-MiniLM-L6-v2's mean-pooled, unit-length
states (ONNX Runtime, int8, one thread), exported by whosaid.training.sentence_encoder. Kept in
float16, as a store keeps them, so that one read back compares as one computed again. Another
CPU kind or ONNX Runtime version may give cosines a few thousandths apart: a store keeps the
embeddings it computed, so its claims do not move; a new model needs a new store SCHEMA_VERSION."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy

from whosaid.errors import ModelNotFoundError
from whosaid.models import SENTENCE_ENCODER_PATH

MODEL_FILE, TOKENIZER_FILE, SETTINGS_FILE = "model.onnx", "tokenizer.json", "settings.json"
# Subwords read of a text: all-MiniLM-L6-v2 was trained on 128; a claim is said in fewer.
MAX_SUBWORDS = 128
EMBEDDING_WIDTH = 384


@functools.cache
def _encoder(directory: Path = SENTENCE_ENCODER_PATH):
    from tokenizers import Tokenizer

    from whosaid.pipeline.onnx_encoder import cpu_session  # spaCy's import, only once a paraphrase is compared

    if not all((directory / name).is_file() for name in (MODEL_FILE, TOKENIZER_FILE, SETTINGS_FILE)):
        raise ModelNotFoundError(f"no sentence encoder at {directory} (whosaid train --stage sentence-encoder)")
    settings = json.loads((directory / SETTINGS_FILE).read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
    tokenizer.enable_truncation(settings["max_subwords"])
    tokenizer.no_padding()
    return cpu_session(directory / MODEL_FILE, threads=1), tokenizer


@functools.lru_cache(maxsize=1 << 12)
def sentence_embedding(text: str) -> numpy.ndarray:
    """The text's embedding, of unit length, in float16 (read-only: it is shared by the cache)."""
    session, tokenizer = _encoder()
    ids = numpy.array([tokenizer.encode(text).ids], dtype="int64")
    vector = session.run(None, {"input_ids": ids, "attention_mask": numpy.ones_like(ids)})[0][0].astype("float16")
    vector.setflags(write=False)
    return vector


def cosine(one: numpy.ndarray, other: numpy.ndarray) -> float:
    """The cosine of two embeddings (of unit length), summed in float32."""
    return float(one.astype("float32") @ other.astype("float32"))
