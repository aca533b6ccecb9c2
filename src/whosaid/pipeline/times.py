"""Dates and times, normalized against the article's publication date.

Relative expressions are resolved by whosaid's own rules, because news
convention differs from what a general date parser assumes: a bare weekday
("on Tuesday") is the most recent such day on or before publication; a bare
month ("in March") the most recent such month not after it; "last spring" the
most recent spring before the current season. Explicit dates ("March 3,
2024", "3 March") and counted offsets ("two weeks ago") go to dateparser,
anchored at the publication date and preferring the past. Without a
publication date only explicit years and full dates are resolved.

Values are ISO 8601: a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY);
weeks, seasons and quarters give their first day or month in `value` and their last in
`value_end`; approximate expressions ("decades ago") give their best year
and `approximate`.

The component `whosaid_times_v1` writes them, numbered t1, t2, ..., to
`doc.spans["whosaid_times"]` and `doc._.whosaid_times`, anchored at the
publication date that `set_meta` gave the Doc.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, replace

import dateparser
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span
from text_to_num import text2num

from whosaid.lexicon.calendar import WEEKDAYS, month_number
from whosaid.lexicon.sources import SOURCE_WORDS, SOURCE_WORDS_CONFIG, SourceWords
from whosaid.pipeline.extensions import META, TIMES, ArticleComponent, get_meta, write_numbered
from whosaid.pipeline.text import words_of

# Northern-hemisphere meteorological seasons: first month, number of months.
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# Roughly how long ago "years ago" and the like reach back, in years.
# A duration's unit word (singular) -> (how many of the ISO 8601 unit, that unit).
DURATION_UNITS = {
    "hour": (1, "H"), "day": (1, "D"), "week": (1, "W"), "month": (1, "M"), "year": (1, "Y"),
    "decade": (10, "Y"), "centurie": (100, "Y"), "century": (100, "Y"),
}  # fmt: skip
VAGUE_AGES = {"years": 5, "decades": 20, "centuries": 200, "months": 0.5}
TIME_LABELS = ("DATE", "TIME")
YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")  # a year written as a number
_DECADE = re.compile(r"^(1[5-9]\d|20\d)0['’]?s$")
# The words that move a time from the one of publication, and by how many ("next year": +1).
_STEPS = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1}
# Words that make a time approximate ("about 14 hours", "almost a decade").
_APPROXIMATORS = frozenset({"about", "around", "roughly", "nearly", "almost", "approximately", "some"})
# Words that do not change which day, month or year is meant.
_FILLERS = frozenset(
    {"on", "in", "the", "of", "during", "early", "late", "mid", "morning", "afternoon", "evening", "night"}
)


@dataclass(frozen=True)
class FoundTime:
    """Token offsets into the Doc and the normalized value."""

    start: int
    end: int
    value: str | None
    granularity: str
    value_end: str | None = None
    approximate: bool = False


def _words(span: Span) -> list[str]:
    return [token.lower_.rstrip(".") for token in span if not token.is_punct]


def _last_weekday(published: dt.date, weekday: int, strictly_before: bool) -> dt.date:
    days = (published.weekday() - weekday) % 7
    if strictly_before and days == 0:
        days = 7
    return published - dt.timedelta(days=days)


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _season(published: dt.date, first_month: int, which: str) -> tuple[str, str]:
    """(first month, last month) of the season meant by "last/this/next <season>"."""
    # The season containing the publication date starts at most 2 months earlier.
    start = _month_start(published.year, first_month)
    while start > published:
        start = _month_start(start.year - 1, first_month)
    current = start <= published < _month_start(start.year, start.month + 3)
    if which == "last" and current:
        start = _month_start(start.year - 1, first_month)
    elif which == "next":
        start = _month_start(start.year + 1, first_month)  # the first to start after publication
    end = _month_start(start.year, start.month + 2)
    return start.strftime("%Y-%m"), end.strftime("%Y-%m")


def normalize(words: list[str], published: dt.date | None, *, future: bool = False) -> FoundTime | None:
    """The normalized value of a time expression's words (token offsets left at 0).

    `future`: the clause looks ahead ("will finish by May"), so a bare weekday
    or month is the next one on or after publication."""
    if words[-1:] in (["'s"], ["’s"]):
        words = words[:-1]  # "next Tuesday's election"
    if words[:1] and words[0] in _APPROXIMATORS and len(words) > 1:
        time = normalize(words[1:], published, future=future)
        return None if time is None else replace(time, approximate=True)
    if (period := _period(words, published, future)) is not None:
        return period
    text = " ".join(words)
    words = [word for word in words if word not in _FILLERS]
    modifier = words[0] if words and words[0] in _STEPS else None
    rest = words[1:] if modifier else words
    if len(rest) == 1 and YEAR.match(rest[0]):
        return FoundTime(0, 0, rest[0], "year")
    if len(rest) == 1 and (decade := _DECADE.match(rest[0])):
        return FoundTime(0, 0, decade[1] + "0", "decade")
    if (duration := _duration(rest)) is not None and modifier in (None, "last", "past"):
        return FoundTime(0, 0, duration, "duration")
    if published is None:
        return _explicit(text, None, future)
    if len(rest) == 1:
        word = rest[0]
        if word in WEEKDAYS:
            weekday = WEEKDAYS.index(word)
            if modifier == "next" or (future and modifier is None):
                ahead = (weekday - published.weekday()) % 7
                day = published + dt.timedelta(days=ahead or (7 if modifier == "next" else 0))
            else:
                day = _last_weekday(published, weekday, strictly_before=modifier == "last")
            return FoundTime(0, 0, day.isoformat(), "day")
        month = month_number(word)
        if month is not None:
            year = published.year if (month <= published.month and modifier != "last") else published.year - 1
            if modifier == "next":
                year = published.year + (month <= published.month)
            elif future and modifier is None:
                year = published.year + (month < published.month)
            return FoundTime(0, 0, f"{year}-{month:02d}", "month")
        if word in SEASONS:
            first, last = _season(published, SEASONS[word], modifier or "this")
            return FoundTime(0, 0, first, "season", value_end=last)
        if word in ("today", "tonight"):
            return FoundTime(0, 0, published.isoformat(), "day")
        if word == "yesterday":
            return FoundTime(0, 0, (published - dt.timedelta(days=1)).isoformat(), "day")
        if word == "tomorrow":
            return FoundTime(0, 0, (published + dt.timedelta(days=1)).isoformat(), "day")
        if word in ("year", "month", "week") and modifier:
            return _calendar_unit(published, word, modifier)
    if rest and rest[-1] == "quarter" and (quarter := _quarter(rest[:-1], modifier, published, future)):
        return quarter
    if len(rest) >= 3 and rest[-2] == "quarter" and YEAR.match(rest[-1]) and rest[-3] in _QUARTER_ORDINALS:
        first = (_QUARTER_ORDINALS[rest[-3]] - 1) * 3 + 1  # "the second quarter of 2027"
        return FoundTime(0, 0, f"{rest[-1]}-{first:02d}", "quarter", value_end=f"{rest[-1]}-{first + 2:02d}")
    if rest[:1] in (["first"], ["second"]) and rest[1:2] == ["half"] and (half := _half(rest, published, future)):
        return half
    if rest[:1] == ["end"] and rest[-1:] in (["year"], ["month"]) and len(rest) <= 3:
        # "the end of this year" (or of next or last one; "the end of the year" in a clause that
        # looks ahead): its last month, roughly. In a past clause "the end of the year" may be last
        # year's: unsaid.
        which = rest[1] if len(rest) == 3 else modifier
        steps = _STEPS | ({None: 0} if future else {})
        step = steps.get(which)
        if step is not None:
            if rest[-1] == "year":
                return FoundTime(0, 0, f"{published.year + step}-12", "month", approximate=True)
            month = _month_start(published.year, published.month + step)
            return FoundTime(0, 0, month.strftime("%Y-%m"), "month", approximate=True)
    if len(rest) == 2 and rest[1] == "ago" and rest[0] in VAGUE_AGES:
        year = published.year - round(VAGUE_AGES[rest[0]])
        granularity = "decade" if rest[0] == "decades" else "year"
        return FoundTime(0, 0, str(year), granularity, approximate=True)
    return _explicit(text, published, future)


_QUARTER_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _quarter(words: list[str], modifier: str | None, published: dt.date, future: bool) -> FoundTime | None:
    """A calendar quarter: "last quarter" (the one before publication's), "this" or "next" one, or
    "the third quarter" (the latest that has begun by publication; in a future clause, this year's
    if it is still to come, else none: the last or the next, the tense does not tell), with its
    first and last months."""
    if any(word in ("year", "years", "'s") or word[:1].isdigit() for word in words):
        return None  # "last year's fourth quarter": a year this does not read
    current = (published.month - 1) // 3 + 1
    ordinal = next((_QUARTER_ORDINALS[word] for word in words if word in _QUARTER_ORDINALS), None)
    if ordinal is None:
        if modifier is None:
            return None
        step = _STEPS[modifier]
        index = published.year * 4 + current - 1 + step
    else:
        if future and ordinal < current:
            # "to restore margins after a weak third quarter", "will open in the second quarter":
            # the last one or the next one; the clause's tense does not tell
            return None
        year = published.year if ordinal <= current else published.year - 1
        if future and ordinal > current:
            year = published.year
        index = year * 4 + ordinal - 1
    year, first = divmod(index, 4)
    start = dt.date(year, first * 3 + 1, 1)
    end = _month_start(year, first * 3 + 3)
    return FoundTime(0, 0, start.strftime("%Y-%m"), "quarter", value_end=end.strftime("%Y-%m"))


# Words that join the two ends of a period ("from June 3 to June 9", "between Nov. 12 and Nov.
# 17": "and" only after "between").
_PERIOD_JOINERS = frozenset({"to", "through", "until", "till", "-", "–"})


def _period(words: list[str], published: dt.date | None, future: bool) -> FoundTime | None:
    """A period between two days, months or years ("between Nov. 12 and Nov. 17", "2010 to 2014":
    first in `value`, last in `value_end`), or the months up to a day that ends one ("the three
    months to Sept. 30": 2026-07 .. 2026-09)."""
    opened = words[:1] in (["between"], ["from"])
    joiners = _PERIOD_JOINERS | ({"and"} if words[:1] == ["between"] else set())
    middle = next((i for i, word in enumerate(words) if word in joiners and i > opened), None)
    if middle is None or middle == len(words) - 1:
        return None
    first_words, last_words = words[opened:middle], words[middle + 1 :]
    last = normalize(last_words, published, future=future)
    if last is None or last.value is None:
        return None
    months = _duration([word for word in first_words if word != "the"])
    if months is not None and months.endswith("M") and last.granularity == "day":
        end = dt.date.fromisoformat(last.value)
        if (end + dt.timedelta(days=1)).day != 1:
            return None  # the months to a day that ends none
        start = _month_start(end.year, end.month - int(months[1:-1]) + 1)
        return FoundTime(0, 0, start.strftime("%Y-%m"), "month", value_end=end.strftime("%Y-%m"))
    first = normalize(first_words, published, future=future)
    if first is None or first.value is None or first.granularity != last.granularity:
        return None
    if first.granularity not in ("day", "month", "year") or first.value > last.value:
        return None
    return FoundTime(0, 0, first.value, first.granularity, value_end=last.value)


def _half(words: list[str], published: dt.date, future: bool) -> FoundTime | None:
    """ "the first half of next year", "the second half of 2025", or "the first half of the year",
    as a quarter is read (the latest begun by publication; in a future clause this year's if still
    to come, else none), with its first and last months."""
    ordinal = 1 if words[0] == "first" else 2
    of = words[2:]
    if len(of) == 1 and YEAR.match(of[0]):
        year = int(of[0])
    elif len(of) == 2 and of[1] == "year" and of[0] in _STEPS:
        year = published.year + _STEPS[of[0]]
    elif of in ([], ["year"]):
        current = 1 if published.month <= 6 else 2
        if future and ordinal < current:
            return None  # last year's or next year's: the tense does not tell
        year = published.year if future or ordinal <= current else published.year - 1
    else:
        return None
    first = 1 if ordinal == 1 else 7
    return FoundTime(0, 0, f"{year}-{first:02d}", "half", value_end=f"{year}-{first + 5:02d}")


def _duration(words: list[str]) -> str | None:
    """ "five days", "two decades", "48 hours", "a year": an ISO 8601 duration ("P5D", "P20Y", "PT48H")."""
    if len(words) != 2 or words[1].rstrip("s") not in DURATION_UNITS:
        return None
    count_word, unit = words[0], DURATION_UNITS[words[1].rstrip("s")]
    if count_word in ("a", "an", "one"):
        count = 1
    elif count_word.isdigit():
        count = int(count_word)
    else:
        try:
            count = text2num(count_word, "en")
        except ValueError:
            return None
    amount, letter = count * unit[0], unit[1]
    return f"PT{amount}H" if letter == "H" else f"P{amount}{letter}"


def _calendar_unit(published: dt.date, unit: str, modifier: str) -> FoundTime:
    step = _STEPS[modifier]
    if unit == "year":
        return FoundTime(0, 0, str(published.year + step), "year")
    if unit == "month":
        start = _month_start(published.year, published.month + step)
        return FoundTime(0, 0, start.strftime("%Y-%m"), "month")
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
    return FoundTime(0, 0, monday.isoformat(), "week", value_end=(monday + dt.timedelta(days=6)).isoformat())


def _explicit(text: str, published: dt.date | None, future: bool = False) -> FoundTime | None:
    """Full dates and counted offsets, by dateparser; a date without a year is the last one
    before publication, or with `future` the next one after it."""
    settings = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["month"],
    }
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    has_digits_or_ago = bool(re.search(r"\d", text)) or text.endswith("ago")
    if not has_digits_or_ago:
        return None
    if text.endswith("ago"):
        settings.pop("REQUIRE_PARTS")
        if published is None:
            return None
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", text)) or text.endswith("ago")
    if has_day and future and published is not None and not re.search(r"\b\d{4}\b", text):
        # dateparser's future is strictly after publication, but the day of publication is this
        # year's ("HARROWGATE, March 4 (Nordwire) - Kelderman Foods will close ...")
        with contextlib.suppress(ValueError):  # a 29 February has no year before
            if (earlier := parsed.replace(year=parsed.year - 1)).date() >= published:
                parsed = earlier
    if has_day:
        return FoundTime(0, 0, parsed.date().isoformat(), "day")
    return FoundTime(0, 0, parsed.strftime("%Y-%m"), "month")


# "would" looks ahead from a past report: "she said she would hold a hearing on Dec. 9".
FUTURE_MARKERS = frozenset({"will", "'ll", "shall", "wo", "to", "would", "'d"})
PERFECT_MARKERS = frozenset({"have", "'ve"})


def _looks_ahead(span: Span) -> bool:
    """Whether the verb the time modifies is future or an infinitive ("will finish", "to finish",
    "would finish"; not "would have finished")."""
    # a word with an auxiliary is a verb, whatever its tag ("would campaign", tagged a noun)
    verb = next(
        (t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX") or any(c.dep_ == "aux" for c in t.children)),
        None,
    )
    if verb is None:
        return False
    markers = {child.lower_ for child in verb.children if child.dep_ in ("aux", "mark")}
    return bool(markers & FUTURE_MARKERS) and not markers & PERFECT_MARKERS


def _names_a_publication(span: Span, media_words: frozenset[str]) -> bool:
    """ "daily" or "weekly" saying what a newspaper is ("the daily Morgenposten"), not when."""
    head = span.root.head
    return (
        len(span) == 1
        and span.root.dep_ in ("amod", "compound")
        and (head.text[:1].isupper() or head.lower_ in media_words)
    )


# Prepositions after which a bare four-digit number is a year ("by 2027", "since 1990"), and the
# nouns of a part of a year before "of" ("by the end of 2027", "in the spring of 2022").
_YEAR_PREPOSITIONS = frozenset({"by", "in", "since", "until", "till", "before", "after", "from", "through", "during"})
_PARTS_OF_A_YEAR = frozenset(
    {"end", "start", "beginning", "middle", "half", "quarter", "spring", "summer", "autumn", "fall", "winter", "rest"}
)


# Verbs of a number changing, whose "by" and "from" give amounts, not years ("fell from 2000 to
# 1500", "rose by 1900"); their "in" stays a time ("sales rose in 2019").
_AMOUNT_PREPOSITIONS = frozenset({"by", "from"})
_CHANGING = frozenset(
    {"rise", "fall", "grow", "drop", "increase", "decrease", "decline", "climb", "jump", "cut", "reduce", "raise",
     "lower", "slip", "plunge", "soar", "surge", "gain", "lose", "shrink", "go", "swell", "dip", "slide"}
)  # fmt: skip


def bare_years(doc: Doc) -> list[int]:
    """Tokens that are a year the NER did not take for a date: a number from 1500 to 2099 written
    without separators, the object of a preposition of time ("would spend 250 million euros ... by
    2027"), of "of" after a part of a year ("by the end of 2027"), or joined to a year ("in 2021
    and 2022")."""
    years: list[int] = []
    for token in doc:
        if not YEAR.fullmatch(token.text) or token.ent_type_ in TIME_LABELS:
            continue
        head = token.head
        if token.dep_ == "pobj" and (
            (
                head.lower_ in _YEAR_PREPOSITIONS
                and not (head.lower_ in _AMOUNT_PREPOSITIONS and head.head.lemma_ in _CHANGING)
            )
            or (head.lower_ == "of" and head.head.lemma_ in _PARTS_OF_A_YEAR)
        ):
            years.append(token.i)
        elif (
            token.dep_ == "conj"
            and (head.i in years or head.ent_type_ in TIME_LABELS)
            and not any(child.dep_ == "prep" for child in token.children)  # "1999 cars in 2024 and 2100 in 2025"
        ):
            years.append(token.i)
    return years


def times_in(doc: Doc, published: dt.date | None, source_words: SourceWords = SOURCE_WORDS) -> list[FoundTime]:
    """Every DATE/TIME entity, year the NER missed (`bare_years`) and weekday name, normalized
    where the rules can; `source_words` say what names a newspaper ("the daily Morgenposten")."""
    spans = [ent for ent in doc.ents if ent.label_ in TIME_LABELS and not _names_a_publication(ent, source_words.media)]
    spans += [doc[i : i + 1] for i in bare_years(doc)]
    in_spans = {token.i for span in spans for token in span}
    spans += [doc[i : i + 1] for i, word in enumerate(words_of(doc, LOWER)) if word in WEEKDAYS and i not in in_spans]
    found = []
    for span in _joined_to_their_year(_split_before_a_term(spans)):
        time = normalize(_words(span), published, future=_looks_ahead(span))
        if time is None:
            found.append(FoundTime(span.start, span.end, None, "unknown"))
        else:
            found.append(
                FoundTime(span.start, span.end, time.value, time.granularity, time.value_end, time.approximate)
            )
    return found


def _split_before_a_term(spans: list[Span]) -> list[Span]:
    """A span the NER ran on from a date into a sentence's length ("sentenced on Thursday to 12
    years") as the date and the duration; one it ran on from a duration into the time it falls in
    ("strike for three days next month") as the duration and the time."""
    split = []
    for span in spans:
        to = next((token.i for token in span if token.lower_ == "to"), None)
        when = next((token.i for token in span[1:] if token.lower_ in ("next", "last", "this")), None)
        if to is not None and to > span.start and _duration(_words(span.doc[to + 1 : span.end])) is not None:
            split += [span.doc[span.start : to], span.doc[to + 1 : span.end]]
        elif when is not None and _duration(_words(span.doc[span.start : when])) is not None:
            split += [span.doc[span.start : when], span.doc[when : span.end]]
        else:
            split.append(span)
    return split


def _joined_to_their_year(spans: list[Span]) -> list[Span]:
    """Spans in order, a quarter or half followed by "of" and a year the NER left apart ("the second
    quarter" + "2027") joined into one."""
    joined: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and span.start == previous.end + 1
            and span.doc[previous.end].lower_ == "of"
            and len(span) == 1
            and YEAR.match(span.text)
            and previous[-1].lower_ in ("quarter", "half")
        ):
            joined[-1] = span.doc[previous.start : span.end]
        else:
            joined.append(span)
    return joined


FACTORY = "whosaid_times_v1"


class TimeFinder(ArticleComponent):
    def __init__(self, name: str, source_words: SourceWords = SOURCE_WORDS) -> None:
        super().__init__(name)
        self.source_words = source_words

    def analyse(self, doc: Doc) -> Doc:
        items = [
            (
                time.start,
                time.end,
                {
                    "value": time.value,
                    "value_end": time.value_end,
                    "granularity": time.granularity,
                    "approximate": time.approximate,
                },
            )
            for time in times_in(doc, get_meta(doc).published, self.source_words)
        ]
        write_numbered(doc, TIMES, "TIME", "t", items)
        return doc


@Language.factory(
    FACTORY,
    assigns=["doc.spans", f"doc._.{TIMES}"],
    requires=["token.dep", f"doc._.{META}"],
    default_config={"source_words": SOURCE_WORDS_CONFIG},
)
def make_time_finder(nlp: Language, name: str, source_words: SourceWords) -> TimeFinder:
    """Dates and times, normalized against the article's publication date."""
    return TimeFinder(name, source_words)
