"""The Article record: what whosaid extracts, as typed, JSON-serializable data."""

from whosaid.record.model import (
    Article,
    Content,
    Cue,
    Entity,
    Mention,
    Quantity,
    SourceRef,
    Statement,
    Time,
    reporting_chain,
)

__all__ = [
    "Article",
    "Cue",
    "Content",
    "Entity",
    "Mention",
    "Quantity",
    "SourceRef",
    "Statement",
    "Time",
    "reporting_chain",
]
