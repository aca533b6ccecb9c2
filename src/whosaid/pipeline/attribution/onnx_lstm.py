"""Inference of thinc's LSTM layer by ONNX Runtime's LSTM operator, with the layer's own weights.

thinc runs its LSTM step by step in NumPy; ONNX Runtime's operator computes the same recurrence
(sigmoid gates, tanh cell, no peepholes; the backward direction starting at each sequence's own
end) about seven times faster on one core. Training keeps thinc's forward and backward passes:
`with_onnx_inference` swaps only the inference path, and the layer's tree, parameters and
serialized form stay thinc's, so a saved model loads as before.
"""

from __future__ import annotations

import functools

import numpy
from onnx import TensorProto, helper, numpy_helper
from thinc.api import Model
from thinc.layers.lstm import forward as thinc_forward
from thinc.types import Padded

from whosaid.pipeline.onnx_encoder import cpu_session

# thinc keeps each direction's four gate blocks in the order forget, input, output, cell; ONNX wants
# input, output, forget, cell.
THINC_TO_ONNX_GATES = (1, 2, 0, 3)
OPSET = 17
SEQUENCES_PER_RUN = 8


def with_onnx_inference(lstm: Model) -> Model:
    """thinc's LSTM layer `lstm` (Padded -> Padded), its inference run by ONNX Runtime."""
    lstm._func = _forward
    return lstm


def _forward(model: Model, Xp: Padded, is_train: bool):
    if is_train:
        return thinc_forward(model, Xp, is_train)
    session = _session(lstm_graph(model))
    # (2, depth, directions, width); thinc's forward hands its first row to the cells, its second to
    # the hidden states (zeros, as initialized, unless set otherwise)
    initial = model.get_param("HC0")
    output = numpy.zeros((*Xp.data.shape[:2], model.get_dim("nO")), dtype="float32")
    # ONNX Runtime runs every sequence of a batch to the longest one's end; thinc's Padded is sorted
    # longest first, so groups of neighbours are padded little.
    for first in range(0, Xp.data.shape[1], SEQUENCES_PER_RUN):
        lengths = Xp.lengths[first : first + SEQUENCES_PER_RUN]
        steps, batch = int(lengths.max()), len(lengths)
        feeds = {"X": Xp.data[:steps, first : first + batch], "sequence_lens": lengths.astype("int32")}
        for layer in range(model.get_dim("depth")):
            for kind, states in (("c", initial[0, layer]), ("h", initial[1, layer])):
                feeds[f"initial_{kind}_{layer}"] = numpy.ascontiguousarray(
                    numpy.broadcast_to(states[:, None, :], (states.shape[0], batch, states.shape[1]))
                )
        output[:steps, first : first + batch] = session.run(None, feeds)[0]
    return Padded(output, size_at_t=Xp.size_at_t, lengths=Xp.lengths, indices=Xp.indices), _no_backprop


@functools.lru_cache(maxsize=8)
def _session(graph: bytes):
    """A session per graph: its bytes hold the weights, so a model in training, evaluated between
    updates, gets a new one."""
    return cpu_session(graph, threads=1, memory_arena=False)  # a long article's gates take tens of MB


def _no_backprop(dY):
    raise ValueError("the ONNX Runtime path of the LSTM is for inference only")


def lstm_graph(model: Model) -> bytes:
    """The layer as an ONNX graph: X (time, batch, nI) and sequence_lens in, Y (time, batch, nO) out."""
    depth, directions = model.get_dim("depth"), model.get_dim("dirs")
    width = model.get_dim("nO") // directions
    weights = model.get_param("LSTM")
    nodes, initializers, inputs = [], [], []
    layer_input, layer_width, offset = "X", model.get_dim("nI"), 0
    for layer in range(depth):
        blocks: dict[str, list[numpy.ndarray]] = {"W": [], "R": [], "B": []}
        for _ in range(directions):
            input_weights, offset = _take(weights, offset, (4, width, layer_width))
            input_bias, offset = _take(weights, offset, (4, width))
            hidden_weights, offset = _take(weights, offset, (4, width, width))
            hidden_bias, offset = _take(weights, offset, (4, width))
            order = list(THINC_TO_ONNX_GATES)
            blocks["W"].append(input_weights[order].reshape(4 * width, layer_width))
            blocks["R"].append(hidden_weights[order].reshape(4 * width, width))
            blocks["B"].append(numpy.concatenate((input_bias[order].ravel(), hidden_bias[order].ravel())))
        names = {key: f"{key}_{layer}" for key in blocks}
        initializers += [numpy_helper.from_array(numpy.stack(blocks[key]), names[key]) for key in blocks]
        for kind in ("h", "c"):
            inputs.append(helper.make_tensor_value_info(f"initial_{kind}_{layer}", TensorProto.FLOAT, None))
        output = f"Y_{layer}"
        nodes += [
            helper.make_node(
                "LSTM",
                [
                    layer_input,
                    names["W"],
                    names["R"],
                    names["B"],
                    "sequence_lens",
                    f"initial_h_{layer}",
                    f"initial_c_{layer}",
                ],
                [f"{output}_directions"],
                hidden_size=width,
                direction="bidirectional" if directions == 2 else "forward",
            ),
            # (time, directions, batch, width) -> (time, batch, directions * width): thinc's layout
            helper.make_node("Transpose", [f"{output}_directions"], [f"{output}_transposed"], perm=[0, 2, 1, 3]),
            helper.make_node("Reshape", [f"{output}_transposed", "joined_shape"], [output]),
        ]
        layer_input, layer_width = output, width * directions
    nodes[-1].output[0] = "Y"
    initializers.append(numpy_helper.from_array(numpy.array([0, 0, -1], dtype="int64"), "joined_shape"))
    graph = helper.make_graph(
        nodes,
        "thinc_lstm",
        [
            helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, None, model.get_dim("nI")]),
            helper.make_tensor_value_info("sequence_lens", TensorProto.INT32, [None]),
            *inputs,
        ],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
        initializers,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]).SerializeToString()


def _take(weights: numpy.ndarray, offset: int, shape: tuple[int, ...]) -> tuple[numpy.ndarray, int]:
    size = int(numpy.prod(shape))
    return numpy.asarray(weights[offset : offset + size], dtype="float32").reshape(shape), offset + size
