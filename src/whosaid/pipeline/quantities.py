"""Numeric claims: every number in an article, with its bound and what it counts.

A number is a run of tokens that spell one: digits ("5,000", "4.5"), number
words ("two hundred"), scale words ("2.5 million"), with a currency sign
before or a percent sign after. Vague multitudes ("thousands", "dozens")
count as their lower bound. Ranges ("between 200 and 300", "200-300", "200
to 300") give `value` and `value_max`; a higher number first ("voted 1,842 to 611", "3-1")
makes two figures. The words before a number set its
bound (BOUND_WORDS); the dependency parse gives what it counts: the noun it
modifies ("5,000 engineers"), a noun after "of" ("thousands of people"), or,
when the number is itself the subject of a participle, the event ("300 were
killed" -> "killed"; "12 soldiers were wounded" -> "soldiers wounded"). What a
figure is a quantity of ("revenue" of "revenue rose to $3.4 billion") and what it
is per ("a month") come from the parse too (`measure_of`). Numbers inside dates
and times (DATE/TIME entities, and years the NER missed: "by 2027") are times, not claims; a number of no value (an
ordinal, "9/11") is none.

The component `whosaid_quantities_v1` writes them, numbered q1, q2, ..., to
`doc.spans["whosaid_quantities"]` and `doc._.whosaid_quantities`.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.attrs import LIKE_NUM, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from whosaid.lexicon.calendar import MONTHS, WEEKDAYS
from whosaid.lexicon.cues import CUE_WORDS
from whosaid.pipeline.extensions import ENTITIES, QUANTITIES, ArticleComponent, write_numbered
from whosaid.pipeline.syntax import (
    ACTIVE_SUBJECTS,
    NOUN_MODIFIERS,
    RELATIVE_CLAUSES,
    SUBJECTS,
    attached_to,
    has_preposition,
    preposition,
    prepositional_objects,
)
from whosaid.pipeline.text import RELATIVE_PRONOUNS, words_of
from whosaid.pipeline.times import YEAR, bare_years
from whosaid.record.model import FigureKind, physical_unit

# A verb or preposition whose object is a threshold: "surged past $1B", "the share exceeds 7%",
# also before "the" and a threshold noun ("barreled past the $1billion mark").
THRESHOLD_BOUND_WORDS: dict[tuple[str, ...], str] = {
    ("past",): ">",
    ("exceeds",): ">",
    ("exceeded",): ">",
    ("exceeding",): ">",
    ("surpassed",): ">",
    ("surpasses",): ">",
    ("topped",): ">",
    ("tops",): ">",
    ("nearing",): "~",
    ("approaching",): "~",
    ("approaches",): "~",
}
# Words before a number and the bound they give, longest first when matched.
BOUND_WORDS: dict[tuple[str, ...], str] = {
    ("more", "than"): ">",
    ("over",): ">",
    ("above",): ">",
    ("in", "excess", "of"): ">",
    ("upwards", "of"): ">",
    ("at", "least"): ">=",
    ("no", "fewer", "than"): ">=",
    ("no", "less", "than"): ">=",
    ("as", "many", "as"): "<=",
    ("up", "to"): "<=",
    ("at", "most"): "<=",
    ("no", "more", "than"): "<=",
    ("less", "than"): "<",
    ("fewer", "than"): "<",
    ("under",): "<",
    ("below",): "<",
    ("as", "much", "as"): "<=",
    ("just", "under"): "<",
    ("about",): "~",
    ("around",): "~",
    ("roughly",): "~",
    ("approximately",): "~",
    ("some",): "~",
    ("estimated",): "~",
    ("an", "estimated"): "~",
    ("circa",): "~",
    ("nearly", "about"): "~",
    # "nearly 70 percent" is about 70, not any share under it
    ("nearly",): "~",
    ("almost",): "~",
    ("close", "to"): "~",
    **THRESHOLD_BOUND_WORDS,
}
THRESHOLD_NOUNS = frozenset({"mark", "threshold", "level", "barrier", "milestone"})
# A fraction of a share: "half of 1 percent" is 0.5 percent.
FRACTIONS = {"half": 1 / 2, "third": 1 / 3, "quarter": 1 / 4, "tenth": 1 / 10}
# Words after a number (and its unit) and the bound they give: "$3 million or more".
TRAILING_BOUND_WORDS: dict[tuple[str, ...], str] = {
    ("or", "more"): ">=",
    ("or", "higher"): ">=",
    ("or", "greater"): ">=",
    ("or", "above"): ">=",
    ("or", "less"): "<=",
    ("or", "fewer"): "<=",
    ("or", "lower"): "<=",
    ("or", "below"): "<=",
}
_BOUND_WORDS_LONGEST_FIRST = sorted(BOUND_WORDS, key=len, reverse=True)
# Vague multitudes and their unit: "thousands" is at least two of it (2,000, ">="), "tens of
# thousands" ten to a hundred of it. "dozens" is also at most 100 (24 to 100).
MULTITUDES = {
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
}
# "tens of millions" (10 to 100 million), "hundreds of thousands" (100,000 to a million).
MULTIPLES = {"tens": 10, "hundreds": 100}
MULTITUDE_MAX = {"dozens": 100}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Signs and codes written before an amount ("$5", "US$300 million", "EUR 3bn"): ISO 4217 codes.
CURRENCIES = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH",
    "A$": "AUD", "C$": "CAD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "R$": "BRL",
    **{code: code for code in ("USD", "EUR", "GBP", "JPY", "CNY", "INR", "RUB", "UAH", "KRW", "AUD", "CAD", "CHF")},
}  # fmt: skip
CURRENCY_WORDS = {
    "dollar": "USD",
    "euro": "EUR",
    "pound": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "ruble": "RUB",
    "rouble": "RUB",
    "hryvnia": "UAH",
    "won": "KRW",
}
# A currency's hundredth, read as the currency: "37 cents" is 0.37 USD ("euro cents" EUR), "50
# pence" 0.50 GBP; by the word, as spaCy lemmatises "pence" to "penny", and "a penny" is a US
# cent as often as a British one.
SUBUNITS = {"cent": "USD", "cents": "USD", "pence": "GBP"}
# Currencies whose hundredth is a cent: bare "cents" are the article's last one named before
# ("3.6 billion euros ... 41 cents per share" is EUR), else US cents.
CENT_CURRENCIES = frozenset({"USD", "EUR", "AUD", "CAD", "NZD", "HKD", "SGD"})
# A tally of votes ("a 5-4 decision", "the court ruled 5-4", "voted 1,842 to 611"): the two
# figures count votes where one of these nouns follows them or one of these verbs comes before.
# Who has the children a bare number counts ("a father of seven").
PARENTS = dict.fromkeys(("mother", "father", "parent", "mom", "dad", "mum"), "children") | dict.fromkeys(
    ("grandmother", "grandfather", "grandparent"), "grandchildren"
)
# Units no word of the text spells, what the figure counts all the same: the tally noun or verb
# ("a 5-4 decision") and the parent ("a mother of three") are their evidence.
NAMED_UNITS = frozenset({"votes", *PARENTS.values()})
TALLY_NOUNS = frozenset({"decision", "ruling", "vote", "verdict", "majority", "margin", "split"})
TALLY_VERBS = frozenset({"vote", "rule"})
PERCENT_WORDS = {"%", "percent", "per cent", "pct"}
# The answers a poll's shares are given for, bare ("Thirty-one, yes; fifty-two, no").
POLL_ANSWERS = frozenset({"yes", "no", "undecided", "unsure"})
# Nouns of a limit whose "of" takes a bare number of what the sentence counted before ("admitted
# 5,730 seasonal workers, over the limit of 5,000").
LIMIT_NOUNS = frozenset({"limit", "cap", "ceiling", "quota", "goal", "target"})
CURRENCY_CODES = frozenset(CURRENCIES.values()) | frozenset(CURRENCY_WORDS.values())
TIME_LABELS = {"DATE", "TIME", "ORDINAL"}
COUNT_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
# Participles that make the counted thing an event: "300 were killed", "12 soldiers were wounded".
EVENT_PARTICIPLES = frozenset(
    {
        "killed", "injured", "wounded", "hurt", "dead", "arrested", "detained", "displaced", "evacuated",
        "missing", "deployed", "captured", "executed", "abducted", "kidnapped", "hospitalized",
        "hospitalised", "infected", "rescued", "sent", "stationed", "jailed", "sentenced", "fired",
        "laid", "affected", "trapped", "stranded", "slain",
    }
)  # fmt: skip
# Adjectives that say how many, not what is counted ("thousands of other people").
COUNTING_ADJECTIVES = frozenset({
    "other", "more", "additional", "further", "extra", "many", "several", "few", "such", "same", "various",
    "different", "numerous", "countless", "own",
})  # fmt: skip
# Words between a number and its event participle: "thousands more were injured".
_LINKING_WORDS = frozenset(
    {"more", "others", "people", "were", "was", "have", "had", "been", "are", "is", "reportedly"}
)
_SCALED = re.compile(r"(\d+(?:\.\d+)?)(bn|b|m|mn|k|million|billion|trillion)")  # "4.5bn", "$846.8million"
_RANGE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)[-–](\d[\d,]*(?:\.\d+)?)$")


@dataclass(frozen=True)
class FoundQuantity:
    """Token offsets into the Doc; `unit_tokens` are the counted thing's words, in order."""

    start: int
    end: int
    value: float | None
    value_max: float | None
    bound: str
    unit: str | None
    unit_tokens: tuple[int, ...]
    qualifier: tuple[int, int] | None


def _is_number_word(lower: str, like_num: bool) -> bool:
    if lower in SCALES or _RANGE.match(lower) or _SCALED.fullmatch(lower):
        return True
    if not like_num or lower in MULTITUDES:
        return False
    if lower.isalpha():  # spaCy's like_num also takes ordinals ("first")
        try:
            text2num(lower, "en")
        except ValueError:
            return False
    return True


def _number_value(words: list[str]) -> float | None:
    """The value of number words ("5,000", "two hundred", "2.5 million", "4.5bn")."""
    value: float | None = None
    spelled: list[str] = []
    for word in words:
        lower = word.lower().replace(",", "")
        if lower in SCALES and value is not None:
            value *= SCALES[lower]
        elif re.fullmatch(r"\d+(\.\d+)?", lower):
            value = float(lower)
        elif match := _SCALED.fullmatch(lower):
            value = float(match[1]) * ({"k": 1_000, "b": 1_000_000_000} | SCALES)[match[2]]
        elif lower not in ("and", "-"):
            spelled.append(lower)
    if spelled:
        try:
            spelled_value = float(text2num(" ".join(spelled), "en"))
        except ValueError:
            return value
        value = spelled_value if value is None else value * spelled_value
    return value


def _runs(doc: Doc, lowers: list[str], excluded: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of number tokens ("two hundred and fifty", "4.5 billion"); a run of
    scale words alone ("million") or a lone "one" that is not counting anything is no number."""
    like_num = doc.to_array(LIKE_NUM).tolist()
    numeric = [i not in excluded and _is_number_word(lower, bool(like_num[i])) for i, lower in enumerate(lowers)]
    runs = []
    start = None
    for i, lower in enumerate(lowers):
        joins = start is not None and lower == "and" and i + 1 < len(lowers) and lowers[i + 1].isalpha()
        # "forty-three", "3-million-euro": a hyphen inside a number, or between it and its scale
        hyphen = (
            start is not None and lower == "-" and i + 1 < len(lowers) and _hyphen_joins(lowers[i - 1], lowers[i + 1])
        )
        inside = numeric[i] or (joins and numeric[i + 1]) or (hyphen and numeric[i + 1])
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(lowers)))
    return [
        (start, end)
        for start, end in runs
        if not all(lowers[i] in SCALES for i in range(start, end))
        and not (end - start == 1 and lowers[start] == "one" and doc[start].dep_ != "nummod")
        and not _names_no_figure(doc, start, end)
    ]


def _names_no_figure(doc: Doc, start: int, end: int) -> bool:
    """A number that is a year on a noun ("the 2016 election"), a decade ("the 80's"), part of a
    name ("Fortune 500", "Article 21", "Round Two") or an age ("Crutcher, 40, a father")."""
    first = doc[start]
    before = doc[start - 1] if start else None
    after = doc[end] if end < len(doc) else None
    if after is not None and after.lower_ in ("'s", "’s") and not first.whitespace_:
        return bool(re.fullmatch(r"[1-9]0|1[89]\d0|20\d0", first.text))
    money_or_share = (before is not None and before.text in CURRENCIES) or (
        after is not None and after.lower_ in PERCENT_WORDS
    )
    if end - start == 1 and re.fullmatch(r"1[89]\d\d|20\d\d", first.text) and first.head.i > start:
        # on a singular noun: "the 2016 election", not "2000 people" or "a $2000 bonus"
        head = first.head
        year = head.tag_ in ("NN", "NNP") and head.lemma_.lower() not in CURRENCY_WORDS and not money_or_share
        return year and first.dep_ in ("nummod", "compound", "amod", "nmod")
    starts = first.is_sent_start or (before is not None and before.is_punct)  # '"Three ...', ': Two ...'
    if (
        first.is_alpha
        and first.text[:1].isupper()
        and (not starts or first.tag_ == "NNP")  # capitalised as a name's, not as a sentence's first word
        and after is not None
        and (after.pos_ == "PROPN" and after.text[:1].isupper())
        and not (after.tag_ == "NNPS" or after.ent_type_ == "NORP")
    ):  # a number word in a name: "Zero Hedge", "Three Rivers"; not "Three Republicans"
        return True
    if (
        before is not None and before.pos_ == "PROPN" and before.text[:1].isupper() and not money_or_share
        and before.ent_type_ not in ("DATE", "TIME") and before.lower_ not in WEEKDAYS and before.lower_ not in MONTHS
    ):  # fmt: skip
        return True
    return (
        start >= 2 and before.text == "," and doc[start - 2].ent_type_ == "PERSON"
        and (after is None or after.is_punct)
    )  # fmt: skip


def _hyphen_joins(before: str, after: str) -> bool:
    """A hyphen between tens and units ("forty-three") or a number and its scale ("3-million")."""
    tens = before in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
    return (tens and after.isalpha()) or (before[:1].isdigit() and after in SCALES)


def _qualifier(doc: Doc, start: int) -> tuple[str, tuple[int, int]] | None:
    """The bound words just before a number (a currency sign may sit between)."""
    end = start - 1 if start > 0 and doc[start - 1].text in CURRENCIES else start
    for words in _BOUND_WORDS_LONGEST_FIRST:
        first = end - len(words)
        if first >= 0 and tuple(token.lower_ for token in doc[first:end]) == words:
            if words == ("past",) and doc[first].pos_ != "ADP":
                continue  # "the past two elections"
            return BOUND_WORDS[words], (first, end)
    return None


def _threshold_qualifier(doc: Doc, first: int, end: int) -> tuple[str, tuple[int, int]] | None:
    """ "past the $1billion mark": a threshold's bound before "the" (its evidence the bound words)."""
    if first < 2 or doc[first - 1].lower_ != "the" or end >= len(doc) or doc[end].lemma_ not in THRESHOLD_NOUNS:
        return None
    found = _qualifier(doc, first - 1)
    words = tuple(token.lower_ for token in doc[found[1][0] : found[1][1]]) if found else ()
    return found if words in THRESHOLD_BOUND_WORDS else None


def _fraction_before(doc: Doc, start: int, unit: str | None) -> tuple[float, int] | None:
    """The fraction a share is taken of and where its words begin ("[a] half of 1 percent")."""
    if not _is_percent(unit) or start < 2 or doc[start - 1].lower_ != "of":
        return None
    fraction = FRACTIONS.get(doc[start - 2].lower_)
    if fraction is None:
        return None
    return fraction, start - 3 if start >= 3 and doc[start - 3].lower_ in ("a", "one") else start - 2


def _after_unit(end: int, unit_tokens: tuple[int, ...], reach: int) -> int:
    """The token after a number and the unit words that follow it within `reach` tokens
    ("12 million dollars | a month")."""
    return max([end, *(i + 1 for i in unit_tokens if end <= i <= end + reach)])


def _trailing_qualifier(doc: Doc, end: int, unit_tokens: tuple[int, ...]) -> tuple[str, tuple[int, int]] | None:
    """The bound words right after a number or the unit words that follow it ("$3 million or more",
    "200 people or fewer")."""
    first = _after_unit(end, unit_tokens, reach=2)
    bound = TRAILING_BOUND_WORDS.get(tuple(token.lower_ for token in doc[first : first + 2]))
    following = doc[first + 2] if first + 2 < len(doc) else None
    if following is not None and (following.pos_ in ("ADJ", "NUM") or following.lemma_ == "likely"):
        return None  # "$5 million or more likely $7 million"
    return (bound, (first, first + 2)) if bound else None


def _counted(doc: Doc, number: Span) -> tuple[str | None, tuple[int, ...]]:
    """What a number counts, from the parse: (text, token indices)."""
    last = number[-1]
    following = doc[number.end] if number.end < len(doc) else None
    # (past a no-break space, which the tokenizer keeps as a token: "1\xa0percent")
    while following is not None and following.is_space and following.i + 1 < len(doc):
        following = doc[following.i + 1]
    if following is not None and following.lower_ in PERCENT_WORDS:
        return _share_of(following)
    if (answer := _poll_answer(doc, number.end)) is not None:
        return "percent", (answer.i,)
    before = doc[number.start - 1] if number.start else None
    if before is not None and before.text in CURRENCIES:
        return CURRENCIES[before.text], (before.i,)
    if following is not None and following.text == "-" and number.end + 1 < len(doc):
        # "a 3-million-euro grant"
        if currency := CURRENCY_WORDS.get(doc[number.end + 1].lower_):
            return currency, (number.end + 1,)
    head = last.head if last.dep_ in ("nummod", "compound", "amod", "quantmod") and last.head != last else None
    if head is not None and head.pos_ == "ADJ" and head.dep_ == "amod" and head.head.i > head.i:
        # hung on an adjective of what it counts: "8 million low- and middle-income Americans"
        noun = head.head
        if noun.pos_ in ("NOUN", "PROPN"):
            phrase = doc[max(number.end, noun.left_edge.i) : noun.i + 1]
            return phrase.text, tuple(range(phrase.start, phrase.end))
    if last.dep_ == "pobj" and last.head.lower_ == "of" and last.head.head.lemma_.lower() in PARENTS:
        parent = last.head.head  # "a mother of three"
        return PARENTS[parent.lemma_.lower()], (parent.i,)
    if head is not None and head.i >= number.end and head.pos_ in ("NOUN", "PROPN"):
        currency = CURRENCY_WORDS.get(head.lemma_.lower())
        if currency:
            return currency, (head.i,)
        if subunit := SUBUNITS.get(head.lower_):  # "37 cents", "20 euro cents"
            named = next(
                (CURRENCY_WORDS[t.lemma_.lower()] for t in head.lefts if t.lemma_.lower() in CURRENCY_WORDS), None
            )
            if named is None and subunit in CENT_CURRENCIES:
                named = _cents_currency(doc, number.start)
            return named or subunit, (head.i,)
        # "5-point jump" counts "point jump", not "- point jump", however the parser hangs "5"
        if head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "NOUN":
            head = head.head
        words = [t for t in head.lefts if t.i >= number.end and t.dep_ in ("compound", "amod") and not t.is_punct]
        words.append(head)
        event = _event_of(head)
        tokens = [t.i for t in words] + ([event.i] if event is not None else [])
        return " ".join(doc[i].text for i in tokens), tuple(tokens)
    # "thousands of people" (but "300 of them" counts what happened to them)
    for child in prepositional_objects(last, "of"):
        if currency := CURRENCY_WORDS.get(child.lemma_.lower()):  # "millions of dollars"
            return currency, (child.i,)
        if child.lower_ in RELATIVE_PRONOUNS:  # "987 subsidiaries, 537 of which ...": what "which" stands for
            noun = _qualified_by_clause(last)
            return (noun.text, (noun.i,)) if noun is not None else (None, ())
        if child.tag_ != "PRP":
            # with its compounds and adjectives, as when the number modifies it: "thousands of
            # shooting victims", "millions of asylum seekers", "thousands of seasonal workers" (not
            # "other", "more": adjectives that count nothing; nor a participle's half, "fired" of
            # "coal-fired")
            event = _event_of(child)
            words = [
                i
                for t in child.lefts
                if t.dep_ == "compound" or (t.dep_ == "amod" and t.lower_ not in COUNTING_ADJECTIVES and t.n_lefts == 0)
                for i in range(t.left_edge.i, t.i + 1)  # a compound whole: "Hong Kong", "low-wage"
                if not doc[i].is_punct or (doc[i].text == "-" and i > t.left_edge.i)
            ]
            tokens = [*words, child.i] + ([event.i] if event is not None else [])
            return _phrase_text(doc, tokens), tuple(tokens)
    # "300 were killed": the number is the subject of a participle.
    if last.dep_ in SUBJECTS and last.head.lower_ in EVENT_PARTICIPLES:
        return last.head.text, (last.head.i,)
    event = _event_after(doc, number.end)
    return (event.text, (event.i,)) if event is not None else (None, ())


def _phrase_text(doc: Doc, tokens: Sequence[int], words: Sequence[str] | None = None) -> str:
    """The words of `tokens` (or `words` in their stead), as written where they follow each other
    ("low-wage"), else spaced."""
    return "".join(
        word + ((doc[i].whitespace_ if following == i + 1 else " ") if following is not None else "")
        for word, i, following in zip(words or [doc[i].text for i in tokens], tokens, [*tokens[1:], None])
    )


def _qualified_by_clause(token: Token) -> Token | None:
    """The noun whose relative clause holds the token ("subsidiaries" of "subsidiaries, 537 of
    which are offshore"), if any."""
    for ancestor in token.ancestors:
        if ancestor.dep_ in RELATIVE_CLAUSES:
            return ancestor.head if ancestor.head.pos_ in ("NOUN", "PROPN") else None
    return None


def _share_of(percent: Token) -> tuple[str, tuple[int, ...]]:
    """What a percentage is a share of, so that unrelated shares do not meet in one group:
    "52 percent of voters" -> "percent of voters", "a 3 percent pay rise" -> "percent pay rise",
    "turnout rose 12 percent" -> "percent, turnout"; else "percent"."""
    whole = next(iter(prepositional_objects(percent, "of")), None)
    if whole is not None:
        words = [t for t in whole.lefts if t.dep_ in ("compound", "amod")] + [whole]
        return "percent of " + " ".join(t.text for t in words), (percent.i, *(t.i for t in words))
    head = percent.head
    if percent.dep_ in ("compound", "amod") and head.i > percent.i and head.pos_ == "NOUN":
        words = [t for t in head.lefts if t.i > percent.i and t.dep_ in ("compound", "amod")] + [head]
        return "percent " + " ".join(t.text for t in words), (percent.i, *(t.i for t in words))
    # "Turnout rose 12 percent", "Support for the mayor fell to 38%": the share of what changed.
    verb = attached_to(percent)
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)
    # (not "Clinton leads Trump by 49 percent to 47 percent": the second share is Trump's)
    owned = verb.lemma_ in LEVEL_VERBS or verb.lemma_ in SHARE_VERBS
    if verb.pos_ == "VERB" and owned and subject is not None and percent.dep_ in ("dobj", "obj", *NOUN_MODIFIERS):
        # ("the share exceeds 7%" says nothing of whose share: what one before it counts, _counted_before)
        words = (
            _estimated(subject)
            if _says_nothing(subject)
            else _noun_phrase(subject) or (*(t.i for t in subject.lefts if t.dep_ in ("compound", "amod")), subject.i)
        )
        if words:
            return "percent, " + _phrase_text(percent.doc, words).lower(), (percent.i, *words)
    return "percent", (percent.i,)


def _event_after(doc: Doc, end: int) -> Token | None:
    """An event participle a few linking words after a number, when the parse missed it."""
    for token in doc[end : min(end + 4, len(doc))]:
        if token.lower_ in EVENT_PARTICIPLES:
            return token
        if token.lower_ not in _LINKING_WORDS:
            return None
    return None


def _event_of(noun: Token) -> Token | None:
    """The participle a counted noun undergoes: "soldiers were wounded", "people killed"."""
    if noun.dep_ in SUBJECTS and noun.head.lower_ in EVENT_PARTICIPLES:
        return noun.head
    return next((child for child in noun.rights if child.dep_ == "acl" and child.lower_ in EVENT_PARTICIPLES), None)


def _poll_answer(doc: Doc, end: int) -> Token | None:
    """The answer a number ending at `end` is a poll's share of, where the answer follows it alone
    ("Thirty-one, yes; fifty-two, no."), else None."""
    if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in POLL_ANSWERS:
        return None
    after = doc[end + 2] if end + 2 < len(doc) else None
    return doc[end + 1] if after is None or after.is_punct else None


def _a_count_typed_date(ent: Span) -> bool:
    """A number the NER typed DATE where it counts: a lone number on a plural noun after it ("2000
    people"), at one end of a range whose other end it calls a number ("from 2000 to 1500"), or a
    poll's share ("Thirty-one, yes")."""
    if all(token.like_num or token.text == "-" for token in ent) and _poll_answer(ent.doc, ent.end) is not None:
        return True
    number = ent[0]
    if len(ent) != 1 or not number.like_num:
        return False
    if number.dep_ == "nummod":
        head = number.head
        return head.i > number.i and head.tag_ == "NNS" and head.lemma_.lower() not in TIME_UNITS
    if not has_preposition(number, "from", "to"):
        return False
    other_end = "to" if preposition(number).lower_ == "from" else "from"
    ends = prepositional_objects(attached_to(number), other_end)
    return any(end.ent_type_ in COUNT_LABELS and end.like_num for end in ends)


def quantities_in(doc: Doc) -> list[FoundQuantity]:
    if not len(doc):
        return []
    # (a "date" that is a percentage, "Forty-three percent", or a count, "2000 people", is the NER's slip)
    excluded = {
        i
        for ent in doc.ents
        if ent.label_ in TIME_LABELS
        and not any(token.lower_ in PERCENT_WORDS for token in ent)
        and not _a_count_typed_date(ent)
        for i in range(ent.start, ent.end)
    } | set(bare_years(doc))
    lowers = words_of(doc, LOWER)
    found = [_quantity(doc, start, end) for start, end in _runs(doc, lowers, excluded)]
    taken = {i for quantity in found for i in range(quantity.start, quantity.end)}

    def multiple_of(i: int) -> bool:  # "tens | of millions", "hundreds | of thousands"
        return (
            lowers[i] in MULTIPLES
            and lowers[i + 1 : i + 2] == ["of"]
            and i + 2 < len(lowers)
            and lowers[i + 2] in MULTITUDES
        )

    for i, lower in enumerate(lowers):
        if lower in MULTITUDES and i not in taken and i not in excluded and not multiple_of(i):
            unit, unit_tokens = _counted(doc, doc[i : i + 1])
            if i >= 2 and multiple_of(i - 2) and not {i - 2, i - 1} & (taken | excluded):
                # "tens of millions": 10 to 100 million, a range as vague as the words
                low = MULTIPLES[lowers[i - 2]] * MULTITUDES[lower]
                found.append(FoundQuantity(i - 2, i + 1, low, 10 * low, "=", unit, unit_tokens, None))
            else:
                most = MULTITUDE_MAX.get(lower)
                bound = "=" if most else ">="
                found.append(FoundQuantity(i, i + 1, 2 * MULTITUDES[lower], most, bound, unit, unit_tokens, None))
    merged = _of_the_whole(doc, _counted_as_before(doc, _merge_ranges(doc, sorted(found, key=lambda q: q.start))))
    merged = _the_others(doc, _bound_shared(doc, merged))
    # a number of no value is no figure: an ordinal ("the 13th Amendment"), "9/11"
    counts = [
        quantity
        for quantity in merged
        if quantity.value is not None and not _is_duration(doc, quantity) and not _numerator(doc, quantity)
    ]
    return [quantity for quantity in counts if not _one_meaning_a(doc, quantity, counts)]


# Fractions of a whole: "two-thirds of his term", like "a third of", is a share no figure reads.
FRACTION_PLURALS = frozenset({"thirds", "quarters", "fifths", "sixths", "sevenths", "eighths", "ninths", "tenths"})


def _numerator(doc: Doc, quantity: FoundQuantity) -> bool:
    after = quantity.end + (quantity.end < len(doc) and doc[quantity.end].text in ("-", "–"))
    return after < len(doc) and doc[after].lower_ in FRACTION_PLURALS


# The words between the part and the whole of a ratio: "eight of 10 avocados", "1 in 4 residents".
_RATIO_WORDS = (("of",), ("in",), ("out", "of"))


def _words_between(doc: Doc, first: FoundQuantity, second: FoundQuantity) -> tuple[str, ...] | None:
    """The lower-case words between two figures, or None where there are more than three, too many
    for the words that join figures ("1 in 4", "out of every"): the gap may be a paragraph, and a
    Token object per word costs."""
    if second.start - first.end > 3:
        return None
    return tuple(token.lower_ for token in doc[first.end : second.start])


# Words before a figure that compare it with a figure before it ("10 judges rather than 11").
COMPARED_WITH = frozenset({"than", "versus", "vs", "vs.", "against"})
# ... and two words: "up from 1 in 10", "compared with $351 million"; "from" alone opens ranges
# and sources ("raised $5 million from 1,200").
CHANGED_FROM = (("up", "from"), ("down", "from"), ("compared", "with"), ("compared", "to"))


def _compared_with_before(doc: Doc, quantity: FoundQuantity) -> bool:
    """Whether the words right before an unqualified figure compare it with one before it."""
    sentence = doc[quantity.start].sent
    words_before = tuple(token.lower_ for token in doc[max(sentence.start, quantity.start - 2) : quantity.start])
    return not quantity.qualifier and (
        (bool(words_before) and words_before[-1] in COMPARED_WITH) or words_before in CHANGED_FROM
    )


def _counted_as_before(doc: Doc, found: list[FoundQuantity]) -> list[FoundQuantity]:
    """A bare number counts what a figure before it in its sentence counts where it is compared
    with it ("10 judges rather than 11", "up from 1 in 10": one only where the figures before it
    in the sentence all count the same thing), is the whole of a ratio whose part counts it ("1 in
    10" after that "1"), or is picked from the figure of the sentence's opening "Of ..." ("Of the
    10 judges who will hear the case, six were appointed"), or restates it in apposition
    ("thousands of shootings, thousands since January")."""
    result = list(found)
    for index in range(1, len(result)):
        quantity, previous = result[index], result[index - 1]
        if quantity.unit is not None or quantity.start == 0:
            continue
        before = _before_in_sentence(doc, quantity, result[:index])
        if not before:
            continue
        counted = {other.unit for other in before if other.unit is not None}
        compared = _compared_with_before(doc, quantity)
        between = _words_between(doc, previous, quantity)
        whole = previous.unit is not None and between in _RATIO_WORDS and not _is_duration(doc, quantity)
        picked = _picked_from(doc, quantity, before)
        last = doc[quantity.end - 1]
        restated = last.dep_ == "appos" and previous.start <= last.head.i < previous.end
        limit = _limit_of(doc, last, before)
        if compared and len(counted) == 1:
            source = next(other for other in reversed(before) if other.unit is not None)
        elif whole or restated:
            source = previous
        elif picked is not None:
            source = picked
        elif limit is not None:
            source = limit
        else:
            continue
        result[index] = dataclasses.replace(quantity, unit=source.unit, unit_tokens=source.unit_tokens)
    return result


def _limit_of(doc: Doc, number: Token, before: list[FoundQuantity]) -> FoundQuantity | None:
    """The figure before a bare number in its sentence that the number is the limit of ("had
    admitted 5,730 seasonal workers, 15 percent over the limit of 5,000"): the last that counts a
    thing, not a share."""
    if number.dep_ != "pobj" or number.head.lower_ != "of" or number.head.head.lemma_.lower() not in LIMIT_NOUNS:
        return None
    return next((other for other in reversed(before) if other.unit is not None and not _is_percent(other.unit)), None)


def _picked_from(doc: Doc, quantity: FoundQuantity, before: list[FoundQuantity]) -> FoundQuantity | None:
    """The figure of its sentence's opening "Of ..." that a figure right after the first comma is
    picked from ("Of the 10 judges who will hear the case, six were appointed"), given the figures
    before it in the sentence."""
    if not before or before[0].unit is None:
        return None
    sentence = doc[quantity.start].sent
    if doc[sentence.start].lower_ != "of":
        return None
    comma = next((token.i for token in sentence if token.text == ","), None)
    return before[0] if comma is not None and before[0].end < comma == quantity.start - 1 else None


def _bound_shared(doc: Doc, found: list[FoundQuantity]) -> list[FoundQuantity]:
    """A bound before two coordinated figures of one unit bounds both ("more than $38 million and
    $23 million, respectively"); the second figure's bound words are the first's."""
    result = list(found)
    for index in range(1, len(result)):
        quantity, previous = result[index], result[index - 1]
        last = doc[quantity.end - 1]
        coordinated = last.dep_ == "conj" and previous.start <= last.head.i < previous.end
        leading = previous.qualifier is not None and previous.qualifier[1] <= previous.start + 1
        # (not "or": "$5 million, or $2 per share" restates the first)
        joined = {token.lower_ for token in doc[previous.end : quantity.start]} <= {"and", ","}
        same_unit = quantity.unit is not None and quantity.unit == previous.unit
        if coordinated and leading and joined and same_unit and quantity.qualifier is None:
            result[index] = dataclasses.replace(quantity, bound=previous.bound, qualifier=previous.qualifier)
    return result


def _of_the_whole(doc: Doc, found: list[FoundQuantity]) -> list[FoundQuantity]:
    """The part of a ratio counts what its whole counts ("eight of 10 avocados": avocados)."""
    result = list(found)
    for index, (part, whole) in enumerate(itertools.pairwise(found)):
        between = _words_between(doc, part, whole)
        smaller = part.value is not None and whole.value is not None and part.value < whole.value
        ratio = between in _RATIO_WORDS and smaller and not _is_duration(doc, whole)  # not "5 in 10 days"
        if part.unit is None and whole.unit is not None and ratio:
            result[index] = dataclasses.replace(part, unit=whole.unit, unit_tokens=whole.unit_tokens)
    return result


def _the_others(doc: Doc, found: list[FoundQuantity]) -> list[FoundQuantity]:
    """ "The other three" counts what the set it is the rest of counts: the figure before it in its
    sentence or the one before ("Two of the suspects were held. The other three fled"), else the
    plural noun there that a verb takes ("delivered the supply contracts. The other three were
    provided")."""
    result = list(found)
    for index, quantity in enumerate(found):
        number = doc[quantity.end - 1]
        if quantity.unit is not None or number.dep_ not in (*SUBJECTS, "dobj", "obj", "pobj"):
            continue
        if not {"the", "other"} <= {child.lower_ for child in number.lefts}:
            continue
        sentence = number.sent
        opening = doc[sentence.start - 1].sent.start if sentence.start else sentence.start
        counted = [other for other in found[:index] if other.start >= opening and other.unit is not None]
        if counted:
            result[index] = dataclasses.replace(quantity, unit=counted[-1].unit, unit_tokens=counted[-1].unit_tokens)
            continue
        noun = next(
            (
                token
                for token in reversed(doc[opening : quantity.start])
                if token.tag_ in ("NNS", "NNPS") and token.dep_ in (*SUBJECTS, "dobj", "obj")
            ),
            None,
        )
        if noun is not None and noun.lemma_.lower() not in TIME_UNITS:
            tokens = (*(t.i for t in noun.lefts if t.dep_ == "compound"), noun.i)
            result[index] = dataclasses.replace(quantity, unit=_phrase_text(doc, tokens), unit_tokens=tokens)
    return result


# Counted nouns that make a number a duration ("18 years", "90 minutes"): a time, not a figure.
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})


def _is_duration(doc: Doc, quantity: FoundQuantity) -> bool:
    return bool(quantity.unit_tokens) and doc[quantity.unit_tokens[0]].lemma_.lower() in TIME_UNITS


def _one_meaning_a(doc: Doc, quantity: FoundQuantity, found: list[FoundQuantity]) -> bool:
    """A lone "one" that only means "a" ("one Democratic source said"). One counts where it is
    qualified ("more than one"), names an event ("one person was killed", "one soldier died") or
    stands in a list with other figures, no verb between ("one Greek Orthodox, two Catholics")."""
    if quantity.end - quantity.start != 1 or doc[quantity.start].lower_ != "one" or quantity.qualifier:
        return False
    if any(doc[i].lower_ in EVENT_PARTICIPLES or doc[i].head.lemma_ == "die" for i in quantity.unit_tokens):
        return False
    sentence = doc[quantity.start].sent
    for other in found:
        if other is quantity or not sentence.start <= other.start < sentence.end:
            continue
        low, high = sorted((quantity.start, other.start))
        if high - low <= 8 and not any(token.pos_ in ("VERB", "AUX") for token in doc[low:high]):
            return False
    return True


def _quantity(doc: Doc, start: int, end: int) -> FoundQuantity:
    words = [token.text for token in doc[start:end]]
    value_max = None
    if len(words) == 1 and (match := _RANGE.match(words[0])):
        value, value_max = _number_value([match[1]]), _number_value([match[2]])
    else:
        value = _number_value(words)
    unit, unit_tokens = _counted(doc, doc[start:end])
    if unit is not None and not any(character.isalpha() for character in unit):
        unit, unit_tokens = None, ()  # a dash or a sign the parser hung the number on
    first = start - 1 if start and doc[start - 1].text in CURRENCIES else start
    fraction = _fraction_before(doc, start, unit) if value is not None else None
    if fraction is not None:
        value, first = value * fraction[0], fraction[1]
    qualifier = (
        _qualifier(doc, first if fraction else start)
        or _trailing_qualifier(doc, end, unit_tokens)
        or _threshold_qualifier(doc, first, end)
    )
    if unit in CURRENCY_CODES and unit_tokens and doc[unit_tokens[0]].lower_ in SUBUNITS and value is not None:
        value, value_max = value / 100, value_max / 100 if value_max is not None else None
    return FoundQuantity(
        first,
        end,
        value,
        value_max,
        qualifier[0] if qualifier else "=",
        unit,
        unit_tokens,
        qualifier[1] if qualifier else None,
    )


def _merge_ranges(doc: Doc, found: list[FoundQuantity]) -> list[FoundQuantity]:
    """ "between 200 and 300", "200 to 300": one quantity with value and value_max."""
    merged: list[FoundQuantity] = []
    for quantity in found:
        if merged:
            previous = merged[-1]
            joiner = [t.lower_ for t in doc[previous.end : quantity.start]]
            opened = previous.start > 0 and doc[previous.start - 1].lower_ == "between"
            # "from 5 percent to 25 percent": the unit may stand at both ends
            opened_from = previous.start > 0 and doc[previous.start - 1].lower_ in ("from", "between")
            if opened_from and joiner[:1] and joiner[0] in PERCENT_WORDS and _is_percent(quantity.unit):
                joiner = joiner[1:]  # not "fell 0.2 percent to 4.1 percent": a change and a level
            # not "rose $1.2 billion to $14 billion", "fell by $2 to $30": a change and a level
            before = doc[previous.start - 1] if previous.start > 0 else None
            changed = before is not None and (before.lemma_ in LEVEL_VERBS or before.lower_ == "by")
            if changed and doc[previous.start].text in CURRENCIES and doc[quantity.start].text in CURRENCIES:
                merged.append(quantity)
                continue
            if (joiner == ["and"] and opened) or joiner in (["to"], ["-"], ["–"]):
                scale = 1.0
                # "200 and 300 million": the scale word applies to both ends.
                both = previous.value is not None and quantity.value is not None
                if both and previous.value < quantity.value / 1000:
                    last_word = doc[quantity.end - 1].lower_
                    scale = SCALES.get(last_word, 1.0)
                if both and previous.value * scale >= quantity.value:
                    # "voted 1,842 to 611", "won 3-1": two figures, no range; a tally counts votes
                    tally = _tally_word(doc, previous, quantity)
                    measured = any(q.unit in CURRENCY_CODES or _is_percent(q.unit) for q in (previous, quantity))
                    # "a 3 to 1 margin" is so many to one, a ratio; "ruled 8 to 1" and "a 5-4 margin" tallies
                    to_one = joiner == ["to"] and quantity.value == 1
                    ratio_noun = tally is not None and tally >= quantity.end and doc[tally].lower_ in RATIO_AFTER
                    if to_one and ratio_noun and not measured:
                        tally = None
                    if tally is not None and not measured:
                        merged[-1] = dataclasses.replace(previous, unit="votes", unit_tokens=(tally,))
                        quantity = dataclasses.replace(quantity, unit="votes", unit_tokens=(tally,))
                    elif (to_one and ratio_noun or _is_ratio(doc, previous, quantity)) and not measured:
                        merged[-1] = FoundQuantity(previous.start, quantity.end, previous.value, None, previous.bound,
                                                   "ratio", (), previous.qualifier)  # fmt: skip
                        continue
                    merged.append(quantity)
                    continue
                merged[-1] = FoundQuantity(
                    previous.start - 1 if opened else previous.start,
                    quantity.end,
                    previous.value * scale if previous.value is not None else None,
                    quantity.value,
                    previous.bound,
                    quantity.unit or previous.unit,
                    quantity.unit_tokens or previous.unit_tokens,
                    previous.qualifier,
                )
                continue
        merged.append(quantity)
    return merged


# Words around "N to 1" that make it a ratio ("split 4 to 1 in favour", "a 3 to 1 margin"), not a
# fall ("from 5 to 1") or a score ("won 3 to 1").
RATIO_BEFORE = frozenset({"split", "by", "of", "outnumber", "outnumbered", "outnumbers", "outnumbering"})
RATIO_AFTER = frozenset({"margin", "ratio", "majority", "against", "favor", "favour"})


def _is_ratio(doc: Doc, first: FoundQuantity, second: FoundQuantity) -> bool:
    """ "split 4 to 1": so many to one, one figure."""
    joiner = [token.lower_ for token in doc[first.end : second.start]]
    bare = first.unit is None and second.unit is None
    before = doc[first.start - 1].lower_ if first.start else ""
    after = {token.lower_ for token in doc[second.end : second.end + 2]}
    said_so = before in RATIO_BEFORE or bool(after & RATIO_AFTER)
    return bare and said_so and joiner == ["to"] and second.value == 1 and (first.value or 0) > 1


def _in_favour_after(doc: Doc, end: int) -> int | None:
    """The "favor" of "in favor" right after a figure, which makes it a count of votes."""
    words = doc[end : end + 2]
    if len(words) == 2 and words[0].lower_ == "in" and words[1].lower_ in ("favor", "favour"):
        return words[1].i
    return None


def _tally_word(doc: Doc, first: FoundQuantity, second: FoundQuantity) -> int | None:
    """The word that makes two figures a tally of votes: a noun after them ("a 5-4 decision") or a
    verb before them ("the court ruled 5-4", "voted 1,842 to 611"), if there is one."""
    if second.end < len(doc) and doc[second.end].lemma_.lower() in TALLY_NOUNS:
        return second.end
    if first.start > 0 and doc[first.start - 1].lemma_.lower() in TALLY_VERBS:
        return first.start - 1
    return None


# What a figure is per ("$1.20 per share", "€49 a month", "2,400 patients a day"): the noun after
# "per", or one of these after "a", "an" or "each" ("a year", not "a 10 percent rise").
PER_NOUNS = frozenset({
    "share", "person", "capita", "head", "household", "day", "night", "week", "month", "quarter", "year",
    "hour", "minute", "gallon", "barrel", "litre", "liter", "ton", "tonne", "kilogram", "kilo", "mile",
    "kilometre", "kilometer", "acre", "hectare", "student", "patient", "passenger", "ticket", "visit",
})  # fmt: skip
PER_ALIASES = {"capita": "person", "head": "person", "liter": "litre", "kilo": "kilogram", "kilometer": "kilometre"}
# Adjectives of what is counted that say what it is per ("the average weekly benefit").
RATE_ADJECTIVES = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month", "annual": "year",
                   "yearly": "year"}  # fmt: skip
# Words after "a year" that make it a time, not a rate: "$351 million a year earlier".
_NOT_A_RATE = frozenset({"earlier", "ago", "later", "before", "after", "since", "from", "of", "old", "-"})
# What money is, from the verb that moves it ("the trip will cost $5 million": cost).
MONEY_VERBS = {
    "cost": "cost", "spend": "spending", "borrow": "borrowing", "invest": "investment", "donate": "donations",
    "contribute": "contributions", "raise": "fundraising", "pay": "payments", "earn": "earnings",
    "lose": "losses", "owe": "debt", "save": "savings", "lend": "loans", "sell": "sales", "give": "donations",
    "hold": "holdings",
}  # fmt: skip
# Adverbs of where money is that name it with its verb ("holds $214.9 billion offshore": offshore holdings).
MONEY_PLACES = frozenset({"offshore", "abroad", "overseas"})
# ... and phrasal verbs, by their particle ("donors who pitch in $200").
PHRASAL_MONEY_VERBS = {("pitch", "in"): "donations", ("chip", "in"): "donations"}
# What a share or points a verb of growth changes by are ("the economy will grow 1.6 percent": growth).
GROWTH_VERBS = {"grow": "growth", "expand": "growth", "shrink": "contraction", "contract": "contraction"}
# Of these, "in" says where the money goes ("invested $2 billion in depots"), not what it is ("owe
# $3.6 billion in taxes", "raised $23 million in contributions").
_MONEY_DESTINATION_VERBS = frozenset({"invest", "spend"})
# Verbs whose subject is what the amount is when the amount is their level ("revenue rose to $3
# billion", "net income was $412 million", "donations hit $1.1 billion", "turnout was 61 percent").
LEVEL_VERBS = frozenset({
    "be", "rise", "fall", "jump", "climb", "drop", "hit", "reach", "total", "top", "grow", "increase",
    "decrease", "decline", "surge", "soar", "exceed", "surpass", "amount", "stand", "slip", "plunge",
    "tumble", "double", "come", "sink", "swell", "near", "approach", "go",
})  # fmt: skip
# Verbs that set what they act on to an amount ("raised its dividend to $1.20").
SETTING_VERBS = frozenset({
    "raise", "cut", "lower", "increase", "reduce", "boost", "lift", "trim", "hike", "double", "triple", "slash",
    "bring", "push", "set", "revise",
})  # fmt: skip
# Verbs whose subject owns the share they take ("Ruiz won 52 percent").
SHARE_VERBS = frozenset(
    {"win", "get", "receive", "take", "capture", "garner", "poll", "earn", "have", "hold", "draw", "secure"}
)
# What money a company's shares are worth is their price.
STOCK_WORDS = frozenset({"shares", "share", "stock", "stocks"})
# Nouns of change, whose "in" or "of" says what changed ("a 6 percent rise in parking fees").
CHANGE_NOUNS = frozenset({"rise", "increase", "fall", "drop", "decline", "cut", "jump", "gain", "hike", "reduction"})
# Nouns of an amount foreseen, whose "of" says what it is of.
ESTIMATE_NOUNS = frozenset({"forecast", "projection", "prediction", "outlook"})
# Nouns of a part, whose "of" says of what ("the share exceeds 7%" says nothing; singular: "shares
# rose to $88.15" are a company's).
SHARE_NOUNS = frozenset({"share", "proportion", "percentage", "portion", "fraction"})
# Nouns that name an amount, not what it is of: "a total of $5 million" says nothing of what it counts.
AMOUNT_NOUNS = frozenset({"total", "sum", "average", "amount", "record", "equivalent", "value", "estimate", "figure"})

# Words of a unit that are no part of what is counted: they say what it is measured in ("a 5-point
# lead", "a 2-degree threshold", "temperatures rose 2 degrees").
_MEASURE_WORDS = PERCENT_WORDS | {"percentage", "point", "points", "degree", "degrees"}


@dataclass(frozen=True)
class Measure:
    """What a figure counts, what it is per and whose it is, each as words and their tokens
    (`whose` as the entity's name, else as written)."""

    counts: str | None
    counts_tokens: tuple[int, ...]
    per: str | None
    per_tokens: tuple[int, ...]
    whose: str | None = None
    whose_tokens: tuple[int, ...] = ()


def measure_of(doc: Doc, quantity: FoundQuantity) -> Measure:
    """What a figure counts and what it is per (docs/RECORD.md, "Quantities")."""
    per, per_tokens = _per(doc, quantity)
    if _a_bare_answer(doc, quantity):
        return Measure(None, (), per, per_tokens)  # a poll's answer, to a question the text gives before
    if quantity.unit in NAMED_UNITS:
        return Measure(quantity.unit, quantity.unit_tokens, per, per_tokens)
    if quantity.unit == "ratio" and (favour := _in_favour_after(doc, quantity.end)) is not None:
        return Measure("votes", (favour,), per, per_tokens)  # "both parties split 4 to 1 in favor"
    counts_tokens = tuple(i for i in quantity.unit_tokens if doc[i].lower_ not in _MEASURE_WORDS | EVENT_PARTICIPLES)
    measured = any(doc[i].lower_ in _MEASURE_WORDS for i in quantity.unit_tokens)
    if quantity.unit in CURRENCIES.values() or (not counts_tokens and measured):
        # money, a share or points: what the amount is ("revenue rose to $3 billion", "turnout was 61 percent");
        # not those an event befell, whose "in" says where ("300 of them were killed in a flood")
        counts_tokens = _what_amount_is(doc, quantity)
    counts_tokens = _with_what_changed(doc, _what_measured_is(doc, counts_tokens, per_tokens))
    if (verb := _grown_by(doc, quantity)) is not None:
        subject = next((child for child in verb.children if child.dep_ in SUBJECTS), None)
        counts_tokens = (*(counts_tokens or _noun_phrase(subject)), verb.i)
    if per is None:
        rate = next((i for i in counts_tokens if doc[i].lower_ in RATE_ADJECTIVES), None)
        per, per_tokens = (RATE_ADJECTIVES[doc[rate].lower_], (rate,)) if rate is not None else (None, ())
    counts = _counted_words(doc, counts_tokens)
    if quantity.unit in CURRENCIES.values() and counts in STOCK_WORDS:
        counts = f"price of {counts}"  # "shares rose to $88.15": what one costs
    whose, whose_tokens = _whose(doc, _amount_anchor(doc, quantity), counts_tokens)
    return Measure(counts or None, counts_tokens, per, per_tokens, whose, whose_tokens)


# Verbs whose subject has what their object counts.
HAVING_VERBS = frozenset({"have", "hold", "own", "control", "employ", "keep"})
# Prepositions after a counted noun that say whose it is, the giver's first ("spending by the
# campaign", "contributions from lenders", "donations to regional parties").
_WHOSE_PREPOSITIONS = ("by", "from", "to")


def _whose(doc: Doc, anchor: Token | None, counts_tokens: tuple[int, ...]) -> tuple[str | None, tuple[int, ...]]:
    """Whose a figure is, where the text says it: where the amount went by its own clause
    ("£3.1 million that went to Conservative groups"), who moves money by the verb it is read from
    ("Lee will give $15 million", "the mine's lenders contributed $7.5 million", "Okafor, who
    gave"), or the owner of what it counts ("Apple's revenue", "donations to regional parties");
    the entity's name where it is one, never a pronoun left unresolved."""
    if not counts_tokens:
        return None, ()
    counted = doc[counts_tokens[-1]]
    clause = next((child for child in anchor.children if child.dep_ in RELATIVE_CLAUSES), None) if anchor else None
    went_to = clause is not None and (_nouns_on(clause, "to") or _nouns_on(clause, "into"))
    if went_to:
        owner = went_to
    elif _is_clause_verb(counted):
        owner = _agent(counted)
    else:
        owner = next((child for child in counted.children if child.dep_ == "poss"), None) or next(
            (
                noun
                for word in _WHOSE_PREPOSITIONS
                if (noun := _nouns_on(counted, word)) is not None and not _a_manner(noun)
            ),
            None,
        )
        if owner is None and counted.dep_ in ("dobj", "obj") and counted.head.lemma_ in HAVING_VERBS:
            owner = _agent(counted.head)  # "the senator had a ten-point lead", "the firm employs 5,000 engineers"
    # (no figure owns one: not "a 10 percent drop from the 95 percent")
    if owner is None or owner.like_num or owner.lower_ in _MEASURE_WORDS:
        return None, ()
    if any(child.dep_ == "appos" for child in owner.children):
        # a group named by its members ("Two donors, Ann Lee and Omar Diaz, ... contributing"): them all
        named = _names_within(doc, owner)
    else:  # with those coordinated ("62 individuals, companies and unions that gave")
        coordinated = sorted((owner, *owner.conjuncts), key=lambda token: token.i)
        named = [_entity_name(doc, token) or _owner_words(doc, token) for token in coordinated]
    if not named or not all(named):
        return None, ()
    names = [name for name, _ in named]
    whose = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    if set(whose.lower().split()) <= {doc[i].lower_ for i in counts_tokens}:
        return None, ()  # what it counts says it already ("U.S. output" of "U.S. output will expand by 1.6 percent")
    return whose, tuple(i for _, tokens in named for i in tokens)


def _a_manner(noun: Token) -> bool:
    """A bare singular noun after "by" says how, not who ("voting by proxy", "paid by cheque")."""
    return (
        noun.head.lower_ == "by"
        and noun.tag_ == "NN"
        and not any(child.dep_ in _DETERMINERS for child in noun.children)
    )


def _owner_words(doc: Doc, owner: Token) -> tuple[str, tuple[int, ...]] | None:
    """A noun phrase that owns a figure, with its compounds, adjectives and possessor, as written
    ("the mine's lenders", "coal miners' union", "Labour-aligned unions"; a common word opening a
    sentence in lower case); no pronoun."""
    if owner.pos_ not in ("NOUN", "PROPN"):
        return None
    modifiers = [child for child in owner.lefts if child.dep_ in ("compound", "amod", "poss")]
    start = min((child.left_edge.i for child in modifiers), default=owner.i)
    named_of = next((noun for noun in prepositional_objects(owner, "of") if noun.pos_ == "PROPN"), None)
    end = named_of.i if owner.pos_ == "PROPN" and named_of is not None else owner.i  # "the State of Maine"
    # (the apostrophe of a plural's possessive and a hyphen kept: "miners' union", "Labour-aligned")
    words = [
        token
        for token in doc[start : end + 1]
        if token.dep_ != "det" and (token.dep_ == "case" or token.text == "-" or not token.is_punct)
    ]
    if any(token.pos_ == "PRON" for token in words):
        return None
    tokens = tuple(token.i for token in words)
    written = [token.lower_ if token.is_sent_start and token.pos_ != "PROPN" else token.text for token in words]
    return _phrase_text(doc, tokens, written), tokens


def _agent(verb: Token) -> Token | None:
    """Who does what a verb says: its subject, the noun a relative clause qualifies ("Okafor, who
    gave"), or the subject of the clause a participle hangs on ("Two donors lead the list,
    contributing $9 million")."""
    for _ in range(3):
        subject = next((child for child in verb.children if child.dep_ in ACTIVE_SUBJECTS), None)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ in RELATIVE_CLAUSES:
                return verb.head
            return subject
        if verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _entity_mentions(doc: Doc) -> list[tuple[Span, tuple[str, tuple[int, ...]]]]:
    """Each mention of a named entity (the entities component's), with the entity's name and the
    mention's tokens."""
    names = doc._.get(ENTITIES) or {}
    return [
        (span, (names[span.id_]["name"], tuple(range(span.start, span.end))))
        for span in doc.spans.get(ENTITIES, ())
        if span.id_ in names and names[span.id_]["name"] is not None
    ]


def _names_within(doc: Doc, noun: Token) -> list[tuple[str, tuple[int, ...]]]:
    """The entities named in a noun's phrase but the noun's own ("Ann Lee", "Omar Diaz" of "Two
    donors, the investor Ann Lee and the banker Omar Diaz,")."""
    return [
        named
        for span, named in _entity_mentions(doc)
        if noun.left_edge.i <= span.start and span.end <= noun.right_edge.i + 1 and not span.start <= noun.i < span.end
    ]


def _entity_name(doc: Doc, token: Token) -> tuple[str, tuple[int, ...]] | None:
    """The name of the entity a token is a mention of, with the mention's tokens, if any."""
    return next((named for span, named in _entity_mentions(doc) if span.start <= token.i < span.end), None)


def _money_verb(verb: Token) -> str | None:
    """What money the verb moves is, if it moves money ("spent": spending, "pitched in": donations)."""
    phrasal = (PHRASAL_MONEY_VERBS.get((verb.lemma_, child.lower_)) for child in verb.children if child.i > verb.i)
    return next((noun for noun in phrasal if noun), None) or MONEY_VERBS.get(verb.lemma_)


def _counted_words(doc: Doc, tokens: tuple[int, ...]) -> str:
    """What tokens say is counted, lower-case, a verb read as its noun ("borrowed": borrowing;
    not a participle of what is counted: "lost output"), written as in the text where they
    follow each other ("after-tax incomes")."""
    words = [
        (_money_verb(doc[i]) or GROWTH_VERBS.get(doc[i].lemma_, doc[i].lower_))
        if _is_clause_verb(doc[i])
        else doc[i].lower_
        for i in tokens
    ]
    return _phrase_text(doc, tokens, words)


def _is_clause_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.dep_ not in ("amod", "compound")


def measures_in(doc: Doc, quantities: list[FoundQuantity]) -> list[Measure]:
    """Each figure's measure; a figure of a unit whose words do not say what it counts counts what
    a figure before it counts (`_counted_before`)."""
    measures = [measure_of(doc, quantity) for quantity in quantities]
    anchors = [_amount_anchor(doc, quantity) for quantity in quantities]
    for index, (quantity, measure) in enumerate(zip(quantities, measures)):
        if measure.counts is not None or quantity.unit is None:
            continue
        before = list(zip(quantities[:index], anchors[:index], measures[:index]))
        source = _counted_before(doc, quantity, anchors[index], measure, before)
        if source is not None:
            measures[index] = dataclasses.replace(
                measure,
                counts=source.counts,
                counts_tokens=source.counts_tokens,
                whose=source.whose,
                whose_tokens=source.whose_tokens,
            )
    return measures


# Words after points that make them the change of a share ("3 percentage points more than in 2022").
_CHANGE_AFTER = frozenset({"more", "less", "fewer", "higher", "lower", "above", "below", "up", "down"})
# Verbs of an amount going past another, whose subject may stand for a figure before ("That
# surpasses the $846.8 million that poured in during 2012": what that figure counts).
OUTDOING_VERBS = frozenset({"surpass", "exceed", "top", "beat", "eclipse", "dwarf", "outstrip", "overtake"})
# How many sentences back a figure in the same role may say what a figure counts.
_PARALLEL_SENTENCES = 2


def _counted_before(
    doc: Doc,
    quantity: FoundQuantity,
    anchor: Token | None,
    measure: Measure,
    before: list[tuple[FoundQuantity, Token | None, Measure]],
) -> Measure | None:
    """The measure, among those of the figures before (each with its anchor), whose counts a
    figure takes:
    - compared with a figure of its unit in its sentence ("Net income was $412 million, compared
      with $351 million"), the one of its own per first ("$412 million, or $2.05 a share,
      compared with $351 million": the $412 million);
    - points that change a share before them in the sentence ("12 percent of the workforce, 3
      percentage points more than in 2022"; "will grow 1.6 percent, down 0.2 percentage points");
    - the level or the amount outdone of a subject that stands for a figure before it ("Donations
      passed the $1 billion mark. That surpasses the $846.8 million of 2012"; "Nearly 10% of the
      population is Polish American. In Pennsylvania the share exceeds 7%");
    - in the same role as a figure of its unit: the subject of a clause of its sentence ("45
      percent of voters backed it, while 41 percent opposed it"), or the subject or object of the
      same verb in its sentence or the sentences just before ("The top 10 percent paid 69 percent
      of all taxes. The middle fifth paid 8.9 percent")."""
    sentence = doc[quantity.start].sent
    counted = [(figure, other, earlier) for figure, other, earlier in before if earlier.counts is not None]
    in_sentence = [(figure, earlier) for figure, _, earlier in counted if figure.start >= sentence.start]
    if _compared_with_before(doc, quantity):
        same_unit = [earlier for figure, earlier in in_sentence if _same_kind(figure, quantity)]
        if same_unit:
            return next((earlier for earlier in reversed(same_unit) if earlier.per == measure.per), same_unit[-1])
    if quantity.unit == "percentage points" and _changes_a_share(doc, quantity):
        shares = [earlier for figure, earlier in in_sentence if _is_percent(figure.unit)]
        if shares:
            return shares[-1]
    if anchor is None or anchor.dep_ not in ("nsubj", "dobj", "attr"):
        return None
    first_sentence = sentence
    for _ in range(_PARALLEL_SENTENCES):
        if first_sentence.start:
            first_sentence = doc[first_sentence.start - 1].sent
    verb = anchor.head
    # (not in a clause someone is reported to have said: "Berg said it was about $2 million" is
    # Berg's "it", not what the article counted last)
    reported = verb.dep_ == "ccomp" and verb.head.lemma_ in CUE_WORDS.types
    stands_for_before = not reported and _subject_refers_back(verb)
    if anchor.dep_ in ("dobj", "attr") and verb.lemma_ in OUTDOING_VERBS | LEVEL_VERBS and stands_for_before:
        outdone = [
            earlier
            for figure, _, earlier in counted
            if figure.start >= first_sentence.start and _same_kind(figure, quantity)
        ]
        if outdone:
            return outdone[-1]
    if anchor.dep_ == "attr":
        return None
    for figure, other, earlier in reversed(counted):
        if not _same_kind(figure, quantity) or other is None or other.dep_ != anchor.dep_:
            continue
        same_verb = other.head.lemma_ == anchor.head.lemma_
        if (figure.start >= sentence.start and (same_verb or anchor.dep_ == "nsubj")) or (
            figure.start >= first_sentence.start and same_verb
        ):
            return earlier
    return None


def _subject_refers_back(verb: Token) -> bool:
    """Whether a verb's subject stands for something said before: "that", "it", or a share with no
    "of" ("the share exceeds 7%")."""
    return any(
        child.dep_ in SUBJECTS
        and (child.lower_ in ("that", "this", "it") or (child.lower_ in SHARE_NOUNS and not _nouns_on(child, "of")))
        for child in verb.children
    )


def _is_percent(unit: str | None) -> bool:
    """Whether a unit is a share, of whatever ("percent", "percent of voters", "percent, turnout")."""
    return (unit or "").startswith("percent")


def _unit_kind(unit: str | None) -> str | None:
    """A unit without what a share is of ("percent of voters", "percent, turnout": percent)."""
    return "percent" if _is_percent(unit) else unit


def _same_kind(figure: FoundQuantity, other: FoundQuantity) -> bool:
    return _unit_kind(figure.unit) == _unit_kind(other.unit)


def _changes_a_share(doc: Doc, quantity: FoundQuantity) -> bool:
    after = _after_unit(quantity.end, quantity.unit_tokens, reach=1)
    return (quantity.start > 0 and doc[quantity.start - 1].lower_ in ("up", "down")) or (
        after < len(doc) and doc[after].lower_ in _CHANGE_AFTER
    )


def _what_measured_is(doc: Doc, tokens: tuple[int, ...], per_tokens: tuple[int, ...]) -> tuple[int, ...]:
    """What a figure in a physical unit is of, hung on the unit or on its per noun ("3 million
    barrels of oil", "two billion tons per year of carbon dioxide"); else the unit itself."""
    if len(tokens) != 1 or physical_unit(doc[tokens[0]].lower_) is None:
        return tokens
    holders = [doc[tokens[0]], *(doc[i] for i in per_tokens[-1:])]
    return next((found for holder in holders if (found := _noun_phrase(_nouns_on(holder, "of")))), tokens)


def _grown_by(doc: Doc, quantity: FoundQuantity) -> Token | None:
    """The verb of growth whose change a share or points are ("will grow 1.6 percent", "expand by
    1.6 percent"; not "grew to 5 percent", a level)."""
    measured = [i for i in quantity.unit_tokens if doc[i].lower_ in _MEASURE_WORDS]
    if not measured:
        return None
    word = doc[measured[-1]]
    if word.dep_ == "pobj" and word.head.lower_ == "by":
        verb = word.head.head
    elif word.dep_ in ("dobj", "npadvmod"):
        verb = word.head
    else:
        return None
    return verb if verb.lemma_ in GROWTH_VERBS else None


def _per(doc: Doc, quantity: FoundQuantity) -> tuple[str | None, tuple[int, ...]]:
    position = _after_unit(quantity.end, quantity.unit_tokens, reach=4)  # "thousands of tons | each week"
    while position < len(doc) and doc[position].lower_ in PERCENT_WORDS:
        position += 1
    of_what = next((c for c in doc[position].children if c.dep_ == "pobj"), None) if position < len(doc) else None
    if position - 1 in quantity.unit_tokens and doc[position].lower_ == "of" and of_what is not None:
        position = of_what.right_edge.i + 1  # "tons of black rock each week"
    if position + 1 >= len(doc):
        return None, ()
    word, noun = doc[position], doc[position + 1]
    lemma = noun.lemma_.lower()
    after = doc[position + 2].lower_ if position + 2 < len(doc) else ""
    # "a year from 2028" is a rate from then on; "a year from now" a time
    starting = after == "from" and position + 3 < len(doc) and bool(YEAR.match(doc[position + 3].text))
    rate = (word.lower_ == "per" and noun.pos_ == "NOUN" and lemma != "cent") or (
        word.lower_ in ("a", "an", "each") and lemma in PER_NOUNS and (after not in _NOT_A_RATE or starting)
    )
    return (PER_ALIASES.get(lemma, lemma), (word.i, noun.i)) if rate else (None, ())


def _amount_anchor(doc: Doc, quantity: FoundQuantity) -> Token | None:
    """The token of an amount that its sentence hangs on ("dollars" of "12 million dollars", "percent")."""
    tokens = set(range(quantity.start, quantity.end)) | set(quantity.unit_tokens)
    tokens |= {i for i in range(quantity.end, max(tokens) + 1) if doc[i].is_space}  # "61\xa0percent"
    anchor = next((doc[i] for i in sorted(tokens) if doc[i].head.i not in tokens or doc[i].head.i == i), None)
    while anchor is not None and anchor.dep_ == "conj" and anchor.head.i < anchor.i:
        anchor = anchor.head  # "$412 million, or $2.05 a share": what the first amount is
    return anchor


_NOMINAL_ROLES = frozenset({"dobj", "nsubj", "nsubjpass", "pobj"})
_DETERMINERS = frozenset({"det", "poss"})


def _says_nothing(noun: Token) -> bool:
    """Whether a noun says nothing of what a figure counts but by its "of": an amount, an estimate
    or a share."""
    return noun.lemma_ in AMOUNT_NOUNS or noun.lemma_ in ESTIMATE_NOUNS or noun.lower_ in SHARE_NOUNS


def _estimated(noun: Token | None) -> tuple[int, ...]:
    """A noun's words, or for an amount, estimate or share of something, that something's ("the
    IMF's estimate of global growth": global growth)."""
    if noun is not None and _says_nothing(noun):
        return _noun_phrase(_nouns_on(noun, "of"))
    return _noun_phrase(noun)


def _what_ranges(verb: Token) -> Token | None:
    """What "range" says spans amounts: its subject, or the noun its participle describes
    ("tariffs ranging from", also parsed as a clause on the verb that has them as object)."""
    if subject := next((child for child in verb.children if child.dep_ in SUBJECTS), None):
        return subject
    if verb.dep_ == "acl":
        return verb.head
    described = [child for child in verb.head.children if child.dep_ == "dobj" and child.i < verb.i]
    return described[-1] if verb.dep_ == "advcl" and described else None


def _noun_phrase(noun: Token | None, after: int = -1) -> tuple[int, ...]:
    """A noun's tokens with its compounds and adjectives ("net income", "defence budget") after
    `after`; none for what is no noun of words ("$64.8million")."""
    # (a capitalised first word may be tagged a proper noun: "Profit was $5 million")
    # (and a noun tagged a participle where the parse has it an object, with its determiner: "its
    # growth forecast"; not "has $100 million remaining")
    common = noun is not None and (
        noun.pos_ == "NOUN"
        or (noun.pos_ == "PROPN" and noun.is_sent_start and not noun.ent_type_)
        or (noun.pos_ == "VERB" and noun.dep_ in _NOMINAL_ROLES and any(c.dep_ in _DETERMINERS for c in noun.children))
    )
    if not common or not noun.is_alpha or noun.lemma_ in CURRENCY_WORDS:
        return ()
    if noun.lemma_ == "worth":  # "$5 worth of goods": the goods
        return _noun_phrase(_nouns_on(noun, "of"))
    words = []
    for left in noun.lefts:
        if left.i <= after:
            continue
        if left.dep_ in ("compound", "amod") and left.is_alpha:
            words.append(left.i)
        elif _is_hyphened(left) and left.right_edge.i + 1 == noun.i:  # "after-tax incomes"
            words += range(left.left_edge.i, noun.i)
    return (*words, noun.i)


def _is_hyphened(modifier: Token) -> bool:
    """Whether a modifier is a word joined by hyphens, parsed as a phrase ("after - tax")."""
    span = modifier.doc[modifier.left_edge.i : modifier.right_edge.i + 1]
    return len(span) == 3 and span[1].text == "-" and not span[0].whitespace_ and not span[1].whitespace_


def _nouns_on(head: Token, word: str, after: int = -1) -> Token | None:
    return next(
        (noun for noun in prepositional_objects(head, word) if noun.ent_type_ not in TIME_LABELS and noun.i > after),
        None,
    )


def _with_what_changed(doc: Doc, tokens: tuple[int, ...]) -> tuple[int, ...]:
    """A change noun with what changed: "rise in parking fees", not "rise"."""
    if not tokens or doc[tokens[-1]].lemma_ not in CHANGE_NOUNS:
        return tokens
    change = doc[tokens[-1]]
    changed = _noun_phrase(_nouns_on(change, "in") or _nouns_on(change, "of"))
    return (*tokens, change.i + 1, *changed) if changed and doc[change.i + 1].lower_ in ("in", "of") else tokens


def _what_amount_is(doc: Doc, quantity: FoundQuantity) -> tuple[int, ...]:
    """The words that say what an amount (of money, a share, points) is, from the parse: the
    noun it modifies ("a €1.8 billion budget"), the noun it is of ("a budget of $1.2bn"), what it
    is for ("£4.5bn for hospital upgrades"), what changed to it ("raised its dividend to $1.20"),
    the subject whose level it is ("revenue rose to $3.4 billion"), what money is in ("owe $3.6
    billion in taxes") or the verb that moves it ("borrowed 200 million euros": borrowing)."""
    anchor = _amount_anchor(doc, quantity)
    if anchor is None:
        return ()
    head = anchor.head
    threshold = False
    if anchor.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod") and head.i > anchor.i:
        if head.lemma_ not in THRESHOLD_NOUNS:
            return _noun_phrase(head, after=anchor.i)
        # "donations topped the $1 billion mark", "barreled past" it: what passed it
        anchor, head, threshold = head, head.head, True
    if anchor.dep_ == "pobj" and head.lower_ == "at" and head.head.pos_ == "VERB":
        # "held its estimate of global growth steady at 3.1 percent", "put the cost at $5 million"
        return _estimated(next((child for child in head.head.children if child.dep_ == "dobj"), None))
    if anchor.dep_ == "pobj" and head.lower_ in ("of", "at"):
        return () if head.head.lemma_ in AMOUNT_NOUNS else _noun_phrase(head.head)
    if found := _noun_phrase(_nouns_on(anchor, "for")):
        return found
    if anchor.dep_ in SUBJECTS and head.lemma_ == "pay" and (found := _noun_phrase(_nouns_on(head, "for"))):
        return found  # "£120m would pay for a new wing"
    if anchor.dep_ == "pobj" and head.lower_ in ("from", "between") and head.head.lemma_ == "range":
        # "tariffs ranging from 5 percent to 25 percent", "fines range from $100 to $500"
        return _noun_phrase(_what_ranges(head.head))
    verb = None
    if anchor.dep_ in ("dobj", "attr", "npadvmod", "prep"):
        verb = head
    elif anchor.dep_ == "pobj" and (
        head.lower_ in ("to", "by", "between", "past") or (head.head.lemma_, head.lower_) in PHRASAL_MONEY_VERBS
    ):
        verb = head.head  # ("pitch in $200", its particle parsed as a preposition)
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return _noun_phrase(_nouns_on(anchor, "in"))
    changed = next((child for child in verb.children if child.dep_ == "dobj" and child is not anchor), None)
    if (
        anchor.dep_ == "pobj"
        and head.lower_ in ("to", "by")
        and verb.lemma_ in SETTING_VERBS
        and (found := _noun_phrase(changed))
    ):
        return found
    subject = next((child for child in verb.children if child.dep_ in SUBJECTS), None)
    if (verb.lemma_ in LEVEL_VERBS or threshold) and (found := _estimated(subject)):
        return found
    # (money given to someone named before it is a grant, not a donation: "giving states $60 billion")
    granted = verb.lemma_ == "give" and any(
        child.dep_ in ("dative", "dobj") and child.pos_ in ("NOUN", "PROPN", "PRON") and child is not anchor
        for child in verb.children
    )
    moves_money = _money_verb(verb) is not None and quantity.unit in CURRENCIES.values() and not granted
    # (the verb's "in" after the amount: "In an illustration of ..., donors have given $200" says nothing)
    if not (moves_money and verb.lemma_ in _MONEY_DESTINATION_VERBS) and (
        found := _noun_phrase(_nouns_on(anchor, "in") or _nouns_on(verb, "in", after=anchor.i))
    ):
        return found
    if moves_money:
        places = [child.i for child in verb.children if child.dep_ == "advmod" and child.lower_ in MONEY_PLACES]
        return (*places, verb.i)
    return ()


def _cents_currency(doc: Doc, before: int) -> str | None:
    """The last currency with cents named before token `before` ("euros", "€", "US$")."""
    for token in reversed(doc[:before]):
        code = CURRENCY_WORDS.get(token.lemma_.lower()) or CURRENCIES.get(token.text)
        if code is not None:
            return code if code in CENT_CURRENCIES else None
    return None


# Verbs of wanting: a figure they take is wished for, not counted ("wanted 60 votes", "wants to sign
# up 5 million people").
WANTING_VERBS = frozenset({"want", "seek", "aim", "hope", "need"})
# Modals that make a tally hypothetical ("a 4-4 ruling would leave it in place"), unless with
# "have" ("would have received 14 million votes" is what happened).
HYPOTHETICAL_MODALS = frozenset({"would", "could", "might"})
# Words before a figure that did not come to be ("heard by 10 judges rather than 11").
COUNTERFACTUAL_WORDS = frozenset({("rather", "than"), ("instead", "of")})
_LIMITING_BOUNDS = frozenset({">", ">=", "<", "<="})
_EVERY_RATIO_WORDS = (("of", "every"), ("in", "every"), ("out", "of", "every"))


def figure_kinds(doc: Doc, quantities: list[FoundQuantity]) -> list[FigureKind]:
    """What each figure is (record.model.FigureKind): a "ratio term" either side of "1 in 4",
    "eight of 10", "one of every nine"; the "cut-off" of a bracket, a bound in a clause or phrase
    that defines a class of things ("donors who gave $200 or less", "super PACs that raised $1
    million or more", "donations of $200 or less"); "hypothetical", a tally under "would", "could"
    or "might" ("a 4-4 ruling would ..."), a figure wished for ("wanted 60 votes") or that did not
    come to be ("10 judges rather than 11"); a "label" of a kind of thing ("a four-way race");
    a poll's "answer" (`_is_answer`); else a "count". A figure picked from the whole the sentence
    opens with ("Of the 10 judges ..., six were appointed") or from a set named before ("Two of the
    officers") is a ratio term."""
    kinds: list[FigureKind] = ["count"] * len(quantities)
    pairs = list(enumerate(itertools.pairwise(quantities)))
    for index, (part, whole) in pairs:
        between = _words_between(doc, part, whole)
        ratio = between in _RATIO_WORDS or between in _EVERY_RATIO_WORDS
        if ratio and None not in (part.value, whole.value) and part.value < whole.value:
            kinds[index] = kinds[index + 1] = "ratio term"  # (durations are no figures: not "5 in 10 days")
    for index, quantity in enumerate(quantities):
        if kinds[index] != "count":
            continue
        before = _before_in_sentence(doc, quantity, quantities[:index])
        path = _up_to_verb(doc, quantity)
        if _picked_from(doc, quantity, before) is not None or _part_of_a_set(doc, quantity):
            kinds[index] = "ratio term"
        elif _is_label(doc, quantity):
            kinds[index] = "label"
        elif _is_answer(doc, path, quantity):
            kinds[index] = "answer"
        elif quantity.bound in _LIMITING_BOUNDS and _defines_a_class(path, quantity):
            kinds[index] = "cut-off"
        elif _is_hypothetical(doc, path, quantity):
            kinds[index] = "hypothetical"
    for index, (first, second) in reversed(pairs):  # the first figure of a tally: "a 4-4 ruling would"
        joined = second.start - first.end == 1 and doc[first.end].text in ("-", "–", "to")
        if kinds[index + 1] == "hypothetical" and joined and first.unit == second.unit and kinds[index] == "count":
            kinds[index] = "hypothetical"
    return kinds


def _part_of_a_set(doc: Doc, quantity: FoundQuantity) -> bool:
    """A number picked from a set the text named before: "Two of the officers", "six of his aides"
    (not "thousands of people", nor "300 of them were killed", whose event is what is counted)."""
    whole = next(iter(prepositional_objects(doc[quantity.end - 1], "of")), None)
    return (
        whole is not None
        and whole.tag_ in ("NNS", "NNPS")
        and any(child.dep_ in _DETERMINERS and child.lower_ not in ("a", "an") for child in whole.children)
    )


def _is_label(doc: Doc, quantity: FoundQuantity) -> bool:
    """A number joined by a hyphen to a noun, the two naming a kind of what follows ("a four-way
    race", "a two-front war", "a 500-page report"): not an amount of a unit ("a 5-point jump", "a
    2-degree threshold", "a 3-million-euro grant", "a 10-year bond")."""
    if len(quantity.unit_tokens) < 2 or quantity.end >= len(doc) or doc[quantity.end].text not in ("-", "–"):
        return False
    word = doc[quantity.unit_tokens[0]]
    return (
        word.i == quantity.end + 1
        and word.tag_ == "NN"
        and word.lower_ not in _MEASURE_WORDS
        and word.lemma_.lower() not in TIME_UNITS
        and word.lemma_.lower() not in CURRENCY_WORDS
        and physical_unit(word.text) is None
    )


def _a_bare_answer(doc: Doc, quantity: FoundQuantity) -> bool:
    """A share whose unit is read from the answer after it ("Thirty-one, yes"), `_poll_answer`."""
    return (
        quantity.unit == "percent"
        and bool(quantity.unit_tokens)
        and doc[quantity.unit_tokens[0]].lower_ in POLL_ANSWERS
    )


def _is_answer(doc: Doc, path: list[Token], quantity: FoundQuantity) -> bool:
    """A poll's share answering a question the text gives as a clause ("48 percent of registered
    voters agreed that the mayor is fit to serve", "61 percent said she was right"), or a bare
    answer ("Thirty-one, yes; fifty-two, no."): what it is a share of is that question, which no
    key compares. `path`: `_up_to_verb`."""
    if not _is_percent(quantity.unit):
        return False
    if _a_bare_answer(doc, quantity):
        return True
    if len(path) < 2 or path[-1].pos_ != "VERB" or path[-2].dep_ not in SUBJECTS:
        return False
    # (a verb of saying or thinking: not "the top 1 percent would see their incomes go up")
    return path[-1].lemma_ in CUE_WORDS.types and any(child.dep_ == "ccomp" for child in path[-1].children)


def _before_in_sentence(doc: Doc, quantity: FoundQuantity, before: list[FoundQuantity]) -> list[FoundQuantity]:
    """The figures of `before` in the figure's sentence (none in a doc without sentences)."""
    if not doc.has_annotation("SENT_START"):
        return []
    start = doc[quantity.start].sent.start
    return [other for other in before if other.start >= start]


def _up_to_verb(doc: Doc, quantity: FoundQuantity) -> list[Token]:
    """The figure's last token and its heads, up to its clause's verb (the last, if it has one)."""
    path = [doc[quantity.end - 1]]
    for token in path[0].ancestors:
        path.append(token)
        if token.pos_ in ("VERB", "AUX"):
            break
    return path


def _defines_a_class(path: list[Token], quantity: FoundQuantity) -> bool:
    """A bounded figure in a relative clause on a plural noun ("donors who gave ...", "super PACs
    that raised ..."), or before "or more"/"or less" in a phrase on one ("donations of $200 or
    less"; not "sales of more than $5 billion") or in a clause whose subject is a class or a share
    of one ("24 percent of contributors have given $200 or less"); not one on a name ("Adelson,
    who gave more than $20 million"). `path`: `_up_to_verb`."""
    trailing = quantity.qualifier is not None and quantity.qualifier[0] >= quantity.end
    for token in path[1:]:
        if token.pos_ in ("VERB", "AUX"):
            if token.dep_ in RELATIVE_CLAUSES or token.dep_ == "acl":
                return token.head.tag_ in ("NNS", "NNPS")
            subject = next((child for child in token.children if child.dep_ in SUBJECTS), None)
            return trailing and subject is not None and _a_class_or_share_of_one(subject)
        if token.dep_ == "prep" and token.head.tag_ in ("NNS", "NNPS"):
            return trailing
    return False


def _a_class_or_share_of_one(noun: Token) -> bool:
    """ "donors", "half of the families", "24 percent of the contributors"."""
    if noun.tag_ in ("NNS", "NNPS"):
        return True
    return any(word.tag_ in ("NNS", "NNPS") for word in prepositional_objects(noun, "of"))


def _is_hypothetical(doc: Doc, path: list[Token], quantity: FoundQuantity) -> bool:
    """`path`: `_up_to_verb`."""
    if tuple(token.lower_ for token in doc[max(0, quantity.start - 2) : quantity.start]) in COUNTERFACTUAL_WORDS:
        return True
    if len(path) < 2 or path[-1].pos_ not in ("VERB", "AUX"):
        return False
    child, verb = path[-2], path[-1]  # the clause's verb, and the word under it the figure hangs from
    # what is wanted, not who wants it ("60 percent of Americans want ...")
    wanted = child.dep_ not in SUBJECTS
    wanting = wanted and (verb.lemma_ in WANTING_VERBS or (verb.dep_ == "xcomp" and verb.head.lemma_ in WANTING_VERBS))
    auxiliaries = {child.lower_ for child in verb.children if child.dep_ == "aux"}
    modal = bool(auxiliaries & HYPOTHETICAL_MODALS) and "have" not in auxiliaries
    tally = quantity.end < len(doc) and doc[quantity.end].lemma_.lower() in TALLY_NOUNS
    return wanting or (modal and tally)


FACTORY = "whosaid_quantities_v1"


class QuantityFinder(ArticleComponent):
    def analyse(self, doc: Doc) -> Doc:
        quantities = quantities_in(doc)
        items = [
            (
                quantity.start,
                quantity.end,
                {
                    "value": quantity.value,
                    "value_max": quantity.value_max,
                    "bound": quantity.bound,
                    "qualifier": list(quantity.qualifier) if quantity.qualifier else None,
                    "unit": quantity.unit,
                    "unit_tokens": list(quantity.unit_tokens),
                    "counts": measure.counts,
                    "counts_tokens": list(measure.counts_tokens),
                    "per": measure.per,
                    "per_tokens": list(measure.per_tokens),
                    "whose": measure.whose,
                    "whose_tokens": list(measure.whose_tokens),
                    "kind": kind,
                },
            )
            for quantity, measure, kind in zip(quantities, measures_in(doc, quantities), figure_kinds(doc, quantities))
        ]
        write_numbered(doc, QUANTITIES, "QUANTITY", "q", items)
        return doc


@Language.factory(FACTORY, assigns=["doc.spans", f"doc._.{QUANTITIES}"], requires=["token.dep", "token.tag"])
def make_quantity_finder(nlp: Language, name: str) -> QuantityFinder:
    """Every number in the article, with its bound and what it counts."""
    return QuantityFinder(name)
