"""What store queries return: typed rows, shared by the Python API, the CLI and the HTTP API's schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from whosaid.record.model import Bound, CueType, EntityType, SourceType, StatementKind


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class StoredStatement(Result):
    article_id: str
    id: str = Field(description="The statement's id in its article (s1, s2, ...).")
    speaker_name: str | None = Field(description="The speaker's canonical name, else its words.")
    speaker_entity_id: int | None = Field(description="The speaker's entity in the store.")
    source_type: SourceType | None
    cue: str | None
    cue_type: CueType | None
    content: str
    kind: StatementKind
    reported_via: list[str] = Field(description="The names of the sources it came through, innermost first.")
    hedged: bool
    negated: bool
    outlet: str | None
    published: str | None
    title: str | None


class Claim(Result):
    """A figure and who reported it."""

    value: float | None
    value_max: float | None
    bound: Bound
    text: str
    article_id: str
    statement_id: str | None
    speaker_name: str | None
    source_type: SourceType | None
    reported_via: list[str]
    hedged: bool | None
    content: str | None
    outlet: str | None
    published: str | None


class EntityPage(Result):
    id: int
    key: str
    name: str
    type: EntityType
    country: str | None
    source_type: SourceType | None
    aliases: list[str]
    said: list[StoredStatement]
    said_about: list[StoredStatement]
