"""thinc's LSTM with its inference run by ONNX Runtime: the same outputs as thinc's own forward."""

import numpy
import pytest
from thinc.api import LSTM, with_padded
from thinc.layers.lstm import forward as thinc_forward

from whosaid.pipeline.attribution.onnx_lstm import SEQUENCES_PER_RUN, with_onnx_inference

# More sequences than one run takes, of lengths that differ (one of a single token).
LENGTHS = (5, 9, 1, 7, 9, 3, 12, 2, 8, 4, 6)


def _layer(bidirectional: bool, depth: int, seed: int):
    rng = numpy.random.default_rng(seed)
    inner = LSTM(nO=16 if bidirectional else 8, nI=12, bi=bidirectional, depth=depth)
    model = with_padded(with_onnx_inference(inner))
    model.initialize()
    inner.set_param("LSTM", rng.normal(size=inner.get_param("LSTM").shape).astype("float32"))
    # thinc initializes the starting states to zeros; any others must be read as thinc reads them
    inner.set_param("HC0", rng.normal(size=inner.get_param("HC0").shape).astype("float32"))
    inputs = [rng.normal(size=(length, 12)).astype("float32") for length in LENGTHS]
    return model, inner, inputs


def _by_thinc(model, inner, inputs):
    inner._func = thinc_forward
    try:
        return model.predict(inputs)
    finally:
        with_onnx_inference(inner)


@pytest.mark.parametrize(("bidirectional", "depth"), [(True, 1), (True, 2), (False, 1), (False, 3)])
def test_inference_gives_thinc_forward_outputs(bidirectional, depth):
    assert len(LENGTHS) > SEQUENCES_PER_RUN
    model, inner, inputs = _layer(bidirectional, depth, seed=depth)
    ours = model.predict(inputs)
    assert [array.shape for array in ours] == [(length, inner.get_dim("nO")) for length in LENGTHS]
    for mine, theirs in zip(ours, _by_thinc(model, inner, inputs)):
        numpy.testing.assert_allclose(mine, theirs, atol=1e-5)


def test_new_weights_are_read_by_the_next_inference():
    model, inner, inputs = _layer(True, 1, seed=0)
    before = model.predict(inputs)
    inner.set_param("LSTM", inner.get_param("LSTM") * 0.5)
    after = model.predict(inputs)
    assert not numpy.allclose(before[0], after[0])
    numpy.testing.assert_allclose(after[0], _by_thinc(model, inner, inputs)[0], atol=1e-5)


def test_training_runs_thinc_forward_and_backward():
    model, inner, inputs = _layer(True, 1, seed=1)
    inner.attrs["dropout_rate"] = 0.0
    outputs, backprop = model.begin_update(inputs)
    for mine, theirs in zip(outputs, _by_thinc(model, inner, inputs)):
        numpy.testing.assert_allclose(mine, theirs, atol=1e-5)
    gradients = backprop([numpy.ones_like(output) for output in outputs])
    assert [gradient.shape for gradient in gradients] == [array.shape for array in inputs]
    assert numpy.abs(inner.get_grad("LSTM")).sum() > 0
