"""Weight matrices as int8 with a scale per row."""

import numpy

from whosaid.training.quantization import dequantized_rows, quantized_rows


def test_rows_travel_as_int8_within_half_a_step_of_their_scale():
    values = numpy.random.default_rng(0).normal(size=(300, 400)).astype("float32")
    values[3] = 0.0  # a row of zeros stays zeros
    quantized, scale = quantized_rows(values)
    assert quantized.dtype == numpy.int8 and scale.shape == (300,)
    error = numpy.abs(dequantized_rows(values) - values)
    assert (error <= scale[:, None] / 2 + 1e-7).all() and not dequantized_rows(values)[3].any()
