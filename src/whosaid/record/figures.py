"""Figures as people write them ("> 1,200 homes", "~70 million EUR"), for pages and exports."""

from __future__ import annotations

from whosaid.record.model import Quantity

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_BOUNDS = {"=": "", "~": "~", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ "}


def _number(value: float, scale: tuple[float, str] | None) -> str:
    if scale is not None:
        value /= scale[0]
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def format_figure(value: float | None, value_max: float | None, bound: str, unit: str | None, text: str) -> str:
    """A figure as people write it: "> 1,200 homes", "~70 million EUR", "3–5 million USD", "52% of voters"
    (the words of the text when it has no value)."""
    if value is None:
        return text
    top = max(abs(value), abs(value_max or 0))
    scale = next((item for item in _SCALES if top >= item[0]), None)
    number = _number(value, scale)
    if value_max is not None:
        number += "–" + _number(value_max, scale)
    if scale is not None:
        number += f" {scale[1]}"
    if unit and unit.startswith("percent"):  # "percent", "percent of voters"
        return f"{_BOUNDS[bound]}{number}%{unit[len('percent') :]}"
    return f"{_BOUNDS[bound]}{number}" + (f" {unit}" if unit else "")


def format_quantity(quantity: Quantity) -> str:
    return format_figure(quantity.value, quantity.value_max, quantity.bound, quantity.unit, quantity.text)
