"""What store queries return: typed rows, shared by the Python API, the CLI and the HTTP API's schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, computed_field

from whosaid.provenance.history import UNKNOWN_OUTLET
from whosaid.record.figures import format_figure
from whosaid.record.model import (
    GENERIC_COUNTS,
    SHOWN_CONFIDENCE,
    Bound,
    CueType,
    EntityType,
    FigureKind,
    SourceType,
    StatementKind,
    measure,
    pieces_as_said,
    reporting_chain,
)


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class StoredArticle(Result):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    opening: str = Field(description="The first words of the text.")
    statements: int = Field(description="How many statements it holds.")


def evidence_path(article_id: str, anchor: str, confidence: float | None) -> str:
    """The web app's path to a statement or figure (`anchor`) in its article's page; under the
    shown confidence, with the query that shows its statement there."""
    shown = confidence is None or confidence >= SHOWN_CONFIDENCE
    return f"/articles/{article_id}{'' if shown else '?min_confidence=0'}#{anchor}"


class Relayed(Result):
    """A result with a speaker and the sources it came through (`speaker_name`, `reported_via`)."""

    @computed_field(description='Who said it, then who passed it on: "Ana Ruiz → Lakeside Post".')
    @property
    def chain(self) -> str:
        return reporting_chain(self.speaker_name, self.reported_via)


class StoredStatement(Relayed):
    """A stored statement, with where it is in its article and the page that shows it there."""

    article_id: str
    id: str = Field(description="The statement's id in its article (s1, s2, ...).")
    speaker_name: str | None = Field(description="The speaker's canonical name, else its words.")
    speaker_entity_id: int | None = Field(description="The speaker's entity in the store.")
    source_type: SourceType | None
    speaker_confidence: float | None = Field(description="How sure the speaker's resolution is (0-1).")
    confidence: float = Field(description="The statement's probability of being right, speaker and content (0-1).")
    cue: str | None
    cue_type: CueType | None
    content: str
    # Character offsets into the article's text (Python code points), as in the record.
    speaker_start: int | None
    speaker_end: int | None
    cue_start: int | None
    cue_end: int | None
    content_start: int
    content_end: int
    content_fragments: list[tuple[int, int]] = Field(
        description="The content's pieces (character offsets); content_start to content_end covers them all."
    )
    evidence: str | None = Field(description="The sentence or sentences that hold it: what to read to check it.")
    evidence_start: int | None
    evidence_end: int | None
    kind: StatementKind
    reported_via: list[str] = Field(description="The names of the sources it came through, innermost first.")
    hedged: bool
    negated: bool
    outlet: str | None
    published: str | None
    title: str | None
    claims: list[int] = Field(
        default_factory=list,
        description="The claims it reports across articles (whosaid query provenance): one, or one per quotation.",
    )

    @computed_field(description="The web app's page of its article, showing it (relative to the server).")
    @property
    def url(self) -> str:
        return evidence_path(self.article_id, self.id, self.confidence)

    @computed_field(
        description="The content's words to read: its pieces joined by ' … ', without the words between them "
        "('he said.' of a quotation split around its cue)."
    )
    @property
    def content_as_said(self) -> str:
        return pieces_as_said(self.content, self.content_start, self.content_fragments)


class Claim(Relayed):
    """A figure and who reported it."""

    unit: str = Field(description='What it counts, as the article says it ("engineers", "USD").')
    counts: str | None = Field(default=None, description='What it is a quantity of ("revenue", "voters").')
    per: str | None = Field(default=None, description='What it is per ("share", "month").')
    whose: str | None = Field(default=None, description='Whose it is, where the text says it ("Ann Lee", "Apple").')
    kind: FigureKind = Field(
        default="count", description='A count, or a "ratio term", "cut-off", "hypothetical", "label" or "answer".'
    )
    value: float | None
    value_max: float | None
    bound: Bound
    text: str
    article_id: str
    quantity_id: str = Field(description="The figure's id in its article (q1, q2, ...).")
    statement_id: str | None
    speaker_name: str | None
    source_type: SourceType | None
    reported_via: list[str]
    cue: str | None = Field(description='How it was said: the cue of its statement ("told", "according to").')
    hedged: bool | None
    confidence: float | None = Field(description="Its statement's probability of being right (0-1).")
    content: str | None
    outlet: str | None
    published: str | None

    @computed_field(
        description='What figures must share to be compared (the claims\' groups): "engineers", "revenue (USD)", '
        '"dividend (USD) per share".'
    )
    @property
    def measure(self) -> str:
        if key := measure(self.unit, self.counts, self.per, self.kind, self.whose):
            return key
        if self.kind != "count":
            return f"{self.unit} ({self.kind}, compared with none)"
        if self.unit.lower() in GENERIC_COUNTS:
            return f"{self.unit} (which, not said)"
        return f"{self.unit} (what it counts, not said)"

    @computed_field(description="Whether it is a count whose text says what it counts, so that it can be compared.")
    @property
    def comparable(self) -> bool:
        return measure(self.unit, self.counts, self.per, self.kind, self.whose) is not None

    @computed_field(description='The figure as people write it: "> 1,200 homes", "3–5 million USD".')
    @property
    def figure(self) -> str:
        return format_figure(self.value, self.value_max, self.bound, self.unit, self.text)


class ClaimReport(StoredStatement):
    """One report of a claim: a stored statement, with its figures."""

    figures: list[str] = Field(description='Its figures as people write them ("> 5,000 engineers").')
    times: list[str] = Field(default_factory=list, description='Its dates and durations, as written ("48 hours").')
    time_values: list[str] = Field(
        default_factory=list,
        description='Those resolved, as they are compared: first and last value and granularity ("PT48H..PT48H '
        'duration"); an unresolved one is no change.',
    )


class ClaimHistory(Result):
    """A claim reported in several articles: who made it, its reports in order of publication
    (the first report first), and what changed from one report to the next."""

    claim: int = Field(description="The claim's id in the store.")
    speaker_name: str | None
    speaker_entity_id: int | None
    reports: list[ClaimReport]
    drift: list[str] = Field(
        description="What changed from one report to the next: figures, dates and durations, negation, hedges, relays."
    )

    @computed_field(description="The outlets that carried it, in order of their first report.")
    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(report.outlet or UNKNOWN_OUTLET for report in self.reports))


class StoredEntity(Result):
    id: int
    name: str
    type: EntityType
    country: str | None
    source_type: SourceType | None
    aliases: list[str]


class EntityPage(Result):
    id: int
    key: str
    name: str
    type: EntityType
    country: str | None
    source_type: SourceType | None
    aliases: list[str]
    roles: list[str] = Field(description='Titles and functions it was given ("Foreign Minister").')
    said: list[StoredStatement]
    said_by_affiliates: list[StoredStatement] = Field(
        description='What speakers named with it without being it said ("an aide to Governor Ortega").'
    )
    said_about: list[StoredStatement]
