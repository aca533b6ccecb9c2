"""A graph stored with int8 weights, run in int8 arithmetic with its outlier channels apart."""

import numpy
import onnx
from onnx import TensorProto, helper, numpy_helper

from whosaid.pipeline.int8_graph import int8_arithmetic, int8_products, read_back, uint8_weights
from whosaid.pipeline.onnx_encoder import cpu_session
from whosaid.training.finetune import weight_only_int8

WIDTH, OUT, VOCABULARY = 64, 32, 500
OUTLIER = 5  # the input channel far larger than the rest, as MPNet's hidden dimension 461 is


def _stored_int8_model(rng):
    """ids -> embedding table -> x; x @ W: an encoder's shape in small, stored as the precise
    model is (weight_only_int8: int8 weights read back by DequantizeLinear)."""
    table = rng.normal(size=(VOCABULARY, WIDTH)).astype("float32")
    weights = rng.normal(size=(WIDTH, OUT)).astype("float32")
    weights[OUTLIER] /= 60  # its weights small, as a trained model's are: its range is wide, its say no larger
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["table", "ids"], ["x"]),
            helper.make_node("Mul", ["x", "boost"], ["boosted"]),
            helper.make_node("MatMul", ["boosted", "weights"], ["y"], name="product"),
        ],
        "tiny",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, [None])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, OUT])],
        [
            numpy_helper.from_array(table, "table"),
            numpy_helper.from_array(weights, "weights"),
            numpy_helper.from_array(numpy.where(numpy.arange(WIDTH) == OUTLIER, 60.0, 1.0).astype("float32"), "boost"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    return weight_only_int8(model, least=1000)


def _run(model, ids):
    return cpu_session(model.SerializeToString(), 1).run(None, {"ids": ids})[0]


def _fp32_product(stored, ids):
    """What the stored graph computes in exact fp32 arithmetic (ONNX Runtime's optimized session of
    it does not: it turns the int8 weights into MatMulNBits, 10 % away here)."""
    values = {init.name: numpy_helper.to_array(init) for init in stored.graph.initializer}
    table = read_back(values["table_int8"], values["table_scale"], values["table_zero_point"], 0)
    weights = read_back(values["weights_int8"], values["weights_scale"], values["weights_zero_point"], 1)
    return (table[ids] * values["boost"]) @ weights


def _rewritten(model, outliers):
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    int8_arithmetic(copy, outliers)
    return copy


def test_products_run_in_int8_and_an_outlier_channel_apart_keeps_them_close_to_fp32():
    rng = numpy.random.default_rng(0)
    stored = _stored_int8_model(rng)
    assert list(int8_products(stored)) == ["y"]
    ids = rng.integers(0, VOCABULARY, size=200)
    reference = _fp32_product(stored, ids)

    alone = _rewritten(stored, {})
    apart = _rewritten(stored, {"y": [OUTLIER]})
    for model in (alone, apart):
        kinds = [node.op_type for node in model.graph.node]
        assert "DynamicQuantizeMatMul" in kinds and "DequantizeLinear" not in kinds
        assert kinds.count("MatMul") == (model is apart)  # only the outlier's rows stay fp32
        table = next(init for init in model.graph.initializer if init.name == "table")
        assert table.data_type == TensorProto.FLOAT  # the embedding table read back once, at load

    def error(model):
        return numpy.linalg.norm(_run(model, ids) - reference) / numpy.linalg.norm(reference)

    # one scale for the whole input spends the 8 bits on the outlier; apart, the rest keep them
    assert error(apart) < 0.02  # about a step of 8 bits over the range of the inputs without it
    assert error(apart) * 4 < error(alone)


def test_a_graph_without_stored_int8_products_is_left_to_fp32():
    rng = numpy.random.default_rng(1)
    stored = _stored_int8_model(rng)
    plain = onnx.ModelProto()
    plain.CopyFrom(stored)
    for node in plain.graph.node:  # the product's weights are another tensor than a DequantizeLinear's
        if node.op_type == "MatMul":
            node.input[1] = "other_weights"
    plain.graph.initializer.append(numpy_helper.from_array(numpy.ones((WIDTH, OUT), "float32"), "other_weights"))
    assert int8_products(plain) == {}
    int8_arithmetic(plain, {})
    assert [node.op_type for node in plain.graph.node if node.op_type.endswith("MatMul")] == ["MatMul"]


def _integer_product(weights: numpy.ndarray):
    """x (uint8) @ weights (int8) in integers, ONNX Runtime's MatMulInteger."""
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["x", "weights"], ["y"])],
        "integer",
        [helper.make_tensor_value_info("x", TensorProto.UINT8, [None, weights.shape[0]])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [None, weights.shape[1]])],
        [numpy_helper.from_array(weights, "weights")],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_integer_products_come_out_exact_on_every_cpu():
    """Where the CPU adds pairs of uint8 x int8 products into 16 bits (AVX2 without VNNI), 255 x 127
    twice saturates; the session is given the weights as uint8, and the product is exact anyway."""
    rng = numpy.random.default_rng(2)
    weights = rng.integers(-128, 128, size=(64, 8)).astype("int8")
    weights[:, 0] = 127
    x = rng.integers(0, 256, size=(5, 64)).astype("uint8")
    x[0] = 255
    expected = x.astype("int64") @ weights.astype("int64")
    model = _integer_product(weights)
    assert (cpu_session(model.SerializeToString(), 1).run(None, {"x": x})[0] == expected).all()
    rewritten = onnx.ModelProto()
    rewritten.CopyFrom(model)
    assert uint8_weights(rewritten)
    assert [init.data_type for init in rewritten.graph.initializer] == [TensorProto.UINT8, TensorProto.UINT8]
    plain = cpu_session(rewritten.SerializeToString(), 1, exact_int8=False)
    assert (plain.run(None, {"x": x})[0] == expected).all()
