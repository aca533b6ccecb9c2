"""A fact-checker's audit of the statements whosaid gives, from PolNeAR's gold (issue 31).

A statement is right when all of these hold:

- **content**: it covers at least half of the characters of a gold attribution's content, and
  that content at least half of its own (the gold attribution it overlaps most is its match);
- **speaker**: the match has a source, and the statement's speaker is it. A speaker resolved to
  an entity is right where that entity's name is the same name (names compared as in
  whosaid.evaluation.speakers) as the proper name of the CoreNLP chain holding the gold source,
  whichever mention of it the statement took ("Warren said" where the gold marks "she said");
  or, where CoreNLP chains the source with no name or with one the source's own name cannot
  bear ("Stein" for "Figueroa"), as the gold source's own capitalised words, or those of one of
  its parts where an apposition stands beside the name ("Rendell" of "Rendell, a Clinton
  surrogate,") or a description before it ("Nick Merrill" of "Clinton spokesman Nick Merrill"),
  brackets left out. On dev, the name of the referent of a source that is a pronoun, a definite
  description or a bare surname, read by hand blind to whosaid's answers, stands for CoreNLP's
  (`hand_read_names`): CoreNLP names none in a chain of descriptions, none in the article its
  file is missing for, and at times another person ("Bill Clinton" for Hillary's "Clinton").
  An unresolved speaker is right where it overlaps the source.
  A statement without a speaker is right only where the match has no source either;
- **relays**: none of its relays lies inside the match's content (a relay passes a claim on; it
  is never part of what was said).

The match is taken in PolNeAR's form (whosaid.pipeline.attribution.scoring.in_polnear_form): "X said,
according to Z" is Z's attribution over X's words there.

Reported for a series of thresholds on the statement's confidence: precision (right among the
statements given), speaker right among those whose content matched, and recall (gold
attributions matched by a right statement among all). The gold is one annotator's file per
article; on dev the referents of its pronouns, descriptions and surnames were read by hand, and
elsewhere CoreNLP's chains, which are silver, give them.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from whosaid.corpora.corenlp import read_corenlp_xml
from whosaid.corpora.polnear import PolnearArticle, read_split
from whosaid.evaluation.polnear import attributions_of
from whosaid.evaluation.speakers import (
    is_name,
    name_words,
    one_spells_the_other,
    same_name,
    shared_words,
    silver_names,
)
from whosaid.lexicon.sources import NAME_PARTICLES
from whosaid.processing.extraction import extract_many
from whosaid.record.fragments import FragmentAttribution, FragmentSpan
from whosaid.record.model import Article, SourceRef, Statement

# PolNeAR dev sources (pronouns, descriptions, surnames) with their referents' names read by hand (offsets only)
HAND_READ_REFERENTS = Path(__file__).parent / "data" / "polnear_dev_referents.json"
THRESHOLDS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
# The share of each side's characters the other must cover for two contents to match.
CONTENT_OVERLAP = 0.5


def characters(span: FragmentSpan | None) -> set[int]:
    return {i for start, end in span.fragments for i in range(start, end)} if span is not None else set()


@dataclass
class Tally:
    given: int = 0
    right: int = 0
    matched: int = 0  # content matched a gold attribution
    speaker_right: int = 0  # among the matched
    gold_found: int = 0

    def as_dict(self, gold: int) -> dict:
        def share(part: int, whole: int) -> float:
            return round(100 * part / whole, 2) if whole else 0.0

        return {
            "given": self.given,
            "precision": share(self.right, self.given),
            "speaker_right": share(self.speaker_right, self.matched),
            "recall": share(self.gold_found, gold),
        }


@dataclass
class AuditScores:
    gold: int = 0
    tallies: dict[float, Tally] = field(default_factory=lambda: {threshold: Tally() for threshold in THRESHOLDS})

    def as_dict(self) -> dict:
        return {
            "gold": self.gold,
            "by_threshold": {str(t): tally.as_dict(self.gold) for t, tally in self.tallies.items()},
        }


def _content_match(ours: set[int], gold: list[FragmentAttribution]) -> int | None:
    """The gold attribution whose content the characters `ours` overlap most, if enough."""
    best, best_overlap = None, 0
    for index, attribution in enumerate(gold):
        theirs = characters(attribution.content)
        overlap = len(ours & theirs)
        if (
            overlap > best_overlap
            and overlap >= CONTENT_OVERLAP * len(ours)
            and overlap >= CONTENT_OVERLAP * len(theirs)
        ):
            best, best_overlap = index, overlap
    return best


def speaker_right(
    speaker: SourceRef | None, gold: FragmentAttribution, silver: dict[tuple[int, int], str], text: str
) -> bool:
    """Whether a speaker (its words, and the name it was resolved to) is the gold attribution's source."""
    if speaker is None or gold.source is None:
        return speaker is None and gold.source is None
    if speaker.name is None:  # the words alone: right where they are the source's
        return bool(characters(gold.source) & set(range(speaker.start, speaker.end)))
    # A name: right where it is the source's, whichever mention of it the statement took ("Warren
    # said" where the gold marks "she said")
    written = text[gold.source.start : gold.source.end]
    named = silver.get((gold.source.start, gold.source.end))
    names = source_names(written)
    own_names = [name for name in names if is_name(name) and name_words(name) - STOP_WORDS]  # not "He"
    # the source's own name, where it has one, must bear the chain's ("Stein spokeswoman Melezia
    # Figueroa" is not "Stein")
    if named and (not own_names or any(_may_bear(name, named) for name in own_names)):
        return same_name(speaker.name, named)
    # A name CoreNLP's chain gives a source that names someone else by its own words ("Stein" for
    # "Figueroa", her spokeswoman): the source's own name decides.
    return any(same_name(speaker.name, name) for name in names)


def _may_bear(source: str, name: str) -> bool:
    """Whether a source may bear a name: they share a word of a name ("Trump" and "Washington Post
    Trump") or one is the other's acronym ("the IMF", "The International Monetary Fund")."""
    source, name = (re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE) for text in (source, name))
    return shared_words(source, name) or one_spells_the_other(source, name)


def source_names(source: str) -> list[str]:
    """What a gold source's name may be, where CoreNLP gives none or one it does not bear: its
    words without brackets ("Clinton (D-N.Y.)"), and where an apposition stands beside the name,
    each part that is a name ("Rendell" of "Rendell, a Clinton surrogate,"; "Laurence H. Tribe" of
    "Another critic, Laurence H. Tribe,"; "Mr. Morgan" of "Mr. Morgan of the Sierra Club"), never
    the apposition, whose capitalised words name someone else. Sources joined by "and" stay
    whole: they are no one name."""
    whole = re.sub(r"\s*\([^)]*\)?", "", source).strip()
    parts = [part.strip() for part in re.split(r"[,;]", whole)]
    # "and" in the name, opening a part after it ("Corker, R-Tenn., and Graham") or in a later part
    # that is a name ("Merkley, Brown and Menendez"); one inside an apposition is the apposition's
    # ("McFaul, a fellow at Hoover and a former ambassador")
    if " and " in f" {parts[0]} " or any(
        part.startswith("and ") or (" and " in part and is_name(part)) for part in parts[1:]
    ):
        return [whole]
    # "Mr. Morgan of the Sierra Club": the name before what he is of; "Clinton spokesman Nick
    # Merrill": the name after what he is, in the head, or in the apposition to a head that is no
    # name ("Scott's niece, state Del. Marcia Price"; after a name, an apposition's names are others')
    described = parts[:1] if reads_as_name(parts[0]) else parts
    parts += [whole.split(" of ")[0], *(_after_description(part) for part in described)]
    names = [part for part in parts if part != whole and reads_as_name(part)]
    return [whole, *dict.fromkeys(names)]


def reads_as_name(text: str) -> bool:
    """Capitalised, and no lower-case word in it but a function word or particle."""
    return text[:1].isupper() and is_name(text)


# Lower-case words a name may hold ("Secretary of State", "Commission on Presidential Debates")
IN_NAMES = NAME_PARTICLES | {"of", "and", "the", "for", "on", "at", "in"}
# Function words that may end a description before a name ("former Secretary of State Ana Ruiz")
TITLE_QUALIFIERS = frozenset({"former", "then"})


def _after_description(part: str) -> str:
    """The full name after a description ("Nick Merrill" of "Clinton spokesman Nick Merrill"): what
    follows its last lower-case word, where that is no function word ("advisers to Mr. Obama",
    "Senator from Texas") and two words at least follow (not "a poll released Friday"); "" where
    the description comes last ("Johnson's doctor")."""
    words = part.split()
    bare = [word.strip(",.;:") for word in words]
    described = [i for i, word in enumerate(bare) if word.isalpha() and word.islower() and word not in IN_NAMES]
    if not described or (bare[described[-1]] in STOP_WORDS and bare[described[-1]] not in TITLE_QUALIFIERS):
        return ""
    name = words[described[-1] + 1 :]
    return " ".join(name).rstrip(",;: ") if len(name) >= 2 else ""


def _relays_right(relays: list[SourceRef], gold: FragmentAttribution) -> bool:
    content = characters(gold.content)
    return not any(content & set(range(relay.start, relay.end)) for relay in relays)


@dataclass(frozen=True)
class Judgement:
    """How one statement fares against an article's gold attributions."""

    match: int | None  # the gold attribution its content matches
    speaker_right: bool
    right: bool  # content, speaker and relays


def judge_parts(
    content: set[int],
    speaker: SourceRef | None,
    relays: list[SourceRef],
    gold: list[FragmentAttribution],
    silver: dict[tuple[int, int], str],
    text: str,
) -> Judgement:
    """An attribution's parts (its content's characters, its speaker in PolNeAR's form, its relays)
    judged against the gold attributions."""
    index = _content_match(content, gold)
    if index is None:
        return Judgement(None, False, False)
    right = speaker_right(speaker, gold[index], silver, text)
    return Judgement(index, right, right and _relays_right(relays, gold[index]))


def judge(
    statement: Statement, gold: list[FragmentAttribution], silver: dict[tuple[int, int], str], text: str
) -> Judgement:
    content = characters(FragmentSpan(tuple(tuple(f) for f in statement.content.fragments)))
    return judge_parts(content, _as_polnear(statement, text).speaker, statement.reported_via, gold, silver, text)


def audited(record: Article) -> list[Statement]:
    """The statements the audit judges: the outermost ones, as PolNeAR annotates."""
    return [statement for statement in record.statements if statement.within is None]


def add_article(scores: AuditScores, gold_count: int, judged: list[tuple[float, Judgement]]) -> None:
    """Add one article's judged statements (confidence, judgement) to the scores."""
    scores.gold += gold_count
    for threshold, tally in scores.tallies.items():
        kept = [judgement for confidence, judgement in judged if confidence >= threshold]
        tally.given += len(kept)
        tally.matched += sum(judgement.match is not None for judgement in kept)
        tally.speaker_right += sum(judgement.speaker_right for judgement in kept)
        tally.right += sum(judgement.right for judgement in kept)
        tally.gold_found += len({judgement.match for judgement in kept if judgement.right})


def audit_article(
    record: Article, gold: list[FragmentAttribution], silver: dict[tuple[int, int], str], scores: AuditScores
) -> None:
    """Add one article's statements to the scores."""
    judged = [(s.confidence, judge(s, gold, silver, record.text)) for s in audited(record)]
    add_article(scores, len(gold), judged)


def silver_of(polnear_dir: Path, split: str, article: PolnearArticle) -> dict[tuple[int, int], str]:
    """The name of the referent of each of the article's mentions: read by hand where it was
    (`hand_read_names`; a source read as no one named has none), else CoreNLP's chain's
    (whosaid.evaluation.speakers.silver_names)."""
    xml_path = polnear_dir / split / "corenlp" / f"{article.name}.txt.xml.gz"
    names = silver_names(read_corenlp_xml(xml_path), article.text) if xml_path.exists() else {}
    for span, name in (hand_read_names(article) if split == "dev" else {}).items():
        if name is None:
            names.pop(span, None)
        else:
            names[span] = name
    return names


@functools.cache
def _hand_read_referents() -> dict[str, list[list[int | None]]]:
    return json.loads(HAND_READ_REFERENTS.read_text(encoding="utf-8"))


def hand_read_names(article: PolnearArticle) -> dict[tuple[int, int], str | None]:
    """(start, end) of a PolNeAR dev source read by hand (blind to whosaid's answers) -> the name its
    referent has in the article, None where it has none or is several. The file holds offsets
    only; a name is taken from the text where it reads as one."""
    names = {}
    for start, end, name_start, name_end in _hand_read_referents().get(article.name, []):
        name = article.text[name_start:name_end] if name_start is not None else ""
        names[(start, end)] = name if reads_as_name(name) else None
    return names


def _as_polnear(statement: Statement, text: str) -> Statement:
    """The statement with its speaker as PolNeAR would have it: the relay for "according to Z" and
    for "Z reported, citing Y"."""
    source = attributions_of(statement, text)[0].source
    relay = next((r for r in statement.reported_via if source == FragmentSpan(((r.start, r.end),))), None)
    return statement if relay is None else statement.model_copy(update={"speaker": relay, "reported_via": []})


def evaluate_audit(nlp: Language, polnear_dir: Path, split: str = "dev", *, limit: int | None = None) -> dict:
    scores = AuditScores()
    articles = list(itertools.islice(read_split(polnear_dir, split), limit))
    records = extract_many((article.text for article in articles), nlp=nlp, batch_size=16)
    for article, record in zip(articles, records):
        audit_article(record, article.attributions, silver_of(polnear_dir, split, article), scores)
    return scores.as_dict()
