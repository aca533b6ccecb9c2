"""The query filters, declared once: the store validates them, the HTTP API reads them from
the query string, and the CLI builds them from its options.

Rules: text filters lose NUL characters and surrounding space, and one left blank is
an error (it would match everything, or nothing, silently); ids fit in a signed
64-bit integer; dates are strict ISO (YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from whosaid.errors import InvalidQueryError
from whosaid.record.model import SHOWN_CONFIDENCE, SourceType

MAX_ID = 2**63 - 1


def _text(value: str) -> str:
    cleaned = value.replace("\x00", "").strip()
    if not cleaned:
        raise ValueError("must not be blank")
    return cleaned


def _iso_date(value: str) -> str:
    try:
        if len(value) != 10:
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be an ISO date, YYYY-MM-DD") from None
    return value


Text = Annotated[str, AfterValidator(_text), Field(max_length=1000)]
IsoDate = Annotated[str, AfterValidator(_iso_date)]
EntityId = Annotated[int, Field(ge=1, le=MAX_ID)]
# Filters several queries share, declared once.
Since = Annotated[IsoDate | None, Field(description="Published on or after (YYYY-MM-DD).")]
Until = Annotated[IsoDate | None, Field(description="Published on or before (YYYY-MM-DD).")]
Outlet = Annotated[Text | None, Field(description="The outlet.")]
Offset = Annotated[int, Field(ge=0, le=MAX_ID, description="Skip this many first (for the next page).")]
MinConfidence = Annotated[
    float,
    Field(
        ge=0.0,
        le=1.0,
        description=f"Only statements at least this likely to be right (0-1; default {SHOWN_CONFIDENCE}, "
        "chosen so that 9 in 10 are right on PolNeAR dev; 0 shows all).",
    ),
]


class StatementFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker: Text | None = Field(None, description="Part of the speaker's name.")
    speaker_entity: EntityId | None = Field(None, description="A stored entity's id: what it said.")
    affiliation: EntityId | None = Field(
        None, description='A stored entity\'s id: what speakers affiliated with it said ("an aide to Governor Ortega").'
    )
    entity: EntityId | None = Field(None, description="A stored entity's id: statements that mention it.")
    q: Text | None = Field(None, description="Words in the content (full text).")
    since: Since = None
    until: Until = None
    source_type: SourceType | None = Field(None, description="What kind of source the speaker is.")
    min_speaker_confidence: float | None = Field(
        None, ge=0.0, le=1.0, description="Only speakers resolved with at least this confidence (0-1)."
    )
    min_confidence: MinConfidence = SHOWN_CONFIDENCE
    outlet: Outlet = None
    limit: int = Field(50, ge=1, le=1000, description="At most this many.")
    offset: Offset = 0


class ArticleFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: Text | None = Field(None, description="Words in the title or text.")
    outlet: Outlet = None
    since: Since = None
    until: Until = None
    limit: int = Field(50, ge=1, le=1000, description="At most this many.")
    offset: Offset = 0


class ClaimFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit: Text | None = Field(
        None, description='What is counted, or part of it: its unit or what it is of ("engineers", "USD", "revenue").'
    )
    q: Text | None = Field(None, description="Words in the statement's content.")
    min_confidence: MinConfidence = SHOWN_CONFIDENCE
    limit: int = Field(200, ge=1, le=1000, description="At most this many figures.")
    offset: Offset = 0


class ProvenanceFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker: Text | None = Field(None, description="Part of the speaker's name.")
    speaker_entity: EntityId | None = Field(None, description="A stored entity's id: the claims it made.")
    claim: EntityId | None = Field(
        None, description="A claim's id (a statement's `claims`, an export's): that claim (min_articles still holds)."
    )
    q: Text | None = Field(None, description="Words in a report's content (full text).")
    outlet: Outlet = None
    since: Since = None
    until: Until = None
    min_articles: int = Field(2, ge=1, le=1000, description="Only claims reported in at least this many articles.")
    min_confidence: MinConfidence = SHOWN_CONFIDENCE
    limit: int = Field(50, ge=1, le=500, description="At most this many claims.")
    offset: Offset = 0


def validated(model: type[BaseModel], values: dict[str, Any]) -> Any:
    """The filter model from `values`, or an InvalidQueryError naming each bad field in one line."""
    try:
        return model(**values)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise InvalidQueryError(problems) from None
