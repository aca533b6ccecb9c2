"""An entity of one article as resolution builds it: its name mentions under one canonical name."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span


@dataclass
class Cluster:
    type: str
    mentions: list[Span] = field(default_factory=list)
    name: str = ""
    role: Span | None = None
    country: str | None = None
    gender: str | None = None  # settled: by a title, a news first name, or a pronoun resolved to it
    name_gender: str | None = None  # what its first name suggests in US usage, weaker evidence

    def gender_by_name(self) -> str | None:
        """Its settled gender, else what its first name suggests where its name has one."""
        return self.gender or (self.name_gender if len(self.name.split()) > 1 else None)

    def words(self) -> set[str]:
        return set(self.name.lower().split())


@dataclass
class UnnamedSpeaker:
    """A speaker the article never names ("a spokesman for the port authority"): the words that
    first describe it, and every speaker span that stands for it ("He added")."""

    description: Span
    type: str  # ORG for a body ("the ministry"), MISC for a document ("the report"), else PERSON
    mentions: list[Span] = field(default_factory=list)
    affiliation: int | None = None  # the cluster of a name that qualifies it ("an aide to Mr. Lee": Lee)
