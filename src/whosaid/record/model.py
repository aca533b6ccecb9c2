"""The Article record and its parts, and an Article as HTML (Jupyter, the server's pages).

This is the contract shared by the CLI, the store, the HTTP API and the
Spark jobs. Every span carries `start`/`end` character offsets into
`Article.text`, and its `text` always equals `Article.text[start:end]`.
"""

from __future__ import annotations

import hashlib
import html
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Bound = Literal["=", ">", ">=", "<", "<=", "~"]
StatementKind = Literal["direct", "indirect", "mixed"]
EntityType = Literal["PERSON", "ORG", "GPE", "NORP", "MISC"]
# In the order the source-type rules try them (docs/RECORD.md).
SourceType = Literal[
    "document", "state_media", "intelligence_military", "news_outlet", "anonymous", "person",
    "government", "organization", "group", "other",
]  # fmt: skip
CueType = Literal[
    "assert", "report", "acknowledge", "deny", "praise", "thank", "criticize", "estimate", "believe", "claim",
    "promise", "agree", "warn", "ask", "predict", "suggest",
]  # fmt: skip
# What a figure is: a count or amount, or one that counts nothing by itself and so is compared with
# no other: a term of a ratio ("1 in 4 residents", "Two of the officers"), the cut-off of a bracket
# ("donors who gave $200 or less"), a hypothetical or wished-for figure ("a 4-4 ruling would ...",
# "wanted 60 votes"), a label of a kind of thing ("a four-way race", "a two-front war"), or a
# poll's answer to a question the text gives as a clause ("48 percent agreed that ...", "Thirty-one,
# yes").
FigureKind = Literal["count", "ratio term", "cut-off", "hypothetical", "label", "answer"]
Granularity = Literal["day", "week", "month", "season", "quarter", "half", "year", "decade", "duration", "unknown"]


def article_id(text: str) -> str:
    """An article's id: a hash of its text, so the same text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The confidence at or above which a statement is shown unless asked for more: chosen as the lowest
# at which, cross-validated on PolNeAR dev, 90 % of the statements kept were right and 95 % of their
# speakers in every profile; with today's models 90.4 % and 97.0 % in the default (accurate) profile,
# 90.7 % and 97.2 % in fast, 90.3 % and 97.1 % in precise (docs/BENCHMARKS.md, "Session 47").
SHOWN_CONFIDENCE = 0.75
# The speaker confidence at or above which a speaker is shown by its entity's name; below it (on
# PolNeAR dev, 15 of 33 such speakers were right) by its own words, never a guess given as fact.
NAMED_SPEAKER_CONFIDENCE = 0.5


class Mention(Record):
    text: str
    start: int
    end: int


class Entity(Record):
    id: str
    name: str | None = Field(
        description="Canonical name: the longest proper name used for it; None for a speaker the article never names."
    )
    type: EntityType
    role: Mention | None = Field(default=None, description='Title or function, e.g. "Chinese Foreign Minister".')
    country: str | None = Field(default=None, description="ISO 3166 alpha-2 code, for a country.")
    source_type: SourceType | None = Field(default=None, description="What kind of source it is (docs/RECORD.md).")
    mentions: list[Mention] = Field(description="Names, and the pronouns and nominals resolved to it as speakers.")
    description: Mention | None = Field(
        default=None,
        description='A speaker the article never names: the words that first describe it ("a spokesman for the '
        'port authority").',
    )
    affiliation: str | None = Field(
        default=None,
        description="A speaker the article never names: the id of an entity its description names without it "
        'being the speaker ("an aide to Governor Ortega").',
    )


class SourceRef(Mention):
    """A speaker, or a source a statement was reported through."""

    entity: str | None = Field(default=None, description="The id of the entity it resolves to.")
    name: str | None = Field(default=None, description="That entity's canonical name.")
    type: EntityType | None = None
    source_type: SourceType | None = Field(default=None, description="What kind of source it is (docs/RECORD.md).")
    confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="How sure the resolution to that entity is: the estimated probability that it is the one "
        "meant (docs/BENCHMARKS.md); None when unresolved.",
    )
    affiliation: str | None = Field(
        default=None,
        description="The id of an entity the words name without it being the speaker: "
        '"an aide to Governor Ortega", "the FBI director", "reports from Seoul".',
    )
    affiliation_name: str | None = Field(default=None, description="That entity's canonical name.")
    description: str | None = Field(
        default=None,
        description='Where its entity is a speaker the article never names: the words that describe it ("a '
        'spokesman for the port authority"), for the words "He" too.',
    )

    def shown_name(self) -> str | None:
        """The entity's name to show: None where it is unresolved, or resolved with a confidence
        under NAMED_SPEAKER_CONFIDENCE (its words stand for it then, never a guess)."""
        sure = self.confidence is None or self.confidence >= NAMED_SPEAKER_CONFIDENCE
        return self.name if sure else None


class Cue(Mention):
    lemma: str
    type: CueType | None = Field(default=None, description="From the cue-type table (docs/RECORD.md).")


class Content(Mention):
    fragments: list[tuple[int, int]] = Field(
        description="The content's discontinuous pieces; [start, end] covers them all."
    )

    def as_said(self) -> str:
        """The content's words to read: its pieces joined by an ellipsis, without the words between
        them ('he said.' of '"We agreed," he said. "Nobody will stop us."')."""
        return pieces_as_said(self.text, self.start, self.fragments)


# What stands for the words left out between a content's pieces where they are shown joined.
BETWEEN_PIECES = " … "


def pieces_as_said(text: str, start: int, fragments: list[tuple[int, int]]) -> str:
    """The pieces of `text` (the span from character `start`) at `fragments`, joined by BETWEEN_PIECES."""
    return BETWEEN_PIECES.join(text[piece_start - start : piece_end - start] for piece_start, piece_end in fragments)


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
    hedges: list[Mention] = Field(default_factory=list, description="The words that hedge it.")
    negated: bool = False
    negation: Mention | None = Field(default=None, description="The word that negates it.")
    quantities: list[str] = Field(default_factory=list, description="Ids of the quantities in its content.")
    times: list[str] = Field(default_factory=list, description="Ids of the times in its content or on its cue.")
    evidence: Mention | None = Field(
        default=None,
        description="The sentence or sentences that hold its speaker, cue, content and relays: "
        "what to read to check it.",
    )
    confidence: float = Field(
        ge=0.0,
        le=1.0,
        description="The calibrated probability that it is an attribution with this speaker, content and relays "
        "(whosaid.pipeline.statement_confidence; docs/BENCHMARKS.md). The store, the web app and its exports "
        f"show those at or above {SHOWN_CONFIDENCE} unless asked for more.",
    )


def reporting_chain(speaker: str | None, relays: list[str]) -> str:
    """Who said it, then who passed it on, in order: "Ana Ruiz → Lakeside Post" ("?" for no speaker)."""
    return " → ".join([speaker or "?", *relays])


# The first words of units that say how a figure is measured, not what it counts, and the
# measuring unit they name ("percent of voters": percent; "5-point lead": points).
MEASURING_UNITS = {
    "percent": "percent",
    "percentage": "percentage points",
    "point": "points",
    "points": "points",
    "degree": "degrees",
    "degrees": "degrees",
    "ratio": "ratio",
}


# Units of physical measure, by their lemma: a figure in one is compared by what it is of where
# the text says it ("3 million barrels of oil": "oil (barrels)"), else with nothing ("215 feet").
PHYSICAL_UNITS = {
    "ton": "tons", "tonne": "tonnes", "barrel": "barrels", "gallon": "gallons", "litre": "litres",
    "liter": "litres", "kilogram": "kilograms", "acre": "acres", "hectare": "hectares", "mile": "miles",
    "kilometre": "kilometres", "kilometer": "kilometres", "megawatt": "megawatts", "gigawatt": "gigawatts",
    "foot": "feet", "feet": "feet", "metre": "metres", "meter": "metres", "inch": "inches", "inches": "inches",
    "yard": "yards",
}  # fmt: skip
# Counted nouns that say too little of what they count to compare two figures: "5,000 people"
# blamed and "100,000 people" at a rally, "Six women" candidates and "Six women" advisers.
GENERIC_COUNTS = frozenset({
    "people", "persons", "individuals", "members", "women", "men", "children", "kids", "residents", "citizens",
    "voters", "americans", "countries", "nations", "states", "times", "groups", "others", "words",
})  # fmt: skip
# What an amount counts that says too little to compare two: "a new low 15 percent rate" of one
# tax beside "a 36 percent rate" of another.
GENERIC_AMOUNTS = frozenset({"rate", "share", "level", "number", "amount", "total", "figure", "price"})


def physical_unit(word: str) -> str | None:
    """The physical unit a word names, singular or plural ("tons", "barrel"), in its plural."""
    word = word.lower()
    return PHYSICAL_UNITS.get(word) or (PHYSICAL_UNITS.get(word[:-1]) if word.endswith("s") else None)


def measure(
    unit: str | None, counts: str | None, per: str | None, kind: FigureKind = "count", whose: str | None = None
) -> str | None:
    """What figures must share to be compared: what is counted, in what, per what, whose ("engineers",
    "voters (percent)", "revenue (USD)", "dividend (USD) per share", "oil (barrels) per day",
    "donations (USD) · Ann Lee").
    None for a figure that is no count (`FigureKind`), without a unit, or where the text does
    not say what an amount counts (a bare "$5 million", "45 percent" or "215 feet", or "5,000
    people": `GENERIC_COUNTS`): comparable with nothing."""
    if kind != "count" or unit is None or not any(character.isalpha() for character in unit):
        return None
    money = len(unit) == 3 and unit.isalpha() and unit.isupper()  # an ISO 4217 code
    first = unit.lower().replace(",", " ").split()[0]
    measuring = unit if money else MEASURING_UNITS.get(first)
    physical = physical_unit(first) if len(unit.split()) == 1 else None
    if physical is not None:
        if not counts or counts == unit.lower():
            return None
        key = f"{counts} ({physical})"
    elif measuring is None:
        if unit.lower() in GENERIC_COUNTS:
            return None
        key = unit.lower()
    elif counts and counts not in GENERIC_AMOUNTS:
        key = f"{counts} ({measuring})"
    else:
        return None
    key = f"{key} per {per}" if per else key
    return f"{key} · {whose}" if whose else key


class Quantity(Mention):
    id: str
    value: float | None
    value_max: float | None = Field(default=None, description="The upper end of a range.")
    bound: Bound = "="
    qualifier: Mention | None = Field(default=None, description='The words that set the bound ("more than").')
    unit: str | None = Field(default=None, description='What is counted: "engineers", "soldiers killed", "USD".')
    unit_fragments: list[tuple[int, int]] = Field(default_factory=list, description="Where the unit's words are.")
    counts: str | None = Field(
        default=None,
        description='What it is a quantity of, in lower case: "engineers", "revenue" (of "revenue rose to $3.4 '
        'billion"), "voters" (of "52 percent of voters"), "borrowing" (of "borrowed 200 million euros").',
    )
    counts_fragments: list[tuple[int, int]] = Field(
        default_factory=list, description="The words it is read from (for money, maybe the verb that moves it)."
    )
    per: str | None = Field(
        default=None, description='What it is per: "share" ("$1.20 per share"), "month" ("a month").'
    )
    per_fragments: list[tuple[int, int]] = Field(default_factory=list, description='Where that is said ("a month").')
    whose: str | None = Field(
        default=None,
        description='Whose it is, where the text says it: who gave, spent or raised it ("Ann Lee" of "Lee will give '
        '$15 million"), or whose the thing counted is ("Apple" of "Apple\'s revenue", "regional parties" of "donations '
        "to regional parties\"); an entity's name where it is one.",
    )
    whose_fragments: list[tuple[int, int]] = Field(default_factory=list, description="Where that is said.")
    kind: FigureKind = Field(
        default="count",
        description='A count or amount, or a figure compared with no other: a "ratio term" ("1 in 4 residents"), '
        'the "cut-off" of a bracket ("donors who gave $200 or less"), "hypothetical" ("a 4-4 ruling would"), a '
        '"label" of a kind of thing ("a four-way race"), a poll\'s "answer" ("48 percent agreed that ...").',
    )
    statement: str | None = Field(default=None, description="The statement whose content holds it.")

    @property
    def measure(self) -> str | None:
        return measure(self.unit, self.counts, self.per, self.kind, self.whose)


class Time(Mention):
    id: str
    value: str | None = Field(
        description='ISO date, month (YYYY-MM) or year (YYYY), or for a duration ("five days") an ISO 8601 '
        "duration (P5D); None when unresolved."
    )
    value_end: str | None = Field(
        default=None, description="The last day, month or year of a week, season, quarter, half-year or period."
    )
    granularity: Granularity
    approximate: bool = False
    statement: str | None = Field(default=None, description="The statement it belongs to.")


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

    def _repr_html_(self) -> str:  # how Jupyter shows it
        return article_html(self)


# An Article as HTML: each role has its colour, and each mark's title names its statement ("s2 SOURCE").
ROLE_COLOURS = {"SOURCE": "#a5d6f7", "CUE": "#ffd54f", "CONTENT": "#c5e1a5", "VIA": "#d1c4e9", "FIGURE": "#ffccbc"}


# A mark: (start, end, label "s2 CONTENT" / "q1 FIGURE", anchor id for its first piece or "",
# whom a speaker's or relay's words were given to, "→ Ann Lee · 0.82", or "").
Mark = tuple[int, int, str, str, str]


def resolved_as(source: SourceRef) -> str:
    """Whom a speaker's or relay's words were resolved to, where the words do not name it: "→ Ann
    Lee · 0.82" for "he" or "Lee", "→ a spokesman for the port authority (unnamed)" for a "he"
    given to a speaker the article never names; "" for "Mayor Ann Lee", an unresolved source or
    one resolved too unsurely to be shown (SourceRef.shown_name)."""
    name = source.shown_name()
    if name is None and source.description is not None:
        return "" if source.description in source.text else f"→ {source.description} (unnamed)"
    if not name or name in source.text:
        return ""
    return f"→ {name}" + (f" · {source.confidence:.2f}" if source.confidence is not None else "")


def _article_marks(article: Article, figures: bool) -> list[Mark]:
    marks: list[Mark] = []
    for statement in article.statements:
        sources = [("SOURCE", statement.speaker), *(("VIA", source) for source in statement.reported_via)]
        marks += [
            (part.start, part.end, f"{statement.id} {role}", "", resolved_as(part))
            for role, part in sources
            if part is not None
        ]
        if statement.cue is not None:
            marks.append((statement.cue.start, statement.cue.end, f"{statement.id} CUE", "", ""))
        marks += [
            (start, end, f"{statement.id} CONTENT", statement.id if number == 0 else "", "")
            for number, (start, end) in enumerate(statement.content.fragments)
        ]
    if figures:
        marks += [(q.start, q.end, f"{q.id} FIGURE", q.id, "") for q in article.quantities]
    return marks


def article_html(article: Article, *, inline_style: bool = True, figures: bool = False) -> str:
    """The article's text with its statements' parts marked (nested where they nest), exact to the character.

    With `inline_style` the colours are in each mark (Jupyter); without, marks carry classes
    (`role-source`, ...) for a stylesheet, the id of what they are part of (`data-part="s2"`),
    and each statement's content and each figure (with `figures`) an id to link to (`#s2`, `#q1`).
    """
    marks = _article_marks(article, figures)
    boundaries = sorted({0, len(article.text), *(m[0] for m in marks), *(m[1] for m in marks)})
    pieces = []
    for start, end in zip(boundaries, boundaries[1:]):
        text = html.escape(article.text[start:end])
        for first, last, label, anchor, resolved in marks:
            if not first <= start < end <= last:
                continue
            role = label.split()[1]
            look = (
                f'style="background:{ROLE_COLOURS[role]}"'
                if inline_style
                else f'class="role-{role.lower()}" data-part="{label.split()[0]}"'
            )
            where = f' id="{anchor}"' if anchor and start == first and not inline_style else ""
            # shown after the words by the stylesheet (::after), so the page's text stays the article's
            shown = f' data-resolved="{html.escape(resolved)}"' if resolved and end == last else ""
            title = html.escape(f"{label} {resolved}".strip())
            text = f'<mark {look}{where}{shown} title="{title}">{text}</mark>'
        pieces.append(text)
    look = ' style="white-space:pre-wrap;line-height:2"' if inline_style else ""
    return f'<div class="whosaid-article"{look}>{"".join(pieces)}</div>'
