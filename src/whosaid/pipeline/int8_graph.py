"""An encoder graph stored with int8 weights read back to fp32 (whosaid.training.finetune's
weight_only_int8: the precise profile's MPNet) run in int8 arithmetic instead.

Each MatMul over int8 weights becomes ONNX Runtime's DynamicQuantizeMatMul, which quantizes its
input to 8 bits per call (one scale per tensor) and multiplies in integers: on a CPU with 8-bit
dot-product instructions, several times the speed of the fp32 product. MPNet's activations have a
few channels far larger than the rest (one hidden dimension reaches 40 to 60 where the rest stay
under 5); one scale per tensor would spend the 8 bits on them. Those channels, found once on
training text (whosaid.training.quantization.outlier_channels) and listed in the model's
settings, are multiplied apart in fp32 and added back: y = int8(x without them) + x[:, them] @
W[them]. Embedding tables read back by a DequantizeLinear are read back once, at load.
"""

from __future__ import annotations

import numpy

# The settings key of the outlier channels by MatMul output (the rewrite applies when present).
OUTLIERS_KEY = "int8_outliers"
MICROSOFT_DOMAIN = "com.microsoft"


def int8_arithmetic(model, outliers: dict[str, list[int]]) -> None:
    """Rewrite the ONNX `model` (a ModelProto) in place: every MatMul whose weights come from a
    DequantizeLinear of int8 values with a scale per output column runs in int8, the `outliers`
    input channels of each (by its output's name) apart in fp32; every other DequantizeLinear of stored
    values (embedding tables) is read back into an fp32 initializer."""
    from onnx import helper, numpy_helper

    graph = model.graph
    stored = {initializer.name: initializer for initializer in graph.initializer}
    products = int8_products(model)
    nodes = []
    for node in graph.node:
        dequantizer = products.get(node.output[0]) if node.op_type == "MatMul" else None
        if dequantizer is None:
            nodes.append(node)
            continue
        inputs, weights = node.input[0], list(dequantizer.input)
        channels = outliers.get(node.output[0], [])
        if not channels:
            nodes.append(_int8_product(helper, [inputs, *weights], list(node.output), node.output[0]))
            continue
        quantized, scale, zero = (numpy_helper.to_array(stored[weight]) for weight in weights)
        keep = numpy.ones(quantized.shape[0], "float32")
        keep[channels] = 0  # a zero quantizes to the zero point exactly: those rows add nothing
        name = node.output[0]  # unique, unlike node names
        graph.initializer.extend(
            [
                numpy_helper.from_array(keep, f"{name}/inlier_mask"),
                numpy_helper.from_array(numpy.array(channels, "int64"), f"{name}/outlier_channels"),
                numpy_helper.from_array(read_back(quantized[channels], scale, zero, 1), f"{name}/outlier_rows"),
            ]
        )
        nodes += [
            helper.make_node("Mul", [inputs, f"{name}/inlier_mask"], [f"{name}/inliers"], name=f"{name}/inliers"),
            _int8_product(helper, [f"{name}/inliers", *weights], [f"{name}/inlier_product"], name),
            helper.make_node(
                "Gather", [inputs, f"{name}/outlier_channels"], [f"{name}/outliers"], axis=-1, name=f"{name}/outliers"
            ),
            helper.make_node(
                "MatMul", [f"{name}/outliers", f"{name}/outlier_rows"], [f"{name}/outlier_product"],
                name=f"{name}/outlier_product",
            ),
            helper.make_node(
                "Add", [f"{name}/inlier_product", f"{name}/outlier_product"], list(node.output), name=f"{name}/sum"
            ),
        ]  # fmt: skip
    read = {name for node in nodes for name in node.input}
    kept = []
    for node in nodes:
        if node.op_type != "DequantizeLinear":
            kept.append(node)
        elif node.output[0] in read and all(name in stored for name in node.input):
            values, scale, zero = (numpy_helper.to_array(stored[name]) for name in node.input)
            fp32 = read_back(values, scale, zero, dequantize_axis(node))
            graph.initializer.append(numpy_helper.from_array(fp32, node.output[0]))
        elif node.output[0] in read:
            kept.append(node)
    del graph.node[:]
    graph.node.extend(kept)
    used = {name for node in kept for name in node.input}
    unused = [initializer for initializer in graph.initializer if initializer.name not in used]
    for initializer in unused:
        graph.initializer.remove(initializer)
    if not any(opset.domain == MICROSOFT_DOMAIN for opset in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MICROSOFT_DOMAIN, 1))


def int8_products(model) -> dict:
    """The DequantizeLinear of each MatMul over stored int8 (in, out) weights with a scale and a
    zero point per output column (what DynamicQuantizeMatMul takes as they are), by the MatMul's
    output: a tensor's name is unique in a graph, a node's need not be."""
    stored = {initializer.name: initializer for initializer in model.graph.initializer}
    dequantizers = {node.output[0]: node for node in model.graph.node if node.op_type == "DequantizeLinear"}
    return {
        node.output[0]: dequantizers[node.input[1]]
        for node in model.graph.node
        if node.op_type == "MatMul"
        and node.input[1] in dequantizers
        and _per_column_int8(dequantizers[node.input[1]], stored)
    }


def _int8_product(helper, inputs: list[str], outputs: list[str], name: str):
    return helper.make_node("DynamicQuantizeMatMul", inputs, outputs, name=f"{name}/int8", domain=MICROSOFT_DOMAIN)


def _per_column_int8(dequantizer, stored: dict) -> bool:
    from onnx import TensorProto

    if len(dequantizer.input) != 3 or not all(name in stored for name in dequantizer.input):
        return False
    values, scale, _ = (stored[name] for name in dequantizer.input)
    two_dimensional = values.data_type == TensorProto.INT8 and len(values.dims) == 2
    return two_dimensional and dequantize_axis(dequantizer) == 1 and scale.dims == values.dims[1:]


def dequantize_axis(dequantizer) -> int:
    """The axis a DequantizeLinear's scale runs along (ONNX's default 1)."""
    return next((attribute.i for attribute in dequantizer.attribute if attribute.name == "axis"), 1)


def read_back(values: numpy.ndarray, scale: numpy.ndarray, zero: numpy.ndarray, axis: int) -> numpy.ndarray:
    """What a DequantizeLinear of stored `values` gives: (values - zero) * scale along `axis`."""
    shape = [1] * values.ndim
    shape[axis] = -1
    return ((values.astype("float32") - zero.reshape(shape)) * scale.reshape(shape)).astype("float32")


# ONNX Runtime's integer products whose weights (input 1) and their zero point (input 3) may be int8.
_INTEGER_PRODUCTS = frozenset({"MatMulInteger", "DynamicQuantizeMatMul"})


def uint8_weights(model) -> bool:
    """Rewrite the ONNX `model` in place so that its integer products take their int8 weights as
    uint8 (value + 128, zero point + 128): the same integers, which ONNX Runtime multiplies without
    saturating on any CPU. Whether anything was rewritten."""
    from onnx import TensorProto, numpy_helper

    stored = {initializer.name: initializer for initializer in model.graph.initializer}
    shifted: dict[str, str] = {}  # an int8 initializer's name -> its uint8 copy's

    def shift(name: str) -> str:
        if name not in shifted:
            values = numpy_helper.to_array(stored[name]).astype("int16") + 128
            shifted[name] = f"{name}/uint8"
            model.graph.initializer.append(numpy_helper.from_array(values.astype("uint8"), shifted[name]))
        return shifted[name]

    for node in model.graph.node:
        if node.op_type not in _INTEGER_PRODUCTS or len(node.input) < 2:
            continue
        weights = stored.get(node.input[1])
        if weights is None or weights.data_type != TensorProto.INT8:
            continue
        zero = node.input[3] if len(node.input) > 3 and node.input[3] else None
        if zero is not None and zero not in stored:
            continue  # a zero point computed in the graph: left as it is
        if zero is None:
            zero = f"{node.input[1]}/zero_point"
            if zero not in stored:
                stored[zero] = numpy_helper.from_array(numpy.zeros((), "int8"), zero)
                model.graph.initializer.append(stored[zero])
        inputs = list(node.input) + [""] * (4 - len(node.input))
        inputs[1], inputs[3] = shift(node.input[1]), shift(zero)
        del node.input[:]
        node.input.extend(inputs)
    used = {name for node in model.graph.node for name in node.input}
    for name in shifted:
        if name not in used:
            model.graph.initializer.remove(stored[name])
    return bool(shifted)
