"""Fitting one profile's statement confidence leaves the other profiles' weights as shipped."""

import json

import pytest

import whosaid
from whosaid.models import STATEMENT_CONFIDENCE_PATH
from whosaid.training.statement_confidence import train_statement_confidence

pytestmark = pytest.mark.slow


def test_a_new_output_starts_from_the_shipped_weights(shared_data, tmp_path):
    output = tmp_path / "fitted" / "statement_confidence.json"
    nlp = whosaid.load(profile="fast", exclude=["statement_confidence"])
    entry = train_statement_confidence(nlp, "fast", shared_data, output, limit=6)
    shipped = json.loads(STATEMENT_CONFIDENCE_PATH.read_text(encoding="utf-8"))
    written = json.loads(output.read_text(encoding="utf-8"))
    assert set(written) == set(shipped)
    assert written["fast"] == entry and entry["statements"] > 0
    assert all(written[profile] == shipped[profile] for profile in ("accurate", "precise"))
