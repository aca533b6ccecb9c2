"""An input that could not be extracted, as extraction yields it in place of its Article."""

from __future__ import annotations

from dataclasses import dataclass

from whosaid.errors import error_reason


@dataclass(frozen=True)
class ExtractionFailure:
    """An input that could not be extracted: its position in the input, and why."""

    index: int
    error: Exception

    @property
    def reason(self) -> str:
        return error_reason(self.error)
