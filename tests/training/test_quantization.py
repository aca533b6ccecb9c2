"""Weight matrices as int8 with a scale per row; the outlier channels of an encoder stored so."""

import json
import shutil

import numpy
import onnx
import pytest

from whosaid.errors import InvalidOptionError
from whosaid.pipeline.int8_graph import OUTLIERS_KEY
from whosaid.training.quantization import calibrate_int8, dequantized_rows, outlier_channels, quantized_rows


def test_rows_travel_as_int8_within_half_a_step_of_their_scale():
    values = numpy.random.default_rng(0).normal(size=(300, 400)).astype("float32")
    values[3] = 0.0  # a row of zeros stays zeros
    quantized, scale = quantized_rows(values)
    assert quantized.dtype == numpy.int8 and scale.shape == (300,)
    error = numpy.abs(dequantized_rows(values) - values)
    assert (error <= scale[:, None] / 2 + 1e-7).all() and not dequantized_rows(values)[3].any()


def _encoder_dir(directory, rng, *, stored_int8=True):
    """A model directory shaped as an exported encoder's, in small: the precise model's tokenizer,
    an embedding table and one product over int8 weights whose input channel OUTLIER is far
    larger than the rest, as MPNet's hidden dimension 461 is."""
    from onnx import TensorProto, helper, numpy_helper

    from whosaid.models import ENCODER_PRECISE_PATH
    from whosaid.training.finetune import weight_only_int8

    vocabulary = 30_600  # above the tokenizer's ids
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["table", "input_ids"], ["x"]),
            helper.make_node("Mul", ["x", "boost"], ["boosted"]),
            helper.make_node("MatMul", ["boosted", "weights"], ["tag_logits"]),
        ],
        "tiny",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, None]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, [1, None]),
        ],
        [helper.make_tensor_value_info("tag_logits", TensorProto.FLOAT, [1, None, 7])],
        [
            numpy_helper.from_array(rng.normal(size=(vocabulary, WIDTH)).astype("float32"), "table"),
            numpy_helper.from_array(rng.normal(size=(WIDTH, 7)).astype("float32"), "weights"),
            numpy_helper.from_array(numpy.where(numpy.arange(WIDTH) == OUTLIER, 40.0, 1.0).astype("float32"), "boost"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model = weight_only_int8(model, least=100 if stored_int8 else 10**9)
    directory.mkdir()
    onnx.save(model, str(directory / "model.onnx"))
    shutil.copy(ENCODER_PRECISE_PATH / "tokenizer.json", directory / "tokenizer.json")
    (directory / "settings.json").write_text(json.dumps({"window": 32, "paragraph_marker": True}))
    return directory


WIDTH, OUTLIER = 16, 11
ARTICLE = 'The council voted 7-2 on Tuesday. "We had no choice," the mayor said.\n\nShe said it again.\n' * 5


def test_the_outlier_channel_is_found_on_the_text_and_recorded_for_the_model(tmp_path):
    model_dir = _encoder_dir(tmp_path / "encoder", numpy.random.default_rng(0))
    assert outlier_channels(model_dir, [ARTICLE]) == {"tag_logits": [OUTLIER]}
    assert outlier_channels(model_dir, [ARTICLE], ratio=1000) == {}  # none that far above the median
    polnear = tmp_path / "polnear"
    (polnear / "train" / "text").mkdir(parents=True)
    (polnear / "train" / "text" / "article.txt").write_text(ARTICLE)
    assert calibrate_int8(model_dir, polnear) == {"tag_logits": [OUTLIER]}
    settings = json.loads((model_dir / "settings.json").read_text())
    assert settings[OUTLIERS_KEY] == {"tag_logits": [OUTLIER]} and settings["window"] == 32


def test_an_encoder_without_int8_weights_has_nothing_to_calibrate(tmp_path):
    model_dir = _encoder_dir(tmp_path / "encoder", numpy.random.default_rng(1), stored_int8=False)
    with pytest.raises(InvalidOptionError, match="stores no int8 weights"):
        outlier_channels(model_dir, [ARTICLE])
