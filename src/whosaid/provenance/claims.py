"""Which statements, across articles, report the same claim.

A claim is what one speaker said. A statement's content reports one claim, or one per quotation
when it holds several (`claim_parts`). Two parts report the same claim when they have the same
speaker, one stored entity named with confidence (whosaid.store joins entities across articles;
an unsure or unnamed speaker joins nothing), and their contents share their words: of the word
trigrams of the shorter content, more than `SHARED_TRIGRAMS` are in the other. That joins a quote
and its copies, an excerpt of a longer quote, indirect speech that keeps most of the quote's words,
a report whose figure, tense or modal changed ("will hold" / "would hold" / "may hold": the
drift a claim's history shows), and indirect speech around words it quotes from the other
(`MIN_QUOTED_WORDS`: 'residents not to eat fish from the river "until we say so"' reports "Do not
eat fish from the Wendle until we say so": quoted words are copied as said; not words quoted
after a word of saying in the content, another report's). A paraphrase that shares few words
joins only where it gives a figure of the other in digits (`figures`) and their sentence
embeddings are close (`paraphrases`: "42 people were hurt when the two trains collided" and "the
crash of the two trains had injured 42 passengers"); other paraphrases are not joined, nor
contents of fewer than `MIN_WORDS` words, nor a short phrase found inside a long content unless
it is quoted (`MIN_SHARED_TRIGRAMS`), nor a statement and one nested in its content, nor two
contents that each name someone or something and share no name (`names_differ`: a hand check of
PolNeAR claims found "a 35 percent tax on Carrier products" and "on Ford vehicles" joined), nor
two whose words move figures in opposite directions (`move_apart`: "rose" / "fell by 10 percent").

The thresholds were chosen on the pairs in tests/provenance/claim_pairs.py (written for it) and
checked on the gold set in samples/provenance: of contents of `SHORT_WORDS` words or more, the
pairs of one claim share 0.67 to 1.00 of the shorter content's trigrams, those of different claims
by one speaker 0.00 to 0.17 (0.55 lies between); shorter contents need 0.75 (one claim 0.80 to
1.00, different claims up to 0.50: "It is a question of time" / "It is a question we will answer
in court"), as a hand check of 50 claims on PolNeAR found short contents joined on common words
("I think it's"). Few pairs: a larger set is to come.

The paraphrase threshold (`PARAPHRASE_SIMILARITY`) was chosen on the 62 pairs of
tests/provenance/claim_pairs.py's `PARAPHRASES` (written for it; each pair gives one figure): the
lowest at which none of the 26 pairs of different claims whose figures move one way joins ("We
have vaccinated 80,000 children since January" / "80,000 children in the north have not been
vaccinated", 0.834, is the closest; a paraphrase must also deny where the other does, which now
keeps that pair apart too); 8 more pairs move apart (0.53 to 0.88: "Imports from Mexico grew 20
percent" / "imports from Mexico have dropped by 20 percent", 0.875). Of the 28 paraphrases, 5
reach it and 4 join (not "At least 15 fishermen are still missing" / "15 fishermen had not been
found": one denies); the others are left apart (abstain rather than guess). The margin is thin
(three paraphrases lie at 0.836 to 0.838) and the pairs few. The words that move a figure
(`_UP_WORDS`, `_DOWN_WORDS`) were widened after a trial on eight articles, written apart from
the pairs, joined "will hire 1,200 workers" to "will axe 1,200 jobs" (0.863); a verb outside them
("1,200 jobs will go") is not seen.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

import numpy

from whosaid.lexicon.calendar import MONTH_ABBREVIATIONS, MONTHS
from whosaid.provenance.sentences import cosine, sentence_embedding
from whosaid.record.model import Article

# Of the shorter content's word trigrams, the share that must be in the other content.
SHARED_TRIGRAMS = 0.55
# Contents shorter than this many words join no other: "yes", "it is", "the dam is safe" say too
# little to match on (abstain rather than guess).
MIN_WORDS = 5
# Contents shorter than this share more to join: a few common words ("I think it's", "he doesn't
# want to") made different claims one on PolNeAR (a hand check of 50 claims, 3 such errors).
SHORT_WORDS = 8
SHARED_TRIGRAMS_IF_SHORT = 0.75
# Trigrams shared by an excerpt and the longer content it is taken from, unless a third of it.
MIN_SHARED_TRIGRAMS = 5
# Words a quotation inside a content needs for the content to join the claim it quotes on them
# alone ("engineers, not soldiers" is too short to tell whose words it copies).
MIN_QUOTED_WORDS = 4
# The cosine of their sentence embeddings at which two contents that give one figure report one
# claim in other words (`paraphrases`; chosen on written pairs: the module's docstring).
PARAPHRASE_SIMILARITY = 0.84

_WORD = re.compile(r"\w+")


def content_words(text: str) -> list[str]:
    """The content's words, lower-cased, accents and apostrophe forms folded ("don’t" = "don't")."""
    folded = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return _WORD.findall(folded.lower())


# Words a report changes without changing the claim: tense ("will" / "would", "is" / "was"), a
# modal that hedges ("may hold"), and the figures (compared apart, as drift).
_FOLDED = {
    **dict.fromkeys(("will", "would", "shall", "should", "may", "might", "can", "could", "must"), "<modal>"),
    **dict.fromkeys(("is", "are", "was", "were", "be", "been", "being", "am"), "<be>"),
    **dict.fromkeys(("has", "have", "had", "having"), "<have>"),
    **dict.fromkeys(("do", "does", "did"), "<do>"),
}


def claim_words(text: str) -> list[str]:
    """The content's words as claims are matched: `content_words`, with tense, modals and numbers folded."""
    return ["<number>" if word.isdigit() else _FOLDED.get(word, word) for word in content_words(text)]


# A number in digits, whole ("10:30", "2016-17", "9/11", "COVID-19" and "-5" give none), with its
# thousands separators, decimals and scale ("1.2 million", "$1.2bn", "£40m").
_FIGURE = re.compile(
    r"(?<![\w.,:/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(?:\s*(thousand|million|billion|trillion)\b|(bn|mn|m|k|tn)\b)?(?![\w:/-]|[.,]\d)"
)
_SCALES = {
    **{"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12},
    **{"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "tn": 10**12},
}
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# A month just before a number makes it a day or a year ("March 12", "Dec. 2016").
_AFTER_A_MONTH = re.compile(rf"\b(?:{'|'.join((*MONTHS, *MONTH_ABBREVIATIONS))})\.?\s*$", re.IGNORECASE)
# Words before a four-digit number that make it a year ("in 2016"), as does no word after it.
_BEFORE_A_YEAR = re.compile(
    r"(?:\b(?:in|since|by|of|from|until|till|to|before|after|during|through|between|and|or|early|late|mid)"
    r"|[(,])\s*$",
    re.IGNORECASE,
)
# Words that move a figure up or down, which a paraphrase keeps (not "more" or "up", which also
# bound a figure: "more than 600", "up to 50,000").
_UP_WORDS = (
    "rise rises rising rose risen increase increases increased increasing grow grows grew grown growing gain gains "
    "gained climb climbs climbed jump jumps jumped soar soared surge surged raise raises raised raising add adds "
    "added adding hire hires hired hiring recruit recruits recruited recruiting create creates created creating "
    "higher boost boosts boosted expand expands expanded double doubled triple tripled restore restores restored "
    "approve approves approved win wins accept accepts accepted"
)
_DOWN_WORDS = (
    "fall falls fell fallen falling decrease decreases decreased decreasing decline declines declined declining drop "
    "drops dropped dropping shrink shrinks shrank shrunk lose loses lost losing cut cuts cutting reduce reduces "
    "reduced reducing lower lowered slash slashed plunge plunged halve halved sink sank slump slumped lay layoffs "
    "laid axe axes axed axing shed sheds shedding eliminate eliminates eliminated scrap scraps scrapped fire fires "
    "fired sack sacks sacked reject rejects rejected refuse refuses refused"
)
# (not a bound, "no fewer than 5,000", nor "not only", "whether or not")
_NEGATION = re.compile(
    r"\b(?:not(?! only\b)|no(?! (?:fewer|more|less) than\b)|never|nobody|none|nothing|neither|nor|cannot)\b"
    r"|n[’']t\b",
    re.IGNORECASE,
)
_NOT_A_DENIAL = re.compile(r"\bor not\b", re.IGNORECASE)
_UP_PHRASES = ("take on", "takes on", "taking on", "took on", "taken on")
_DOWN_PHRASES = ("let go", "lets go", "letting go")
_DIRECTIONS = {word: ("up",) for word in (*_UP_WORDS.split(), *_UP_PHRASES)} | {
    word: ("down",) for word in (*_DOWN_WORDS.split(), *_DOWN_PHRASES)
}
# The least a whole number must be to join paraphrases on, unless a share ("8 percent"): small
# whole numbers are everywhere ("2 trains", "3 days").
TELLING_FIGURE = 10
_SHARE_AFTER = re.compile(r"\s*(?:%|percent\b|per cent\b|percentage point)", re.IGNORECASE)


def _is_year(text: str, match: re.Match) -> bool:
    whole, decimals, scale, suffix = match.groups()
    if decimals or scale or suffix or not _YEAR.fullmatch(whole):
        return False
    followed = re.match(r"\s*[A-Za-z]", text[match.end() :])
    return followed is None or _BEFORE_A_YEAR.search(text[: match.start()]) is not None


def figures(text: str) -> frozenset[str]:
    """The numbers of at least `TELLING_FIGURE`, or shares, the text gives in digits, as values ("5,000" and
    "5000": "5000"; "1.2 million" and "1.2m": "1200000"), years and days left out ("in 2016", "March
    12")."""
    values = set()
    for match in _FIGURE.finditer(text):
        whole, decimals, scale, suffix = match.groups()
        if _is_year(text, match) or _AFTER_A_MONTH.search(text[: match.start()]):
            continue
        value = Decimal(whole.replace(",", "") + (decimals or "")) * _SCALES.get((scale or suffix or "").lower(), 1)
        if value >= TELLING_FIGURE or decimals or _SHARE_AFTER.match(text, match.end()):
            values.add(format(value.normalize(), "f"))
    return frozenset(values)


def trigrams(words: list[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(words[i : i + 3]) for i in range(max(len(words) - 2, 1)))


@functools.lru_cache(maxsize=1 << 16)
def shingle_key(shingle: tuple[str, ...]) -> int:
    """A trigram as a signed 64-bit integer, the same in every process (the store indexes them)."""
    digest = hashlib.blake2b("\x1f".join(shingle).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# Quotation marks, the two-apostrophe and two-backtick forms of some newspapers' text included.
_QUOTE_MARKS = ('"', "“", "‘", "«", "''", "``")
_QUOTED = re.compile(r"[\"“«]([^\"“”«»]+)[\"”»]|``(.+?)''")
# A capitalised word after a word inside a sentence (not after a full stop, colon or quotation mark).
_NAME = re.compile(r"(?<=[\w,;] )[A-Z][\w'’-]*")
_QUOTATION_MARKS = re.compile(r"[\"“”‘«»]|``|''")
# Indirect speech's "that" (not a quotation's "That is a lie").
_THAT = re.compile(r"^\W*that\s+")
_SAYING = re.compile(r"\b(?:say|says|said|saying|tell|tells|told|wrote|writes|according to)\b", re.IGNORECASE)


def claim_parts(text: str, fragments: list[list[int]]) -> list[tuple[int, int, str]]:
    """(start, end, words) of the parts of a content that may each report a claim: its fragments
    that hold a quotation, when two or more of at least `MIN_WORDS` words do ('"The dam will hold," she said. "We
    asked for engineers."' reports two claims), else the whole content as one part, its words
    those of its fragments (not the cue between them)."""
    quoted = [
        (start, end, text[start:end])
        for start, end in fragments
        if any(mark in text[start:end] for mark in _QUOTE_MARKS) and len(content_words(text[start:end])) >= MIN_WORDS
    ]
    if len(quoted) >= 2:
        return quoted
    if not fragments:
        return []
    return [(fragments[0][0], fragments[-1][1], " ".join(text[start:end] for start, end in fragments))]


@dataclass(frozen=True)
class Sizes:
    """What `could_be_same` reads of a content: its words, its trigrams, its quoted trigrams."""

    words: int
    shingles: int
    quoted: int


@dataclass(frozen=True)
class Content:
    """A part of a statement's content as claims are matched: its speaker's key, its word
    trigrams, and where it is (article id, start, end), if known."""

    speaker: Hashable  # its speaker entity's key: the store's entity id, or `entity_key`
    words: int
    shingles: frozenset[tuple[str, ...]]
    where: tuple[str, int, int] | None = None
    # The trigrams of the words it quotes ('the damage is "not in the wall itself"'), if it quotes any.
    quoted: frozenset[tuple[str, ...]] = frozenset()
    # Its capitalised words inside a sentence, folded: the names it mentions ("carrier", "mexico").
    names: frozenset[str] = frozenset()
    # What it says, as its sentence embedding reads it: without quotation marks or an opening "that".
    said: str = ""
    # The numbers it gives in digits (`figures`).
    figures: frozenset[str] = frozenset()
    # The embedding of what it says, where known already (a store keeps those of its claims).
    known_embedding: numpy.ndarray | None = field(default=None, compare=False, repr=False)
    # Which ways its words move a figure ("up" of "rose", "down" of "cut"), if they say.
    directions: frozenset[str] = frozenset()
    # Whether it denies ("not", "never", "n't").
    negated: bool = False

    @classmethod
    def of(
        cls,
        speaker: Hashable,
        text: str,
        where: tuple[str, int, int] | None = None,
        known_embedding: numpy.ndarray | None = None,
    ) -> Content:
        words = claim_words(text)
        quotations = list(_QUOTED.finditer(text))
        # Words quoted after a word of saying outside quotation marks are another report's ('that he
        # would act after an effort that Lee said would make "a terrible situation even worse"').
        saying = next(
            (m.start() for m in _SAYING.finditer(text) if not any(q.start() < m.start() < q.end() for q in quotations)),
            len(text),
        )
        quoted = [claim_words(q.group(1) or q.group(2)) for q in quotations if q.end() <= saying]
        quoted_shingles = frozenset().union(*(trigrams(part) for part in quoted if len(part) >= MIN_QUOTED_WORDS))
        names = frozenset(" ".join(content_words(name)) for name in _NAME.findall(text))
        said = _QUOTATION_MARKS.sub("", _THAT.sub("", text, count=1)).strip()
        bigrams = (" ".join(pair) for pair in zip(words, words[1:]))
        directions = frozenset(
            direction for word in itertools.chain(words, bigrams) for direction in _DIRECTIONS.get(word, ())
        )
        return cls(
            speaker, len(words), trigrams(words), where, quoted_shingles, names, said, figures(text), known_embedding,
            directions, bool(_NEGATION.search(_NOT_A_DENIAL.sub("", text))),
        )  # fmt: skip

    @functools.cached_property
    def embedding(self) -> numpy.ndarray:
        """The sentence embedding of what it says (whosaid.provenance.sentences)."""
        return sentence_embedding(self.said) if self.known_embedding is None else self.known_embedding

    @property
    def figure_keys(self) -> frozenset[tuple[str, ...]]:
        """Its figures as the index keys them beside its trigrams."""
        return frozenset(("<figure>", figure) for figure in self.figures)

    def new_embedding(self) -> numpy.ndarray | None:
        """Its embedding, if computed here (`paraphrases` asked for it) and not known before."""
        return self.__dict__.get("embedding") if self.known_embedding is None else None

    @functools.cached_property
    def sizes(self) -> Sizes:
        return Sizes(self.words, len(self.shingles), len(self.quoted))


def _nested(one: Content, other: Content) -> bool:
    """Two parts of one article that overlap: a statement and one reported in its content."""
    if one.where is None or other.where is None or one.where[0] != other.where[0]:
        return False
    return one.where[1] < other.where[2] and other.where[1] < one.where[2]


def quotes_words_of(one: Content, other: Content) -> bool:
    """`one` quotes words of `other`: all its quoted words, in trigrams, are among other's."""
    return bool(one.quoted) and one.quoted <= other.shingles


def _shares_enough(shared: int, one: Sizes, other: Sizes) -> bool:
    shorter = min(one.words, other.words)
    needed = SHARED_TRIGRAMS if shorter >= SHORT_WORDS else SHARED_TRIGRAMS_IF_SHORT
    return (
        shorter >= MIN_WORDS
        and shared >= needed * min(one.shingles, other.shingles)
        # a short phrase inside a long content is no excerpt of it ("his campaign manager, Corey
        # Lewandowski" in two different claims): enough trigrams, or a third of the longer one's
        and (shared >= MIN_SHARED_TRIGRAMS or shared >= max(one.shingles, other.shingles) / 3)
    )


def names_differ(one: Content, other: Content) -> bool:
    """Both name someone or something, and no name is in both: "a 35 percent tax on Carrier
    products from Mexico" and "a 35 percent tax on imported Ford vehicles" are two threats."""
    return bool(one.names) and bool(other.names) and not one.names & other.names


def move_apart(one: Content, other: Content) -> bool:
    """Their words move figures in opposite directions: "rose by 10 percent" / "fell by 10
    percent", "will hire 500 workers" / "will lay off 500 workers" are two claims, however many
    words or how close a sense they share."""
    return bool(one.directions) and bool(other.directions) and not one.directions & other.directions


def may_paraphrase(one: Content, other: Content) -> bool:
    """Both give a figure in digits that the other gives, say enough (`MIN_WORDS`), and both or
    neither deny ("80,000 children have not been vaccinated" is no paraphrase of "we have
    vaccinated 80,000 children", however close their embeddings): what `paraphrases` asks before
    their embeddings."""
    return (
        bool(one.figures & other.figures) and min(one.words, other.words) >= MIN_WORDS and one.negated == other.negated
    )


def paraphrases(one: Content, other: Content) -> bool:
    """`may_paraphrase`, and their sentence embeddings are close (`PARAPHRASE_SIMILARITY`): one
    claim in other words."""
    return may_paraphrase(one, other) and cosine(one.embedding, other.embedding) >= PARAPHRASE_SIMILARITY


def same_claim(one: Content, other: Content) -> bool:
    if one.speaker != other.speaker or _nested(one, other):
        return False
    if quotes_words_of(one, other) or quotes_words_of(other, one):
        return True
    if names_differ(one, other) or move_apart(one, other):
        return False
    return _shares_enough(len(one.shingles & other.shingles), one.sizes, other.sizes) or paraphrases(one, other)


def could_be_same(shared: int, one: Sizes, other: Sizes) -> bool:
    """Whether two contents of one speaker sharing `shared` trigrams may be one claim by their
    words: false only where `same_claim` is false or they are `paraphrases` (words quoted from the
    other are trigrams shared), so an index that compares whole such contents and those that give
    a figure of the content gives `same_claim`'s answer."""
    quoted = (one.quoted and shared >= one.quoted) or (other.quoted and shared >= other.quoted)
    return bool(quoted) or _shares_enough(shared, one, other)


def claim_of(content: Content, known: Iterable[tuple[Hashable, Content]]) -> Hashable | None:
    """The claim (id) of the first known (claim id, content) that `content` reports, else None."""
    return next((claim for claim, other in known if same_claim(content, other)), None)


class ClaimIndex:
    """The claims known so far, each by its first report, found by the trigrams and figures they
    share with a content (an inverted index): only those that `could_be_same` or give one of its
    figures are compared whole, in the order they became known, which gives the answer of
    comparing it with every claim of its speaker."""

    def __init__(self) -> None:
        self._claims: dict[Hashable, tuple[int, Content]] = {}  # claim -> (order known, first report)
        self._postings: dict[tuple[Hashable, tuple[str, ...]], list[Hashable]] = {}

    def add(self, claim: Hashable, first: Content) -> None:
        self._claims[claim] = (len(self._claims), first)
        for key in first.shingles | first.figure_keys:
            self._postings.setdefault((first.speaker, key), []).append(claim)

    def first_reports(self) -> Iterator[tuple[Hashable, Content]]:
        """Each known claim and its first report."""
        return ((claim, first) for claim, (_, first) in self._claims.items())

    def candidates(self, content: Content) -> list[tuple[Hashable, Content]]:
        """The known claims `content` may report, in the order they became known."""
        speaker, known, sizes = content.speaker, self._claims, content.sizes
        shared = Counter(claim for shingle in content.shingles for claim in self._postings.get((speaker, shingle), ()))
        fitting = {claim for claim, count in shared.items() if could_be_same(count, sizes, known[claim][1].sizes)}
        fitting.update(claim for key in content.figure_keys for claim in self._postings.get((speaker, key), ()))
        return [(claim, known[claim][1]) for claim in sorted(fitting, key=lambda claim: known[claim][0])]


@dataclass(frozen=True)
class ClaimPart:
    """A part of a statement's content that may report a claim (`claim_parts`), with the
    article's entity (its id, "e3") that surely says it, None when no entity is named with
    confidence enough to be shown (`SourceRef.shown_name`): such a part joins nothing."""

    statement: str
    speaker: str | None
    start: int
    end: int
    words: str

    def content(self, speaker: Hashable, article_id: str) -> Content:
        """The part as claims are matched, its speaker keyed as the caller joins entities."""
        return Content.of(speaker, self.words, (article_id, self.start, self.end))


def article_parts(article: Article) -> list[ClaimPart]:
    """The claim parts of an article's statements, in the order of its statements."""
    parts = []
    for statement in article.statements:
        speaker = statement.speaker
        sure = speaker.entity if speaker is not None and speaker.shown_name() is not None else None
        fragments = [list(fragment) for fragment in statement.content.fragments]
        for start, end, words in claim_parts(article.text, fragments):
            parts.append(ClaimPart(statement.id, sure, start, end, words))
    return parts


Part = TypeVar("Part", bound=Hashable)


def assign_claims(parts: Iterable[tuple[Part, Content | None]], known: ClaimIndex) -> Iterator[tuple[Part, Part]]:
    """(part, its claim) for each part, in order: the first known claim of its speaker that it
    reports (`claim_of`), else a claim of its own, named by the part and known to the parts after
    it. A part without content (no sure speaker) is a claim of its own. `known` holds the claims
    so far and is extended in place: the store passes the stored claims that may matter, a batch
    none."""
    for part, content in parts:
        claim = part
        if content is not None:
            found = claim_of(content, known.candidates(content))
            if found is None:
                known.add(part, content)
            else:
                claim = found
        yield part, claim
