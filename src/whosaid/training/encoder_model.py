"""The encoder attribution model in PyTorch: a pretrained encoder with whosaid's heads, and its losses.

Light on purpose (PyTorch and transformers only, no spaCy): the trainer on an accelerator
(whosaid.training.device) imports it on a machine that has nothing else of whosaid's.
"""

from __future__ import annotations

import math
from pathlib import Path

import torch
from transformers import AutoConfig, AutoModel

from whosaid.pipeline.attribution.windows import ENTITY_TAGS, IGNORE, ROLE_TAGS

POINTER_WIDTH = 128


class EncoderAttributionModel(torch.nn.Module):
    """A BIO tagger of SOURCE/CUE/CONTENT over subwords, a cue pointer (each subword scores every
    position of its window as the start of its attribution's cue) and, with `entities`, a BIO
    tagger of named entities, on one encoder."""

    def __init__(self, encoder, entities: bool = False) -> None:
        super().__init__()
        self.encoder = encoder
        width = encoder.config.hidden_size
        self.dropout = torch.nn.Dropout(0.1)
        self.tagger = torch.nn.Linear(width, len(ROLE_TAGS))
        self.query = torch.nn.Linear(width, POINTER_WIDTH)
        self.key = torch.nn.Linear(width, POINTER_WIDTH)
        self.entity_tagger = torch.nn.Linear(width, len(ENTITY_TAGS)) if entities else None

    def forward(self, input_ids, attention_mask):
        hidden = self.dropout(self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state)
        tag_logits = self.tagger(hidden)
        pointer = self.query(hidden) @ self.key(hidden).transpose(1, 2) / math.sqrt(POINTER_WIDTH)
        pointer = pointer.masked_fill(attention_mask[:, None, :] == 0, -1e4)
        if self.entity_tagger is None:
            return tag_logits, pointer
        return tag_logits, pointer, self.entity_tagger(hidden)


def build_model(encoder_path: Path, entities: bool = False) -> EncoderAttributionModel:
    """The model on the pretrained encoder at `encoder_path`, or on its architecture alone where
    the directory holds no weights (a fine-tuned run's weights come from its checkpoint)."""
    if (encoder_path / "model.safetensors").exists() or (encoder_path / "pytorch_model.bin").exists():
        encoder = AutoModel.from_pretrained(encoder_path)
    else:
        encoder = AutoModel.from_config(AutoConfig.from_pretrained(encoder_path))
    return EncoderAttributionModel(encoder, entities)


def freeze_lower_layers(encoder, layers: int) -> None:
    """Keep the embeddings and the `layers` lowest transformer layers as they are (none: 0)."""
    if not layers:
        return
    for module in (encoder.embeddings, *encoder.encoder.layer[:layers]):
        module.requires_grad_(False)


_cross_entropy = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)


def role_losses(tag_logits, pointer, tags, cue_targets):
    """Cross-entropy of the role tags and of the cue pointer against the gold (IGNORE where there
    is none; a loss with no gold at all is 0)."""
    zero = tag_logits.new_zeros((), dtype=torch.float32)
    tag_loss = (
        _cross_entropy(tag_logits.float().reshape(-1, tag_logits.shape[-1]), tags.reshape(-1))
        if (tags != IGNORE).any()
        else zero
    )
    pointer_loss = (
        _cross_entropy(pointer.float().reshape(-1, pointer.shape[-1]), cue_targets.reshape(-1))
        if (cue_targets != IGNORE).any()
        else zero
    )
    return tag_loss, pointer_loss
