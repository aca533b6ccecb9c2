"""Weight matrices as int8 with a scale per row: how weights travel to and from the accelerator,
and how an exported encoder stores its large ones; the channels an encoder with int8 weights
computes apart when it runs in int8 arithmetic (whosaid.pipeline.int8_graph)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import numpy

from whosaid.errors import InvalidOptionError


def quantized_rows(values: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """int8 values and a scale per row (the largest magnitude of each row maps to 127)."""
    scale = (numpy.abs(values).max(axis=1) / 127).clip(min=1e-12).astype("float32")
    return numpy.round(values / scale[:, None]).clip(-127, 127).astype("int8"), scale


def dequantized_rows(values: numpy.ndarray) -> numpy.ndarray:
    """`values` as they come back from travelling as int8 per row."""
    quantized, scale = quantized_rows(values)
    return quantized.astype("float32") * scale[:, None]


# An input channel is computed apart in fp32 when its largest magnitude on the calibration text is
# this many times the median channel's: MPNet's outliers are 10 to 15 times; at 3, with at most
# CHANNELS_APART per product, 99.86 % of the precise model's tag argmaxes on 17 dev windows agree
# with fp32 arithmetic (98.3 % with none apart).
OUTLIER_RATIO = 3.0
CHANNELS_APART = 8


def outlier_channels(
    model_dir: Path, texts: Iterable[str], *, ratio: float = OUTLIER_RATIO, most: int = CHANNELS_APART
) -> dict[str, list[int]]:
    """For each product over int8 weights of the encoder at `model_dir`
    (whosaid.pipeline.int8_graph), the input channels whose largest magnitude over `texts`' windows
    exceeds `ratio` times the median channel's, the largest `most` of them, by the product's output."""
    import onnx

    from whosaid.pipeline.attribution.windows import encode_article, frame_ids, load_tokenizer, make_windows
    from whosaid.pipeline.int8_graph import int8_products
    from whosaid.pipeline.onnx_encoder import MODEL_FILE, SETTINGS_FILE, TOKENIZER_FILE, cpu_session

    settings = json.loads((model_dir / SETTINGS_FILE).read_text())
    tokenizer = load_tokenizer(model_dir / TOKENIZER_FILE)
    model = onnx.load(str(model_dir / MODEL_FILE))
    stored_int8 = int8_products(model)
    if not stored_int8:
        raise InvalidOptionError(
            f"the encoder at {model_dir} stores no int8 weights read back to fp32 (weight_only_int8): "
            "it has nothing to run in int8 arithmetic"
        )
    products = {node.output[0]: node.input[0] for node in model.graph.node if node.output[0] in stored_int8}
    inputs = sorted(set(products.values()))
    heads = len(model.graph.output)
    for name in inputs:
        model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    session = cpu_session(model.SerializeToString(), threads=2)
    largest: dict[str, numpy.ndarray] = {}
    for text in texts:
        subwords = encode_article(tokenizer, text, settings.get("paragraph_marker", False))
        for window in make_windows(subwords.ids, *frame_ids(tokenizer), settings["window"]):
            ids = window.input_ids[None, :]
            values = session.run(None, {"input_ids": ids, "attention_mask": numpy.ones_like(ids)})[heads:]
            for name, value in zip(inputs, values):
                magnitude = numpy.abs(value.reshape(-1, value.shape[-1])).max(axis=0)
                largest[name] = numpy.maximum(largest.get(name, magnitude), magnitude)
    channels = {}
    for output, name in products.items():
        magnitude = largest[name]
        apart = [int(c) for c in numpy.argsort(-magnitude)[:most] if magnitude[c] > ratio * numpy.median(magnitude)]
        if apart:
            channels[output] = sorted(apart)
    return channels


def calibrate_int8(model_dir: Path, polnear_dir: Path, articles: int = 16) -> dict[str, list[int]]:
    """Find the outlier channels of the encoder at `model_dir` on the first `articles` of PolNeAR
    train and record them in its settings.json, so that it runs in int8 arithmetic
    (whosaid.pipeline.int8_graph)."""
    from whosaid.corpora.corenlp import polnear_texts
    from whosaid.pipeline.int8_graph import OUTLIERS_KEY
    from whosaid.pipeline.onnx_encoder import SETTINGS_FILE

    texts = (path.read_text(encoding="utf-8") for path in polnear_texts(polnear_dir, "train")[:articles])
    channels = outlier_channels(model_dir, texts)
    settings_path = model_dir / SETTINGS_FILE
    settings = json.loads(settings_path.read_text())
    settings[OUTLIERS_KEY] = channels
    settings_path.write_text(json.dumps(settings, indent=2))
    return channels
