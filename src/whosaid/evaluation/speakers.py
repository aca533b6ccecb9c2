"""How well pronoun speakers are resolved, against CoreNLP's coreference chains.

Gold: PolNeAR's Source spans that are one third-person pronoun ("he", "she",
"they", "it"). Silver answer: the proper name of the CoreNLP chain holding that
pronoun (its representative mention if it has a proper noun, else its first
mention that has one). whosaid's answer: the canonical name of the entity its
resolver gives the pronoun, when handed the gold Source spans of the article
(so this measures resolution, apart from attribution finding). Names match
when the words of one are all words of the other ("Clinton" and "Hillary
Clinton"), titles, possessives and quotation marks left out ("Mr. Trump" and
"Donald Trump"); whosaid's must be a name, with no lower-case word but function words and
particles ("Assembly established U.N. Women" is not U.N. Women).

Speaker confidence: every gold Source span of one fragment that CoreNLP puts in a chain
with a proper name (pronouns, names, descriptions) and that whosaid resolves counts in the
band of its confidence (`by_confidence`), right when its name matches the chain's; the
share right in each band shows whether the confidence means what it says.

Limits: CoreNLP's chains are themselves wrong at times (its statistical
coreference is far from gold), so the figure is agreement with CoreNLP, not
accuracy; pronouns CoreNLP leaves in no chain, or in a chain without a
proper name, are counted apart and not scored.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from whosaid.corpora.corenlp import coreference_chains, read_corenlp_xml
from whosaid.corpora.polnear import read_split
from whosaid.lexicon.pronouns import OBJECT, SUBJECT, pronoun_words
from whosaid.lexicon.sources import NAME_PARTICLES, TITLE_WORDS
from whosaid.pipeline.entities import entity_resolver
from whosaid.pipeline.entity_names import is_acronym_of
from whosaid.pipeline.profiles import docs_before_attribution

PRONOUNS = pronoun_words(persons=(3,), forms=(SUBJECT, OBJECT))
# Lower edges of the confidence bands the evaluations report, highest first.
CONFIDENCE_BANDS = (0.9, 0.7, 0.5, 0.0)


@dataclass
class Calibration:
    """Resolved speakers by confidence band: [given, right] per band's lower edge."""

    bands: dict[float, list[int]] = field(default_factory=lambda: {edge: [0, 0] for edge in CONFIDENCE_BANDS})

    def add(self, confidence: float, right: bool) -> None:
        counts = self.bands[next(edge for edge in CONFIDENCE_BANDS if confidence >= edge)]
        counts[0] += 1
        counts[1] += right

    def merge(self, other: Calibration) -> None:
        for edge, (given, right) in other.bands.items():
            self.bands[edge][0] += given
            self.bands[edge][1] += right

    def as_dict(self) -> dict[str, dict[str, float | int]]:
        """{"0.9-1.0": {"given", "right", "precision"}, "0.7-0.9": ...}, highest band first."""
        tops = (1.0, *CONFIDENCE_BANDS[:-1])
        return {
            f"{edge}-{top}": {
                "given": given,
                "right": right,
                "precision": round(100 * right / given, 2) if given else 0.0,
            }
            for top, (edge, (given, right)) in zip(tops, self.bands.items())
        }


@dataclass
class SpeakerScores:
    pronoun_sources: int = 0
    with_silver_name: int = 0
    resolved: int = 0
    correct: int = 0
    calibration: Calibration = field(default_factory=Calibration)

    def as_dict(self) -> dict:
        return {
            "pronoun_sources": self.pronoun_sources,
            "with_silver_name": self.with_silver_name,
            "resolved": self.resolved,
            "correct": self.correct,
            "accuracy": round(100 * self.correct / self.with_silver_name, 2) if self.with_silver_name else 0.0,
            "by_confidence": self.calibration.as_dict(),
        }


def silver_names(root: ET.Element, text: str) -> dict[tuple[int, int], str]:
    """(start, end) character span of each coreferent mention -> its chain's proper name (its
    representative mention if that is a name, else its first name)."""
    names: dict[tuple[int, int], str] = {}
    for chain in coreference_chains(root, text):
        # a name, not a description holding one ("the former New Mexico governor"), whose words a
        # wrong answer could share ("Republican" for "Republican-leaning newspapers");
        # a title alone ("President" of "the President") names no one
        named = [
            (mention, mention.representative)
            for mention in chain
            if any(tag.startswith("NNP") for tag in mention.tags)
            and is_name(text[mention.start : mention.end])
            and bool(name_words(text[mention.start : mention.end]))
        ]
        first = next((m for m, representative in named if representative), None) or next((m for m, _ in named), None)
        if first is not None:
            for mention in chain:
                names[(mention.start, mention.end)] = text[first.start : first.end]
    return names


def is_title_word(word: str) -> bool:
    """A title or rank ("Minister", "Sen", "Mr."), with or without its full stop."""
    word = word.lower()
    return word in TITLE_WORDS or f"{word}." in TITLE_WORDS


def name_words(name: str) -> set[str]:
    """The capitalised words of a name, lower-cased, without titles before its last word ("Mr.",
    "Sen."; a surname that spells one stays: "Mr. King"; a title alone is no name), a leading
    "The", a possessive or quotation marks: "The real Trump" (a chain's name CoreNLP took from a
    headline) is Trump."""
    words = [word.strip(".,'\"“”()") for word in name.replace("’", "'").replace("'s", "").split()]
    capitalised = [word for word in words if (word[:1].isupper() or word[:1].isdigit()) and word.lower() != "the"]
    last = len(capitalised) - 1
    return {word.lower() for i, word in enumerate(capitalised) if not is_title_word(word) or 0 < i == last}


def is_name(text: str) -> bool:
    """No lower-case word in it but a function word or particle: not "Assembly established U.N. Women"."""
    return not any(
        word.isalpha() and word.islower() and word not in STOP_WORDS and word not in NAME_PARTICLES
        for word in text.split()
    )


def shared_words(name: str, other: str) -> bool:
    """Whether two names share a word of a name ("Washington Post Trump" and "Trump")."""
    return bool(name_words(name) & name_words(other))


def one_spells_the_other(name: str, other: str) -> bool:
    """Whether either is the acronym of the other ("AROS", "Alliance to Reclaim Our Schools")."""
    return is_acronym_of(name, other) or is_acronym_of(other, name)


def same_name(ours: str, silver: str) -> bool:
    """whosaid's name is a name and the words of one are all words of the other. A particle that
    one name writes in lower case is no word of either ("De Blasio" is Bill de Blasio), where a
    capitalised one may be a name of its own ("Al Gore" is not Tipper Gore). An acronym is the
    name it spells ("AROS", "Alliance to Reclaim Our Schools")."""
    if is_name(ours) and one_spells_the_other(ours, silver):
        return True
    particles = {word for word in f"{ours} {silver}".split() if word in NAME_PARTICLES}
    a, b = name_words(ours) - particles, name_words(silver) - particles
    return bool(a and b) and (a <= b or b <= a) and is_name(ours)


def silver_sources(
    nlp: Language, polnear_dir: Path, split: str = "dev", limit: int | None = None
) -> Iterator[tuple[Doc, list[Span], dict[tuple[int, int], str]]]:
    """For each article with a CoreNLP file: its Doc (up to attribution), its gold Source spans
    of one fragment, and the silver name of each coreferent mention (silver_names)."""
    with_xml = [
        (article, xml_path)
        for article in itertools.islice(read_split(polnear_dir, split), limit)
        if (xml_path := polnear_dir / split / "corenlp" / f"{article.name}.txt.xml.gz").exists()
    ]
    texts = (article.text for article, _ in with_xml)
    for (article, xml_path), doc in zip(with_xml, docs_before_attribution(nlp, texts, batch_size=16)):
        silver = silver_names(read_corenlp_xml(xml_path), article.text)
        sources = [
            span
            for attribution in article.attributions
            if attribution.source is not None and len(attribution.source.fragments) == 1
            and (span := doc.char_span(*attribution.source.fragments[0])) is not None
        ]  # fmt: skip
        yield doc, sources, silver


def evaluate_speakers(nlp: Language, polnear_dir: Path, split: str = "dev", *, limit: int | None = None) -> dict:
    scores = SpeakerScores()
    # The gold sources are resolved directly: the attribution and later components are not needed.
    resolver = entity_resolver(nlp)
    for doc, sources, silver in silver_sources(nlp, polnear_dir, split, limit):
        resolution = resolver.resolution(doc, sources)
        for span in {(s.start, s.end): s for s in sources}.values():
            key, silver_name = (span.start, span.end), silver.get((span.start_char, span.end_char))
            index = resolution.speakers.get(key)
            right = (
                index is not None
                and silver_name is not None
                and same_name(resolution.clusters[index].name, silver_name)
            )
            if index is not None and silver_name is not None:
                scores.calibration.add(resolution.confidence(key), right)
            if len(span) != 1 or span.text.lower() not in PRONOUNS:
                continue
            scores.pronoun_sources += 1
            if silver_name is None:
                continue
            scores.with_silver_name += 1
            scores.resolved += index is not None
            scores.correct += right
    return scores.as_dict()
