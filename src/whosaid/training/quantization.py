"""Weight matrices as int8 with a scale per row: how weights travel to and from the accelerator,
and how an exported encoder stores its large ones."""

from __future__ import annotations

import numpy


def quantized_rows(values: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """int8 values and a scale per row (the largest magnitude of each row maps to 127)."""
    scale = (numpy.abs(values).max(axis=1) / 127).clip(min=1e-12).astype("float32")
    return numpy.round(values / scale[:, None]).clip(-127, 127).astype("int8"), scale


def dequantized_rows(values: numpy.ndarray) -> numpy.ndarray:
    """`values` as they come back from travelling as int8 per row."""
    quantized, scale = quantized_rows(values)
    return quantized.astype("float32") * scale[:, None]
