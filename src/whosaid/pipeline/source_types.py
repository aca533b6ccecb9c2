"""What kind of source a speaker or reporting source is.

One of SOURCE_TYPES, decided by the first rule that applies, on the words of
the source span, its entity's name and role:

1. document: a letter, statement, report, ... ("in a letter", "a statement
   released by ...");
2. person: a PERSON entity or a personal pronoun;
3. state_media: "state" with a media word, or a known state outlet;
4. intelligence_military: intelligence, military, army, ... words;
5. news_outlet: a news agency, paper, broadcaster, or a known one;
6. anonymous: no name, and a collective or hidden source ("sources",
   "officials", "reports", "analysts");
7. government: a country acting (GPE), or government words (ministry,
   office, embassy, ...);
8. organization: any other named organisation; group: a nationality or
   group (NORP); else other.

The name lists are short, documented seeds; the word rules do most of the work.
"""

from __future__ import annotations

from typing import get_args

from whosaid.lexicon.pronouns import FEMALE, MALE, OBJECT, SUBJECT, pronoun_words
from whosaid.lexicon.sources import SourceWords
from whosaid.record.model import SourceType

SOURCE_TYPES: tuple[str, ...] = get_args(SourceType)


def names_an_outlet(words: list[str], source_words: SourceWords) -> bool:
    """Whether lower-cased words name a news outlet, by a media word or a known outlet's name."""
    known = source_words.outlet_names
    return any(word in source_words.media or word in known for word in words) or " ".join(words) in known


# The pronouns that stand for people only ("they" may be a company).
PERSONAL_PRONOUNS = pronoun_words(persons=(1, 2), forms=(SUBJECT, OBJECT)) | pronoun_words(
    persons=(3,), forms=(SUBJECT, OBJECT), genders=(MALE, FEMALE)
)


def _words(*texts: str | None) -> tuple[set[str], str]:
    joined = " ".join(text.lower() for text in texts if text)
    return {word.strip(',;:()"“”') for word in joined.replace("'s", " ").replace("’s", " ").split()}, joined


def source_type(
    name: str | None, entity_type: str | None, span_text: str, role: str | None, source_words: SourceWords
) -> str:
    words, joined = _words(span_text, name, role)
    named = entity_type in ("PERSON", "ORG")
    lowered_name = (name or "").lower()
    # "the Lakeside Post" is an outlet, "a post" a document
    outlet_name = entity_type == "ORG" and bool(_words(name)[0] & (source_words.media - {"agency"}))
    if words & source_words.documents and entity_type != "PERSON" and not outlet_name:
        return "document"
    if entity_type == "PERSON" or (entity_type is None and words & PERSONAL_PRONOUNS):
        return "person"
    media = words & source_words.media
    if media == {"agency"}:
        media = set()  # "the national water agency": an agency of news only when it says so
    if (
        ("state" in words and media)
        or lowered_name in source_words.state_media_names
        or words & source_words.state_media_names
    ):
        return "state_media"
    if words & source_words.intelligence_military or any(phrase in joined for phrase in ("air force", "armed forces")):
        return "intelligence_military"
    if media or lowered_name in source_words.news_outlet_names:
        return "news_outlet"
    if not named and words & source_words.anonymous:
        return "anonymous"
    if entity_type == "GPE" or words & source_words.government or "white house" in joined:
        return "government"
    if entity_type == "ORG":
        return "organization"
    if entity_type == "NORP":
        return "group"
    return "other"
