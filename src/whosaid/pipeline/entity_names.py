"""Name rules of entity resolution: the word lists and heuristics that find, trim, type and
compare the names of an article."""

from __future__ import annotations

import functools
import json
from typing import get_args

from spacy.attrs import ORTH, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whosaid.lexicon.calendar import MONTHS, WEEKDAYS
from whosaid.lexicon.cues import CUE_WORDS
from whosaid.lexicon.pronouns import POSSESSIVE, SUBJECT, pronoun_words
from whosaid.lexicon.sources import NAME_PARTICLES, SOURCE_WORDS, SourceWords
from whosaid.models import FIRST_NAME_GENDERS_PATH, GIVEN_NAME_GENDERS_PATH
from whosaid.pipeline.layout import MAX_HEADLINE_CHARS, title_cased
from whosaid.pipeline.places import (
    capital_of,
    country_code,
    country_name,
    is_country_or_capital,
    is_place_word,
    one_word_country_names,
)
from whosaid.pipeline.syntax import POSSESSIVES
from whosaid.pipeline.text import breaks_paragraph, doc_text, tokens_with, whole_words
from whosaid.record.model import EntityType

# US births a given name needs before a word spelling it is taken for a first name: rarer names
# are also places and common words ("Basel", "Tennis"). Any name in the table tells a gender.
COMMON_NAME_BIRTHS = 1000

ENTITY_LABELS: tuple[str, ...] = get_args(EntityType)
# OntoNotes' other name labels (spaCy's English models) as whosaid's kinds: a region or a range is a
# place; a building speaks as those who run it ("the White House said"); the rest is MISC.
KIND_OF_NER_LABEL = {"LOC": "GPE", "FAC": "ORG"} | dict.fromkeys(
    ("PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"), "MISC"
)


@functools.lru_cache(maxsize=8)
def common_source_words(source_words: SourceWords) -> frozenset[str]:
    """Capitalised at the start of a sentence, these still name no one ("Officials said")."""
    return (
        source_words.anonymous | source_words.documents | {"the", "a", "an"}
        | pronoun_words(forms=(SUBJECT, POSSESSIVE))
    )  # fmt: skip


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "another"}) | pronoun_words(
    persons=(3,), forms=(POSSESSIVE,)
)


# Days and the months that are no one's name (not April, May, June, August): never an entity,
# whatever the NER says ("on Sunday" typed PERSON).
CALENDAR_WORDS = frozenset(WEEKDAYS) | (frozenset(MONTHS) - {"april", "may", "june", "august"})


# Capitalised words that begin a name the NER often leaves them out of ("St. Agnes Hospital").
_NAME_PREFIXES = frozenset({"St.", "St", "Saint", "Mt.", "Mount", "Fort", "Ft."})


# Lower-case words no name ends in.
_TRAILING_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "a", "an", "in", "on", "at", "to"})


_POSSESSIVE_ENDINGS = frozenset({"'s", "’s", "'", "’"})


def _written_end(doc: Doc, start: int, end: int) -> int:
    """Where a name from doc[start:end] ends: before a quotation mark the NER ran it through
    ("Donald Trump ''doesn't"; not a nickname's: 'Robert C. "Bobby" Scott'), before a
    possessive ("Columbia University's"), and after "according to", before a comma."""
    end = next((i for i in range(start + 1, end) if doc[i].is_quote and (i + 1 == end or doc[i + 1].is_lower)), end)
    if start >= 2 and doc[start - 2].lower_ == "according" and doc[start - 1].lower_ == "to":
        # "According to Barraza, Hale had withheld ...": the comma ends the one who says it
        end = next((i for i in range(start + 1, end) if doc[i].text == ","), end)
    while end > start + 1 and doc[end - 1].lower_ in _POSSESSIVE_ENDINGS:
        end -= 1
    return end


def stripped_name(span: Span) -> Span:
    """The name without a leading "the", a trailing possessive or function word ("of the") or what
    follows a quotation mark it ran into, with a "St." the NER left out."""
    start, end = span.start, span.end
    if start > 0 and span.doc[start - 1].text in _NAME_PREFIXES:
        start -= 1
    while start < end and span.doc[start].lower_ in _DETERMINERS:
        start += 1
    end = _written_end(span.doc, start, end)
    while end > start and (
        span.doc[end - 1].lower_ in _POSSESSIVE_ENDINGS or span.doc[end - 1].lower_ in _TRAILING_FUNCTION_WORDS
    ):
        end -= 1  # "Trump of the", as the NER cut "the Trump of the Republican primaries"
    return span.doc[start:end] if end > start else span


NAMES_FACTORY = "whosaid_names_v1"
# The labels of names (whosaid's and the other OntoNotes ones), not of times and numbers.
NAME_LABELS = frozenset(ENTITY_LABELS) | frozenset(KIND_OF_NER_LABEL)


@Language.component(NAMES_FACTORY, assigns=["doc.ents"], requires=["doc.ents"])
def names_as_written(doc: Doc) -> Doc:
    """The NER's names as far as the name goes: without a possessive ("Columbia University" of
    "Columbia University's", which en_core_web_md often takes in) or what follows a quotation mark
    it ran into, and a person's with the end of a hyphened given name it cut ("Pak Sun" of "Pak
    Sun-hee"). A name no longer than that, and a time or number, are left as they are."""
    doc.ents = [_as_written(ent) if ent.label_ in NAME_LABELS else ent for ent in doc.ents]
    return doc


def _as_written(ent: Span) -> Span:
    end = ent.end + 2 if _cut_at_a_hyphen(ent) else _written_end(ent.doc, ent.start, ent.end)
    return Span(ent.doc, _start_before_particles(ent), end, label=ent.label, kb_id=ent.kb_id, span_id=ent.id)


def _start_before_particles(ent: Span) -> int:
    """A person's name the NER began after its particles, with the given name before them: "Jan
    van der Berg" of "winger Jan van der Berg", where it took "Berg"; after a title, the particles
    alone ("van Dijk" of "Minister van Dijk")."""
    doc, start = ent.doc, ent.start
    if ent.label_ != "PERSON":
        return start
    while start > 0 and doc[start - 1].lower_ in NAME_PARTICLES and doc[start - 1].is_lower:
        start -= 1
    before = start - 1
    if start == ent.start or before < 0 or doc[before].ent_iob_ != "O" or not doc[before].is_title:
        return ent.start
    if doc[before].lower_ in SOURCE_WORDS.titles:
        return start
    return before if doc[before].is_alpha else ent.start


def _cut_at_a_hyphen(ent: Span) -> bool:
    """A person's name that stops before "-" and a lower-case word joined to it, in no other name."""
    doc, end = ent.doc, ent.end
    return (
        ent.label_ == "PERSON"
        and end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and doc[end + 1].is_lower
        and doc[end].ent_iob_ == doc[end + 1].ent_iob_ == "O"
    )


# Titles more often a given name before a surname alone ("Dean Morrow"; "Dean Jane Ruiz" is a dean).
_GIVEN_NAMES_MORE_THAN_TITLES = frozenset({"dean"})


def split_title(span: Span, source_words: SourceWords) -> tuple[Span | None, Span]:
    """("Chinese Foreign Minister", "Wang Yi") from a name that swallowed its title, or an occupation
    before a name of two words or more ("Farmer", "Tom Reed"); none from an institution's or a
    facility's name ("Justice Department", "Alinde General Hospital")."""
    if span[-1].lower_ in source_words.institution_words or span[-1].lower_ in source_words.facility_heads:
        return None, span
    last_title = max((t.i for t in span if t.lower_ in source_words.titles), default=None)
    if last_title is None and len(span) >= 3 and span[0].lower_ in source_words.occupations and span[1].is_title:
        last_title = span.start  # "Businessman Piet van der Berg", "Farmer Tom Reed": the work before a name
    if last_title is None or last_title + 1 >= span.end:
        return None, span
    if last_title == span.start and len(span) == 2 and span[0].lower_ in _GIVEN_NAMES_MORE_THAN_TITLES:
        return None, span  # "Dean Morrow" is a man called Dean
    return span.doc[span.start : last_title + 1], span.doc[last_title + 1 : span.end]


def is_acronym(token: Token) -> bool:
    return len(token) >= 2 and token.text.isupper() and token.is_alpha


def leading_acronym(title: Span, source_words: SourceWords) -> Span | None:
    """The acronym that opens a title the NER ran into a name ("NASA" of "NASA Administrator"):
    an organisation the person belongs to."""
    first = title[0]
    if is_acronym(first) and first.lower_ not in source_words.titles:
        return title[:1]
    return None


def noun_in_apposition_before(name: Span) -> bool:
    """The noun right before the name is one the name stands in apposition to, as ClearNLP
    parses "the state news agency KCNA", or hangs both on one head in the same relation ("the
    state news agency Agencia Orbe reported": two subjects)."""
    if name.start == 0:
        return False
    before, root = name.doc[name.start - 1], name.root
    if not before.tag_.startswith("NN") or before.is_title:
        return False
    return root.head.i == before.i and root.dep_ == "appos" or root.head.i == before.head.i and root.dep_ == before.dep_


def title_before(name: Span, source_words: SourceWords) -> Span | None:
    """The title words right before a name, within its noun phrase, or the noun phrase right
    before it that the name stands in apposition to ("the state news agency KCNA", as ClearNLP
    parses it)."""
    doc, start = name.doc, name.start
    inside = {t.i for t in name}
    if noun_in_apposition_before(name):
        start -= 1
        inside.add(start)
    while start > 0:
        token = doc[start - 1]
        if token.is_punct or token.lower_ in _DETERMINERS or not (token.head.i in inside or token.head.i >= start):
            break
        if token.dep_ not in ("compound", "amod", "nummod", *POSSESSIVES) or token.head.i >= name.end + 1:
            break
        start -= 1
        inside.add(token.i)
    title = doc[start : name.start]
    if not len(title) or not any(t.lower_ in source_words.titles or t.tag_.startswith("NN") for t in title):
        return None
    return title


def apposition_of(name: Span) -> Span | None:
    """ "the Bundestag president" in "Julia Klöckner, the Bundestag president," (or "The regulator's
    chief executive, Helen Marsh,", the name in apposition to it); not a phrase
    that names a person in apposition ("CNA, Castrain's president, Leila Farouk, spoke", as the
    parser may hang the speaker on the agency before it)."""
    for child in name.root.children:
        if child.dep_ == "appos" and child.i >= name.end:
            tokens = [t for t in child.subtree if not t.is_punct]
            if not tokens:  # the parser hung a lone punctuation mark as the apposition
                continue
            if any(t.ent_type_ == "PERSON" and t.dep_ == "appos" for t in tokens):
                return None
            span = name.doc[tokens[0].i : tokens[-1].i + 1]
            return stripped_name(span) if len(span) <= 8 else None
    head = name.root.head
    if name.root.dep_ == "appos" and head.i < name.start and head.pos_ == "NOUN" and head.left_edge.i < head.i:
        # the role before, the name in apposition to it: "The regulator's chief executive, Helen Marsh,"
        tokens = [t for t in name.doc[head.left_edge.i : name.start] if not t.is_punct]
        span = name.doc[tokens[0].i : tokens[-1].i + 1]
        return stripped_name(span) if len(span) <= 8 and span.root.i == head.i else None
    return None


def _capitalised_by_position(token: Token) -> bool:
    """A common word that only starts a sentence or a paragraph ("One of them", "Regional
    officials"), as the tagger sees it (no tags: undecided, so not this); or, whatever the tagger
    says, one that modifies the lower-case noun after it ("Intelligence officials")."""
    # (a paragraph's first word too: the parser may run a sentence on over the break)
    opens = token.is_sent_start or (token.i > 0 and breaks_paragraph(token.doc[token.i - 1].text))
    if not opens or not token.tag_ or token.is_upper:
        return False
    return token.tag_ not in ("NNP", "NNPS") or _modifies_common_noun_after(token)


def _modifies_common_noun_after(token: Token) -> bool:
    head = token.head
    return head.i == token.i + 1 and head.tag_ in ("NN", "NNS") and head.text.islower()


def capital_naming_a_thing(span: Span, code: str) -> bool:
    """A capital that names a thing, not its country: "the Paris agreement", "the Beijing
    Olympics" (a modifier of a common noun); "thanked Moscow" and "Moscow's decision" stay Russia."""
    root = span.root
    return (
        capital_of(span.text) == code
        and country_name(code).lower() != span.text.lower()
        and root.dep_ == "compound"
        and root.head.pos_ == "NOUN"
    )


def common_word_the_ner_took(ent: Span) -> bool:
    """One word opening a sentence, tagged a common noun or adjective, on the lower-case noun after
    it: the NER's slip ("Intelligence officials" typed ORG)."""
    token = ent[0]
    return (
        len(ent) == 1
        and token.tag_ not in ("NNP", "NNPS")
        and _capitalised_by_position(token)
        and _modifies_common_noun_after(token)
    )


def with_company_names(doc: Doc, names: list[tuple[str, Span]], source_words: SourceWords) -> list[tuple[str, Span]]:
    """The names, with each run of capitalised words that ends in a company's last word
    ("Halvard Shipping", "Fjord Securities") an organisation's name: the NER missed it, or
    took only its first words (then that name grows into it)."""
    ending = {span.end: (label, span) for label, span in names}
    covered = named_tokens(names)
    grown: dict[int, Span] = {}  # start of a name it replaces -> the company's name
    found = []
    common = common_source_words(source_words)
    for token in (doc[i] for i in tokens_with(doc, source_words.company_name_endings)):
        if token.i in covered or not token.is_title:
            continue
        start = token.i
        while start > 0 and start not in ending:
            before = doc[start - 1]
            if not (before.is_title and before.is_alpha) or before.i in covered or before.lower_ in common:
                break
            if _capitalised_by_position(before):
                break
            start -= 1
        if start in ending:  # "Fjord" (GPE) + "Securities"
            start = ending[start][1].start
            grown[start] = doc[start : token.i + 1]
        elif start < token.i:
            found.append(("ORG", doc[start : token.i + 1]))
    kept = [("ORG", grown[span.start]) if span.start in grown else (label, span) for label, span in names]
    return sorted(kept + found, key=lambda name: name[1].start) if found or grown else names


def joined_to_a_body(names: list[tuple[str, Span]], source_words: SourceWords) -> list[tuple[str, Span]]:
    """The names, with a name the NER cut in two where the second part ends in a word that names
    a body and the first qualifies it ("Elden" PERSON + "Gazette" GPE: the "Elden Gazette") as one,
    of the second's label (an organisation's, by the body word, when the names are typed)."""
    joined: list[tuple[str, Span]] = []
    for label, span in names:
        if joined:
            before_label, before = joined[-1]
            last = before.doc[before.end - 1]
            # (capitalised words apart: not "Brussels-based" of "Brussels-based Egmont Foundation")
            touching = before.end == span.start and last.is_title and bool(last.whitespace_) and span[0].is_title
            if (
                touching
                and last.head.i in range(span.start, span.end)
                and before_label != label
                and span[-1].lower_ in source_words.body_words
            ):
                joined[-1] = (label, before.doc[before.start : span.end])
                continue
        joined.append((label, span))
    return joined


def named_after_a_body_word(name: Span, source_words: SourceWords) -> bool:
    """Whether the common noun right before a name says what body it names ("the newspaper
    Público", "the broadcaster Nova", "the agency Orbe"), however the parse joins the two (as
    often two objects of one verb as a noun and its apposition)."""
    if not name.start:
        return False
    before = name.doc[name.start - 1]
    return before.pos_ == "NOUN" and before.lower_ in source_words.body_words and bool(before.whitespace_)


@functools.lru_cache(maxsize=8)
def _not_given_names(source_words: SourceWords) -> frozenset[str]:
    """Given names that are far more often a title, a month or a day ("Earl of Carlisle", "King")."""
    nobility = {"earl", "duke", "lord", "baron", "count", "dame", "lady", "sir"}
    return source_words.titles | nobility | set(MONTHS) | set(WEEKDAYS)


def _in_capitalised_run(token: Token) -> bool:
    """Beside another capitalised word ("Green Party"); a word before it that only starts the
    sentence is none."""
    doc = token.doc
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return any(n.is_title and n.is_alpha for n in neighbours if not n.is_sent_start or n.i > token.i)


def named_tokens(names: list[tuple[str, Span]]) -> set[int]:
    """The indices of the tokens inside the names."""
    return {token.i for _, span in names for token in span}


def given_names_alone(doc: Doc, covered: set[int], source_words: SourceWords) -> list[tuple[str, Span]]:
    """Given names standing alone that the NER missed ("Gloria"), named twice or more, once at
    least inside a sentence; none that is also a place's name ("Austin", "Georgia")."""
    found: dict[str, list[Token]] = {}
    for token in (doc[i] for i in tokens_with(doc, ("NNP",), TAG)):
        if token.i in covered or token.ent_type_ or not (token.is_title and token.is_alpha):
            continue  # not "April" of a date the NER found
        word = token.lower_
        if word not in common_given_names() or word in _not_given_names(source_words) or is_place_word(word):
            continue
        if _in_capitalised_run(token):
            continue
        found.setdefault(token.lower_, []).append(token)
    return [
        ("PERSON", doc[token.i : token.i + 1])
        for tokens in found.values()
        if len(tokens) > 1 and any(not token.is_sent_start for token in tokens)
        for token in tokens
    ]


def _hyphened_given_name(tokens: Span) -> bool:
    """Whether the tokens open with a given name of two hyphened parts ("Ji-woo", "Min-jun")."""
    return len(tokens) >= 3 and tokens[0].is_title and tokens[1].text == "-" and tokens[2].is_lower


def hyphened_given_names(doc: Doc, covered: set[int]) -> list[tuple[str, Span]]:
    """People named with a given name of two short hyphened parts before the family name, which
    the NER missed ("Min-jun Seo", "Ji-woo Park"); not "Saudi-led Coalition" (a country's word, a
    participle)."""
    found = []
    for i in range(len(doc) - 3):
        first, hyphen, second, family = words = doc[i : i + 4]
        if any(token.i in covered or token.ent_type_ for token in (first, second, family)):
            continue
        if not (_hyphened_given_name(words) and first.is_alpha and second.is_alpha and family.is_alpha):
            continue
        if not (len(first) <= 5 and len(second) <= 4 and family.is_title):
            continue
        if country_code(first.text) is None and not hyphen.whitespace_ and not first.whitespace_:
            found.append(("PERSON", doc[i : i + 4]))
    return found


def countries_alone(doc: Doc, covered: set[int]) -> list[tuple[str, Span]]:
    """Countries named in one word that the NER missed ("Chile thanks Norwegian engineers", a
    headline's first word): a country's common English name, alone, and no common given name
    ("Chad", "Georgia")."""
    return [
        ("GPE", doc[token.i : token.i + 1])
        for token in doc
        if token.i not in covered
        and not token.ent_type_
        and token.text in one_word_country_names()
        and token.lower_ not in common_given_names()
        and not _in_capitalised_run(token)
    ]


def full_name_surnames(names: list[tuple[str, Span]]) -> set[str]:
    """The last words of the people's names given in full."""
    return {span[-1].text for label, span in names if label == "PERSON" and len(span) > 1}


def family_names_first(names: list[tuple[str, Span]]) -> set[str]:
    """The first words of the people's names given in full with a hyphened given name after them,
    written family name first ("Pak" of "Pak Sun-hee", "Kim" of "Kim Jong-un")."""
    return {
        span[0].text
        for label, span in names
        if label == "PERSON" and any(t.text == "-" and t.nbor().is_lower for t in span[1:-1])
    }


def surnames_alone(doc: Doc, names: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """The surname of a person named in full elsewhere, standing alone where the NER missed it,
    even at a sentence's start tagged a common noun ("Trump has record low support"); not one
    in a run of capitalised words ("Green Party"), nor a place's name ("Washington"). A surname
    ending a hyphened one is the whole of it ("Okonkwo-Reyes"), as the name given in full has it."""
    surnames = {word for word in full_name_surnames(names) if word[:1].isupper() and word.isalpha()}
    covered = named_tokens(names)
    found = []
    for token in (doc[i] for i in tokens_with(doc, surnames, ORTH)):
        if token.i in covered or token.ent_type_ or is_country_or_capital(token.text):
            continue
        if not _in_capitalised_run(token):
            start = token.i - 2 if _hyphened_to_a_name(token) and token.i - 2 not in covered else token.i
            found.append(("PERSON", doc[start : token.i + 1]))
    return found


def _hyphened_to_a_name(token: Token) -> bool:
    """The word is the last part of a hyphened name ("Reyes" of "Okonkwo-Reyes")."""
    if token.i < 2:
        return False
    hyphen, first = token.doc[token.i - 1], token.doc[token.i - 2]
    return hyphen.text in ("-", "–") and not hyphen.whitespace_ and not first.whitespace_ and first.is_title


def _names_a_body_after(token: Token, span: Span, source_words: SourceWords) -> bool:
    """A calendar word the capitalised word of a body follows in the span ("The Sunday Chronicle")."""
    after = token.i + 1
    return after < span.end and token.doc[after].is_title and token.doc[after].lower_ in source_words.body_words


def unrecognized_name(
    span: Span, named: set[int], name_words: frozenset[str], source_words: SourceWords
) -> tuple[str, Span] | None:
    """A speaker's name the NER missed: its longest run of capitalised words (with their
    glued parts) outside the entities; when an entity is inside the span, only a run that
    holds the span's head ("Inese Kalnina" in "Latvian Transport Minister Inese Kalnina",
    where the NER took "Latvian Transport" for the name). A word of a name found elsewhere in the
    article is one, even where it opens a sentence tagged a common noun ("Trump responded")."""
    has_entity = any(token.i in named for token in span)
    if has_entity and span.root.i in named:
        return None
    common = common_source_words(source_words)
    runs: list[list[int]] = []
    for token in span:
        if token.i in named:
            continue
        glued = runs and runs[-1][-1] == token.i - 1 and not span.doc[token.i - 1].whitespace_
        calendar = token.lower_ in CALENDAR_WORDS and not _names_a_body_after(token, span, source_words)
        capitalised = (
            token.text[:1].isupper()
            and token.is_alpha
            and token.lower_ not in common
            and not calendar
            and (token.text in name_words or not _capitalised_by_position(token))
        )
        if capitalised or (glued and (token.is_alpha or token.text == "-")):
            if runs and runs[-1][-1] == token.i - 1:
                runs[-1].append(token.i)
            else:
                runs.append([token.i])
    runs = [
        run
        for run in runs
        if not all(
            span.doc[i].lower_ in _DETERMINERS
            or (span.doc[i].lower_ in source_words.titles and span.doc[i].text not in name_words)
            for i in run
        )
    ]  # "Judge rejects ...", a headline's title alone, names no one; "Mr. King" of Larry King does
    if has_entity:  # a name beside the NER's: the head's run, two words or more besides titles ("the President of ...")
        runs = [
            run
            for run in runs
            if span.root.i in run and sum(span.doc[i].lower_ not in source_words.titles for i in run) >= 2
        ]
    if not runs:
        return None
    run = max(runs, key=len)
    doc = span.doc
    given = next((k for k, i in enumerate(run) if doc[i].lower_ in _given_names()), 0)
    if given and doc[run[0]].is_sent_start and doc[run[-1]].lower_ not in source_words.body_words:
        run = run[given:]  # "Hydrologist Miguel Sousa": the sentence opens with what the person does
    name = whole_words(doc[run[0] : run[-1] + 1])
    # Words of other names do not say what this one is ("Miguel Sousa of the University of Evora").
    words = {token.lower_ for token in span if token.i not in named}
    person = bool(words & source_words.titles) or name[0].lower_ in _given_names()
    label = "PERSON" if person or not (name.text.isupper() or words & source_words.organization_words) else "ORG"
    return label, name


@functools.lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    return json.loads(FIRST_NAME_GENDERS_PATH.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _given_name_births() -> dict[str, tuple[str, int]]:
    stored = json.loads(GIVEN_NAME_GENDERS_PATH.read_text(encoding="utf-8"))
    return {name: (sex, births) for name, (sex, births) in stored.items()}


@functools.lru_cache(maxsize=1)
def given_name_genders() -> dict[str, str]:
    """A first name's gender in US usage, rare names included ("Teodor"): evidence of a named
    person's gender; not rare names that are titles ("Governor", 266 births), which name no one."""
    titles = _not_given_names(SOURCE_WORDS)
    return {
        name: sex
        for name, (sex, births) in _given_name_births().items()
        if births >= COMMON_NAME_BIRTHS or name not in titles
    }


@functools.lru_cache(maxsize=1)
def common_given_names() -> frozenset[str]:
    """The given names common enough that a capitalised word spelling one is taken for a first name."""
    return frozenset(name for name, (_, births) in _given_name_births().items() if births >= COMMON_NAME_BIRTHS)


@functools.lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    return common_given_names() | frozenset(first_name_genders())


def gender_of(title: Span | None, name: Span, source_words: SourceWords) -> str | None:
    """From a title ("Mr.", "Queen"), else from the first name (a table learned from PolNeAR)."""
    words = {t.lower_ for t in title} if title is not None else set()
    if words & source_words.male_titles:
        return "male"
    if words & source_words.female_titles:
        return "female"
    return first_name_genders().get(name[0].lower_) if len(name) >= 2 else None


# Nouns of a person of one sex (besides the titles of SourceWords and words ending "-man"/"-woman").
MALE_NOUNS = frozenset({"father", "husband", "son", "brother", "boy", "grandfather", "uncle", "nephew", "widower",
                        "boyfriend", "dad"})  # fmt: skip
FEMALE_NOUNS = frozenset({"mother", "wife", "daughter", "sister", "girl", "grandmother", "aunt", "niece", "widow",
                          "girlfriend", "mom", "actress", "waitress"})  # fmt: skip


def noun_gender(noun: Token, source_words: SourceWords = SOURCE_WORDS) -> str | None:
    """The sex a noun of a person says ("spokeswoman", "fisherman", "mother"), None where it says none."""
    word = noun.lower_
    if word in source_words.female_titles or word in FEMALE_NOUNS or word.endswith(("woman", "women")):
        return "female"
    if word in source_words.male_titles or word in MALE_NOUNS or word.endswith(("man", "men")):
        return "male"
    return None


def head_word(role: Span) -> str:
    """The role's head: of "state news agency" (each word hung on the name) "agency", of
    "chairwoman of the Democratic National Committee" "chairwoman"."""
    hung_outside = [t for t in role if not role.start <= t.head.i < role.end or t.head.i == t.i]
    return max(hung_outside, key=lambda t: t.i).lower_


def is_place_name(name: str) -> bool:
    """A country's name, or a capital's of two words or more (one-word capitals are also given names: Victoria)."""
    return country_code(name) is not None or (len(name.split()) > 1 and capital_of(name) is not None)


def person_typed_a_place(name: Span, source_words: SourceWords) -> bool:
    """A name of two words or more that opens with a common given name and is no country's or
    capital's, with a person's title in apposition: "Rosa Adeyemi, general secretary of the
    union," typed a place by the NER; not "Victoria Falls, a town in Zimbabwe,"."""
    if len(name) < 2 or name[0].lower_ not in common_given_names() or is_place_name(name.text):
        return False
    return any(
        child.dep_ == "appos" and child.i >= name.end and child.lower_ in source_words.titles
        for child in name.root.children
    )


def person_typed_a_body(name: Span, source_words: SourceWords) -> bool:
    """A name of two or three capitalised words, no body's word among them, with a person's
    occupation in apposition: "Chinedu Obi, an economist at Afrinvest," typed an organisation by
    the NER; not "Orion Dynamics, an engine maker,"."""
    if not 2 <= len(name) <= 3 or not all(token.is_title for token in name) or is_place_name(name.text):
        return False
    if any(token.lower_ in source_words.body_words for token in name):
        return False
    return any(
        child.dep_ == "appos" and child.i >= name.end
        and (child.lower_ in source_words.occupations or noun_gender(child, source_words) is not None)
        for child in name.root.children
    )  # fmt: skip


def persons_name(name: Span, source_words: SourceWords) -> bool:
    """A name that says it is a person's whatever its last word: one word ("Park", a surname),
    one holding a person's title ("Councillor Ji-woo Park"), or one opening with a given name, a
    common one or one of two hyphened parts ("Ji-woo Park"; not "Hyde Park", "Lake Tana")."""
    if len(name) == 1 or split_title(name, source_words)[0] is not None or name[0].lower_ in common_given_names():
        return True
    return len(name) >= 4 and _hyphened_given_name(name)


def family_of(name: Span, surnames: set[str]) -> bool:
    """ "the Sams" after "Thomas Sam": a surname in the plural, after "the"."""
    word = name[-1].text
    return (
        len(name) == 1
        and name.start > 0
        and name.doc[name.start - 1].lower_ == "the"
        and (word.endswith("s") and word[:-1] in surnames or word.endswith("es") and word[:-2] in surnames)
    )


def plural_inside(name: Span) -> bool:
    """A plural noun before a name's last word, and no given name ("Lives" of "Black Lives
    Matter"): the name of a group, not of one person."""
    return any(token.tag_ == "NNPS" and token.lower_ not in _given_names() for token in name[:-1])


def person_named_alone_by_surname(name: Span, lone_person_names: set[str], source_words: SourceWords) -> bool:
    """A name of two words or more that opens with a given name and whose last word alone the
    article names a person elsewhere, with no word of a body in it: a person's full name, whatever
    the NER typed it ("Donald J. Trump" with "Trump"; not "Wells Fargo")."""
    return (
        len(name) > 1
        and name[0].lower_ in _given_names()
        and name[-1].text in lone_person_names
        and not any(token.lower_ in source_words.body_words for token in name)
    )


def surname_typed_a_body(name: Span, lone_person_names: set[str], names: list[tuple[str, Span]]) -> bool:
    """A one-word name (typed a body by the NER: "Trump's decision") that the article calls a
    person alone elsewhere and names in full after a given name ("Donald Trump"); not "Beavertail"
    of a cactus the NER once took for a person."""
    return (
        len(name) == 1
        and name.text in lone_person_names
        and any(
            label == "PERSON" and len(span) > 1 and span[0].lower_ in _given_names() and span[-1].text == name.text
            for label, span in names
        )
    )


def given_name_before(name: Span) -> bool:
    """A given name, and no place's, right before a one-word name, outside any entity: "Tomas" of
    "Tomas Berg", whose surname alone the NER found (at a sentence's start most often), or typed
    as a place or an organisation; not "Washington" of "Governor of Washington Chris Gregoire"."""
    if name.start == 0 or len(name) > 1 or not name[0].is_title:
        return False
    before = name.doc[name.start - 1]
    return (
        before.is_title
        and before.ent_iob_ == "O"
        and before.head.i == name.start
        and before.lower_ in _given_names()
        and not is_country_or_capital(before.text)
    )


# Words hyphened onto a name that make it an adjective, besides those in -ed ("Iran-backed").
PARTICIPLES_AFTER_NAMES = frozenset({"born", "run", "made", "held", "built", "bound", "style", "era", "friendly"})


def without_hyphened_word(label: str, name: Span) -> tuple[str, Span]:
    """The name without a lower-case word hyphened to it ("Oslo-based", "Iran-backed"), which
    makes it an adjective: the name alone is the entity, a place when it says where ("-based")."""
    word = name[-1].lower_
    if len(name) < 3 or name[-2].text not in ("-", "–") or not (word.endswith("ed") or word in PARTICIPLES_AFTER_NAMES):
        return label, name  # "Ban Ki-moon" keeps its name's last part
    name = name[:-2]
    if word in ("based", "born") or is_country_or_capital(name.text):
        return "GPE", name
    return label, name


def place_after_locative(name: Span) -> bool:
    """A one-word capital or large city after "in", "from" or "at" ("officials in Rome", "her
    grandmother in Szeged"): there no person's name."""
    return (
        len(name.text.split()) == 1 and name.start > 0 and name.doc[name.start - 1].lower_ in ("in", "from", "at")
        and is_place_word(name.text)
    )  # fmt: skip


def capital_addressed(name: Span) -> bool:
    """A capital that a verb of saying, praising, blaming or asking (a cue's lemma) addresses
    ("thanked Moscow", "urged Beijing"): the state, as where it speaks; elsewhere ("Athens was a
    village") the city."""
    return name.root.dep_ == "dobj" and name.root.head.lemma_ in CUE_WORDS.types


# Titles of rank held "of" a place: "the 2nd Earl of Clare", "the Duke of York".
RANKS_OF_PLACES = frozenset({
    "earl", "duke", "duchess", "marquess", "marquis", "viscount", "baron", "baroness", "count", "countess", "prince",
    "princess", "bishop", "archbishop", "mayor", "governor",
})  # fmt: skip


def place_of_a_rank(name: Span) -> bool:
    """One word after a rank and "of" ("Earl of Clare"): the place it is held of, no person."""
    doc = name.doc
    return (
        len(name) == 1
        and name.start >= 2
        and doc[name.start - 1].lower_ == "of"
        and (doc[name.start - 2].lower_ in RANKS_OF_PLACES)
    )


def shorter_form_of(short: str, long: str) -> bool:
    """The words of `short` are some of `long`'s, in the same order ("Lula" of "Luiz Inácio
    Lula da Silva"; not "Tax Policy Center" of "Center for Federal Tax Policy")."""
    short_words, long_words = short.lower().split(), iter(long.lower().split())
    return len(short_words) < len(long.split()) and all(word in long_words for word in short_words)


def headline_lines(doc: Doc) -> tuple[list[int], list[bool]]:
    """The start offset of each line of the text, and whether it reads as a headline ("Elizabeth
    Warren Hammers Wells Fargo"): most longer words capitalised and no full stop at its end.
    The NER runs names into the words after them there."""
    starts, headlines, offset = [], [], 0
    for text in doc_text(doc).split("\n"):
        line = (
            doc.char_span(offset, offset + len(text), alignment_mode="contract")
            if len(text) <= MAX_HEADLINE_CHARS
            else None
        )
        starts.append(offset)
        headlines.append(line is not None and _reads_as_headline(line))
        offset += len(text) + 1
    return starts, headlines


def _reads_as_headline(line: Span) -> bool:
    words = [token for token in line if token.is_alpha and len(token) >= 4]
    capitalised = sum(token.text[0].isupper() for token in words)
    last = next((token for token in reversed(line) if not token.is_space), None)
    ends_a_sentence = last is not None and last.text in (".", "!", "?", '"', "”", "'", "’")
    return (len(words) >= 3 and capitalised >= 0.8 * len(words) and not ends_a_sentence) or title_cased(line.text)


def capitalised_words(name: str) -> set[str]:
    """The capitalised words of a name ("Tax", "Policy", not "for")."""
    return {word for word in name.split() if word[:1].isupper()}


def is_acronym_of(short: str, long: str) -> bool:
    initials = "".join(word[0] for word in long.split() if word[:1].isupper())
    return short.isupper() and len(short) >= 2 and short == initials
