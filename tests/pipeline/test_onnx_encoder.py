"""The shared encoder model: the states of inner layers, given beside the heads' outputs to the
component that asks for them; the precise model in int8 arithmetic."""

import json

import numpy
import pytest
import spacy

from whosaid.errors import ModelNotFoundError
from whosaid.models import ENCODER_ATTRIBUTION_PATH, ENCODER_PRECISE_PATH
from whosaid.pipeline.int8_graph import OUTLIERS_KEY
from whosaid.pipeline.onnx_encoder import EncoderModel, session_graph, token_states

LAST_LAYER = "/encoder/encoder/layer.5/output/LayerNorm/LayerNormalization_output_0"
FOURTH_LAYER = "/encoder/encoder/layer.3/output/LayerNorm/LayerNormalization_output_0"
# Long enough for several windows, so that each subword's state comes from the window it is read from.
TEXT = 'The mayor, Teodor Halloran, took a harder line. "We will not be held to ransom," he said.\n\n' * 30


def test_exposed_layers_give_a_state_per_subword_and_leave_the_heads_as_they_were():
    model = EncoderModel(ENCODER_ATTRIBUTION_PATH)
    plain = model.run(TEXT)
    exposed = model.run(TEXT, (FOURTH_LAYER, LAST_LAYER))
    assert plain.states is None and len(plain.window_starts) > 2
    assert exposed.states.shape == (len(exposed.starts), 2 * 384)
    assert numpy.allclose(exposed.tag_probs, plain.tag_probs) and exposed.owner.tolist() == plain.owner.tolist()
    assert (numpy.abs(exposed.states).sum(axis=1) > 0).all()  # every subword read from its window
    # each state sits at its own subword: in the next paragraph (the same words), the closest state
    # to a subword's is most often the same subword's (a state shifted by one would never be)
    paragraph = len(TEXT) // 30
    same_place = []
    for number in range(1, 29):
        first, second, end = numpy.searchsorted(
            exposed.starts, [k * paragraph for k in (number, number + 1, number + 2)]
        )
        this, after = _unit(exposed.states[first:second]), _unit(exposed.states[second:end])
        same_place.extend((this @ after.T).argmax(axis=1) == numpy.arange(len(this)))
    assert numpy.mean(same_place) > 0.8


def _unit(states):
    centred = states - states.mean(axis=1, keepdims=True)
    return centred / numpy.linalg.norm(centred, axis=1, keepdims=True)


def test_a_tensor_the_graph_lacks_is_a_clear_error():
    model = EncoderModel(ENCODER_ATTRIBUTION_PATH)
    with pytest.raises(ModelNotFoundError, match="no tensor /encoder/no/such/tensor"):
        model.run("Ana Ruiz said so.", ("/encoder/no/such/tensor",))


def test_states_go_to_the_component_that_asks_and_a_kept_output_serves_both():
    model = EncoderModel(ENCODER_ATTRIBUTION_PATH)
    doc = spacy.blank("en")("Ana Ruiz said the strike would go on.")
    assert model.output(doc).states is None  # a component that asks for none runs the plain graph
    kept = model.output(doc, keep=True, states=(LAST_LAYER,))
    assert kept.states is not None
    assert model.output(doc) is kept  # taken by the next component, which asks for no states
    other = model.output(doc, keep=True)  # kept without states: one who asks for them runs again
    again = model.output(doc, states=(LAST_LAYER,))
    assert other.states is None and again is not other and numpy.allclose(again.states, kept.states)


def test_token_states_average_the_subwords_that_start_in_a_token():
    doc = spacy.blank("en")("Kalnina cannot")  # tokens: Kalnina, can, not
    starts = numpy.array([0, 3, 8])  # kal, ##nina, cannot
    states = numpy.array([[1.0, 0.0], [3.0, 2.0], [5.0, 5.0]], dtype="float32")
    result = token_states(doc, starts, states)
    assert result.tolist() == [[2.0, 1.0], [5.0, 5.0], [5.0, 5.0]]  # "not" continues the subword it lies in


def test_the_precise_model_runs_in_int8_arithmetic_and_reads_as_in_fp32():
    """Its int8 weights multiply int8 inputs, its outlier channels apart (whosaid.pipeline.int8_graph):
    the tags it reads are those of exact fp32 arithmetic on the same weights but for a few subwords."""
    import onnx
    import onnxruntime

    outliers = json.loads((ENCODER_PRECISE_PATH / "settings.json").read_text())[OUTLIERS_KEY]
    graph = onnx.load_from_string(session_graph(ENCODER_PRECISE_PATH / "model.onnx", (), outliers))
    kinds = {node.op_type for node in graph.graph.node}
    assert "DynamicQuantizeMatMul" in kinds and "DequantizeLinear" not in kinds
    int8 = EncoderModel(ENCODER_PRECISE_PATH).run(TEXT)
    exact = EncoderModel(ENCODER_PRECISE_PATH)
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL  # no MatMulNBits
    exact._sessions[()] = onnxruntime.InferenceSession(str(ENCODER_PRECISE_PATH / "model.onnx"), options)
    fp32 = exact.run(TEXT)
    assert fp32.owner.tolist() == int8.owner.tolist()
    same = int8.tag_probs.argmax(axis=1) == fp32.tag_probs.argmax(axis=1)
    assert same.mean() >= 0.99, same.mean()
