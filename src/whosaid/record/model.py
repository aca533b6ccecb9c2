"""The Article record and its parts.

This is the contract shared by the CLI, the store, the HTTP API and the
Spark jobs. Every span carries `start`/`end` character offsets into
`Article.text`, and its `text` always equals `Article.text[start:end]`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Bound = Literal["=", ">", ">=", "<", "<=", "~"]
StatementKind = Literal["direct", "indirect", "mixed"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mention(Record):
    text: str
    start: int
    end: int


class Entity(Record):
    id: str
    name: str = Field(description="Canonical name: the longest proper name used for it.")
    type: str = Field(description="PERSON, ORG, GPE, NORP or MISC.")
    role: str | None = Field(default=None, description='Title or function, e.g. "Foreign Minister".')
    mentions: list[Mention]


class SourceRef(Mention):
    """A speaker, or a source a statement was reported through."""

    entity: str | None = None
    name: str | None = None
    type: str | None = None


class Cue(Mention):
    lemma: str
    type: str | None = None


class Content(Mention):
    fragments: list[tuple[int, int]] = Field(
        description="The content's discontinuous pieces; [start, end] covers them all."
    )


class Statement(Record):
    id: str
    speaker: SourceRef | None
    cue: Cue | None
    content: Content
    kind: StatementKind
    reported_via: list[SourceRef] = Field(
        default_factory=list,
        description="The sources the statement was relayed through, innermost first: "
        '"in a message carried by Z", and the speakers of the statements it is nested in.',
    )
    within: str | None = Field(
        default=None, description='The statement whose content holds this one ("Z reported that X said ...").'
    )
    hedged: bool = False
    negated: bool = False
    quantities: list[str] = Field(default_factory=list)
    times: list[str] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)


class Quantity(Mention):
    id: str
    value: float | None
    value_max: float | None = None
    bound: Bound = "="
    unit: str | None = None
    statement: str | None = None


class Time(Mention):
    id: str
    value: str | None = Field(description="ISO date, month (YYYY-MM) or year (YYYY).")
    granularity: str


class Article(Record):
    id: str = Field(description="Stable hash of the text.")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = Field(default=None, description="ISO date of publication.")
    text: str
    entities: list[Entity] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)

    def to_json(self, *, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)
