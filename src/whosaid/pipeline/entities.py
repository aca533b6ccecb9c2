"""Entities of one article: mentions clustered under a canonical name, with a
role and a source type, and speakers resolved to them.

Clustering (rules, in this order):
- countries: every name, code, demonym, or capital or seat of government as a
  source ("the Kremlin said") of one country is one GPE entity named by its
  common English name (whosaid.pipeline.places);
- people and organisations: a shorter name whose words all occur, in order, in a
  longer one of the same type ("Lula" in "Luiz Inácio Lula da Silva"), or an
  acronym of it ("KCNA"), joins the nearest such longer name before it, else the
  first; the canonical name is the longest, but a name in a headline-like line
  ("Elizabeth Warren Hammers Wells Fargo") only joins a name it holds;
- everything else: the same name up to case, "the" and a possessive.
Titles before a name ("Chinese Foreign Minister Wang Yi") become the role;
an apposition ("Julia Klöckner, the Bundestag president") too. A title the
NER took into a name is split off, and the mention becomes a PERSON.

Speakers (SOURCE and VIA spans of attributions with a content) resolve to the entity of the name
that is their head, else of the most telling name inside them (a person before an organisation
before a place); failing
that, a pronoun ("he") goes to the earlier entity a learned mention ranker picks, or to
none, and a description ("the agency") to the latest entity whose name or role has its
head word (whosaid.pipeline.antecedents). Speakers with a
proper name the NER missed ("the state news agency KCNA") become entities.

The component `whosaid_entities_v1` writes the entities (numbered e1, e2, ... in
order of first mention) to `doc.spans["whosaid_entities"]` and
`doc._.whosaid_entities`, links each SOURCE and VIA span to its entity
(`span.kb_id_`), and gives each its source type (`span._.whosaid_source_type`) and how
sure its resolution is (`span._.whosaid_speaker_confidence`, whosaid.pipeline.speaker_confidence).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import get_args

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whosaid.lexicon.pronouns import POSSESSIVE, SUBJECT, pronoun_words
from whosaid.models import FIRST_NAME_GENDERS_PATH, GIVEN_NAME_GENDERS_PATH
from whosaid.pipeline import antecedents
from whosaid.pipeline.attributions import SOURCE, SPANS_KEY, VIA, statements_in
from whosaid.pipeline.extensions import ENTITIES, SOURCE_TYPE, SPEAKER_AFFILIATION, SPEAKER_CONFIDENCE, ArticleComponent
from whosaid.pipeline.layout import MAX_HEADLINE_CHARS, title_cased
from whosaid.pipeline.places import (
    capital_of,
    country_code,
    country_name,
    is_country_or_capital,
    is_place_word,
    seat_of_government,
)
from whosaid.pipeline.sentences import SentenceBounds
from whosaid.pipeline.source_types import (
    ANONYMOUS_WORDS,
    COMPANY_NAME_ENDINGS,
    DOCUMENT_WORDS,
    MEDIA_WORDS,
    ORGANIZATION_WORDS,
    source_type,
)
from whosaid.pipeline.speaker_confidence import speaker_confidence
from whosaid.pipeline.syntax import (
    POSSESSIVES,
    RELATIVE_CLAUSES,
    attached_to,
    copular_subject,
    has_preposition,
)
from whosaid.pipeline.text import CLAUSE_OPENERS, RELATIVE_PRONOUNS, quotations, whole_words
from whosaid.pipeline.times import MONTHS, WEEKDAYS
from whosaid.record.model import EntityType

ENTITY_LABELS: tuple[str, ...] = get_args(EntityType)
# OntoNotes' other name labels (spaCy's English models) as whosaid's kinds: a region or a range is a
# place; a building speaks as those who run it ("the White House said"); the rest is MISC.
KIND_OF_NER_LABEL = {"LOC": "GPE", "FAC": "ORG"} | dict.fromkeys(
    ("PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"), "MISC"
)
# Office and rank words that make the tokens before a name a title.
TITLE_WORDS = frozenset(
    {
        "president", "minister", "secretary", "chancellor", "premier", "king", "queen", "prince", "princess",
        "general", "gen.", "colonel", "col.", "admiral", "ambassador", "spokesman", "spokeswoman",
        "spokesperson", "chairman", "chairwoman", "chair", "director", "governor", "gov.", "mayor", "senator",
        "sen.", "representative", "rep.", "judge", "justice", "leader", "chief", "commander", "envoy",
        "official", "speaker", "deputy", "vice", "prosecutor", "attorney", "pope", "cardinal", "bishop",
        "sheikh", "emir", "dr.", "mr.", "mrs.", "ms.", "professor", "prof.", "lieutenant", "captain", "sergeant",
        "major", "head", "ceo", "founder", "candidate", "nominee", "chairperson", "councillor", "councilor",
        "administrator", "commissioner", "superintendent", "inspector", "treasurer", "sheriff", "provost", "dean",
        "rector", "coach", "editor", "correspondent", "aide", "adviser", "advisor", "lawmaker", "legislator", "mp",
    }
)  # fmt: skip
# Head words of a role that make its bearer an organisation ("state news agency").
ORGANIZATION_HEADS = MEDIA_WORDS | COMPANY_NAME_ENDINGS | frozenset(
    {"company", "firm", "group", "party", "union", "committee", "organization", "organisation", "association",
     "institute", "university", "bank", "foundation", "ministry", "embassy", "charity", "broadcaster",
     # what a company is ("Orion Dynamics, the engine maker"); not "contractor" or "developer", often people
     "manufacturer", "maker", "automaker", "carmaker", "chipmaker", "drugmaker", "shipbuilder", "supplier",
     "retailer", "lender", "insurer", "airline", "conglomerate", "subsidiary", "startup"}
)  # fmt: skip
# Head words of a facility's name: what the NER types a person there is an institution ("Johnson
# Space Center", "Mercy Hospital"); GUM calls most of them places, whosaid's labels organisations.
FACILITY_HEADS = frozenset(
    {"center", "centre", "museum", "hospital", "clinic", "airport", "school", "college", "academy", "stadium",
     "library", "planetarium", "prison", "embassy", "elementary"}
)  # fmt: skip
# Last words of an institution's name, which no title of a person precedes ("Justice Department").
INSTITUTION_WORDS = (ORGANIZATION_WORDS | ORGANIZATION_HEADS) - TITLE_WORDS
Chooser = Callable[[antecedents.ResolverState, Span], "antecedents.Choice | None"]
MALE_TITLES = frozenset({"mr.", "mr", "king", "prince", "sheikh", "emir", "spokesman", "chairman"})
FEMALE_TITLES = frozenset({"mrs.", "mrs", "ms.", "ms", "queen", "princess", "spokeswoman", "chairwoman"})
# Capitalised at the start of a sentence, these still name no one ("Officials said").
COMMON_SOURCE_WORDS = (
    ANONYMOUS_WORDS | DOCUMENT_WORDS | frozenset({"the", "a", "an"}) | pronoun_words(forms=(SUBJECT, POSSESSIVE))
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that"}) | pronoun_words(persons=(3,), forms=(POSSESSIVE,))
_NAME_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})
# Who speak on their organisation's behalf: "a spokesman for the Harlow Clinic" is the clinic speaking.
MOUTHPIECES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokesmen", "spokeswomen", "spokespeople"})
# What an author speaks through: "a statement by the ministry", "the union's estimate".
AUTHORED = DOCUMENT_WORDS | frozenset({"estimate", "estimates", "forecast", "analysis", "figures", "count", "tally"})
# A country speaks through its state's bodies ("the Iranian government", "officials in Tehran",
# "Chile's interior ministry"), and "the city of Phoenix" is Phoenix; "the capital of Greece" is not Greece.
STATE_BODIES = frozenset({
    "government", "state", "administration", "authorities", "regime", "leadership", "cabinet", "officials",
    "ministry", "ministries", "intelligence", "military", "army", "navy", "forces", "troops", "diplomats", "embassy",
})  # fmt: skip
PLACE_KINDS = frozenset({"city", "town", "village", "island", "state", "province", "region", "country", "republic",
                         "kingdom", "county", "district", "municipality", "emirate"})  # fmt: skip


@dataclass
class Cluster:
    type: str
    mentions: list[Span] = field(default_factory=list)
    name: str = ""
    role: Span | None = None
    country: str | None = None
    gender: str | None = None  # settled: by a title, a news first name, or a pronoun resolved to it
    name_gender: str | None = None  # what its first name suggests in US usage, weaker evidence

    def words(self) -> set[str]:
        return set(self.name.lower().split())


@dataclass
class Resolution:
    clusters: list[Cluster]
    # (start token, end token) of each resolved SOURCE/VIA span (or one with an affiliation) -> how it was chosen
    choices: dict[tuple[int, int], antecedents.Choice]

    @functools.cached_property
    def speakers(self) -> dict[tuple[int, int], int]:
        """(start token, end token) of each resolved SOURCE/VIA span -> index of its cluster."""
        return {key: choice.index for key, choice in self.choices.items() if choice.index is not None}

    @functools.cached_property
    def affiliations(self) -> dict[tuple[int, int], int]:
        """(start token, end token) of each SOURCE/VIA span with a name that qualifies its speaker
        without being it ("an aide to Mr. Lee") -> index of that name's cluster."""
        return {key: choice.affiliation for key, choice in self.choices.items() if choice.affiliation is not None}

    def confidence(self, key: tuple[int, int]) -> float | None:
        """How sure the resolution of the span at `key` is (None: unresolved)."""
        choice = self.choices.get(key)
        if choice is None or choice.index is None:
            return None
        return speaker_confidence(choice, self.clusters[choice.index].type)


# Days and the months that are no one's name (not April, May, June, August): never an entity,
# whatever the NER says ("on Sunday" typed PERSON).
CALENDAR_WORDS = frozenset(WEEKDAYS) | (frozenset(MONTHS) - {"april", "may", "june", "august"})


def _is_relative_pronoun(span: Span) -> bool:
    """A speaker that is a relative pronoun is the noun its clause qualifies ("Oona Lind, who ...")."""
    return len(span) == 1 and span[0].lower_ in RELATIVE_PRONOUNS


# Capitalised words that begin a name the NER often leaves them out of ("St. Agnes Hospital").
_NAME_PREFIXES = frozenset({"St.", "St", "Saint", "Mt.", "Mount", "Fort", "Ft."})


# Lower-case words no name ends in.
_TRAILING_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "a", "an", "in", "on", "at", "to"})


def _strip(span: Span) -> Span:
    """The name without a leading "the", a trailing possessive or function word ("of the"), with a
    "St." the NER left out."""
    start, end = span.start, span.end
    if start > 0 and span.doc[start - 1].text in _NAME_PREFIXES:
        start -= 1
    while start < end and span.doc[start].lower_ in _DETERMINERS:
        start += 1
    while end > start and (
        span.doc[end - 1].lower_ in ("'s", "’s", "'", "’") or span.doc[end - 1].lower_ in _TRAILING_FUNCTION_WORDS
    ):
        end -= 1  # "Trump of the", as the NER cut "the Trump of the Republican primaries"
    return span.doc[start:end] if end > start else span


def _split_title(span: Span) -> tuple[Span | None, Span]:
    """("Chinese Foreign Minister", "Wang Yi") from a name that swallowed its title; none from an
    institution's name ("Justice Department")."""
    if span[-1].lower_ in INSTITUTION_WORDS:
        return None, span
    last_title = max((t.i for t in span if t.lower_ in TITLE_WORDS), default=None)
    if last_title is None or last_title + 1 >= span.end:
        return None, span
    return span.doc[span.start : last_title + 1], span.doc[last_title + 1 : span.end]


def _is_acronym(token: Token) -> bool:
    return len(token) >= 2 and token.text.isupper() and token.is_alpha


def _leading_acronym(title: Span) -> Span | None:
    """The acronym that opens a title the NER ran into a name ("NASA" of "NASA Administrator"):
    an organisation the person belongs to."""
    first = title[0]
    if _is_acronym(first) and first.lower_ not in TITLE_WORDS:
        return title[:1]
    return None


def _noun_in_apposition_before(name: Span) -> bool:
    """The noun right before the name is one the name stands in apposition to, as ClearNLP
    parses "the state news agency KCNA", or hangs both on one head in the same relation ("the
    state news agency Agencia Orbe reported": two subjects)."""
    if name.start == 0:
        return False
    before, root = name.doc[name.start - 1], name.root
    if not before.tag_.startswith("NN") or before.is_title:
        return False
    return root.head.i == before.i and root.dep_ == "appos" or root.head.i == before.head.i and root.dep_ == before.dep_


def _title_before(name: Span) -> Span | None:
    """The title words right before a name, within its noun phrase, or the noun phrase right
    before it that the name stands in apposition to ("the state news agency KCNA", as ClearNLP
    parses it)."""
    doc, start = name.doc, name.start
    inside = {t.i for t in name}
    if _noun_in_apposition_before(name):
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
    if not len(title) or not any(t.lower_ in TITLE_WORDS or t.tag_.startswith("NN") for t in title):
        return None
    return title


def _apposition(name: Span) -> Span | None:
    """ "the Bundestag president" in "Julia Klöckner, the Bundestag president,"."""
    for child in name.root.children:
        if child.dep_ == "appos" and child.i >= name.end:
            tokens = [t for t in child.subtree if not t.is_punct]
            if not tokens:  # the parser hung a lone punctuation mark as the apposition
                continue
            span = name.doc[tokens[0].i : tokens[-1].i + 1]
            return _strip(span) if len(span) <= 8 else None
    return None


def _speaks_for(name: Span, span: Span, entity: Cluster) -> int:
    """How surely a name in a source span is who speaks.

    2: it holds the span's head ("Mr. Lee") or stands in apposition ("Apple's chief
    executive, Tim Cook,"). 1: the span is its spokesperson ("a Harlow Clinic spokesman"),
    a document or figure it authored ("a statement by the ministry", "the union's estimate"),
    a country's state body ("the Iranian government", "officials in Tehran"), the place
    itself ("the city of Phoenix") or the word of its name that says what it is ("the Space
    Shuttle program"); or the name ends the span's noun phrase after titles and modifiers
    ("Secretary of State John F. Kerry", "Sen. Lindsey Graham (R-S.C.), a member of ...").
    0: it only qualifies the speaker ("an aide to Mr. Lee", "the FBI director", "Mr. Lee's
    lawyer", "reports from Seoul").
    """
    root = span.root
    head = attached_to(name.root)
    # In apposition to the span's head; or a person the parser hung on a name inside it ("An
    # attorney for Pagliano, Mark MacDougall,"). Not "a lawyer for the port operator, Castellan
    # Logistics," (the operator), nor "Grassley, Republican of Iowa".
    apposition = name.root.dep_ == "appos" and (
        head.i == root.i or (entity.type == "PERSON" and span.start <= head.i < span.end and head.pos_ == "PROPN")
    )
    if name.start <= root.i < name.end or apposition or (root.i == name.start - 1 and _noun_in_apposition_before(name)):
        return 2
    modifies_head = head.i == root.i
    # "an estimate by the union", "the union's estimate", "figures compiled by the exchange"
    by_author = has_preposition(name.root, "by") and (modifies_head or (head.dep_ == "acl" and head.head.i == root.i))
    authored = by_author or (modifies_head and name.root.dep_ in POSSESSIVES)
    if (
        root.lower_ in MOUTHPIECES
        or (authored and root.lower_ in AUTHORED)  # "an estimate by the Farmers' Union"
        or (modifies_head and root.lower_ in entity.words())  # "the Space Shuttle program"
        or (modifies_head and root.lower_ in STATE_BODIES and entity.country is not None)
        or (modifies_head and root.lower_ in PLACE_KINDS and name.start > 0 and name.doc[name.start - 1].lower_ == "of")
    ):
        return 1
    return int(_ends_noun_phrase(name, span) and _only_modifiers_before(name, span))


def _coordinated(name: Span, span: Span) -> bool:
    """The name has a conjunct in the span ("Mr. Grassley and Mr. Leahy", "Grassley and his aides")."""
    root = name.root
    if root.dep_ == "conj" and span.start <= root.head.i < span.end:
        return True
    return any(child.dep_ == "conj" and span.start <= child.i < span.end for child in root.children)


def _ends_noun_phrase(name: Span, span: Span) -> bool:
    """Nothing but punctuation, a suffix ("Jr.") or a parenthesis follows the name before a
    comma or dash or the span's end."""
    depth = 0
    for token in span.doc[name.end : span.end]:
        depth += (token.text == "(") - (token.text == ")")
        if depth > 0 or token.text == ")" or token.lower_ in _NAME_SUFFIXES:
            continue
        if token.text in (",", "--", "\u2014", "\u2013"):
            return True
        if not token.is_punct:
            return False
    return True


def _only_modifiers_before(name: Span, span: Span) -> bool:
    """No preposition, conjunction or possessive before the name in the span: titles and
    modifiers ("Retired Lt. Gen.", "Secretary of State"), not "the head of", "Clinton's"."""
    doc = span.doc
    for token in doc[span.start : name.start]:
        title_of = (
            token.lower_ == "of" and token.i > span.start and doc[token.i - 1].lower_ in TITLE_WORDS
            and token.i + 1 < name.start and doc[token.i + 1].is_title and doc[token.i + 1].pos_ != "DET"
        )  # fmt: skip
        if (token.pos_ in ("ADP", "CCONJ") or token.tag_ in ("IN", "TO", "POS")) and not title_of:
            return False
    return True


def _capitalised_by_position(token: Token) -> bool:
    """A common word that only starts a sentence ("One of them", "Regional officials"), as the
    tagger sees it (no tags: undecided, so not this); or, whatever the tagger says, one that
    modifies the lower-case noun after it ("Intelligence officials")."""
    if not token.is_sent_start or not token.tag_ or token.is_upper:
        return False
    return token.tag_ not in ("NNP", "NNPS") or _modifies_common_noun_after(token)


def _modifies_common_noun_after(token: Token) -> bool:
    head = token.head
    return head.i == token.i + 1 and head.tag_ in ("NN", "NNS") and head.text.islower()


def _capital_naming_a_thing(span: Span, code: str) -> bool:
    """A capital that names a thing, not its country: "the Paris agreement", "the Beijing
    Olympics" (a modifier of a common noun); "thanked Moscow" and "Moscow's decision" stay Russia."""
    root = span.root
    return (
        capital_of(span.text) == code
        and country_name(code).lower() != span.text.lower()
        and root.dep_ == "compound"
        and root.head.pos_ == "NOUN"
    )


def _common_word_the_ner_took(ent: Span) -> bool:
    """One word opening a sentence, tagged a common noun or adjective, on the lower-case noun after
    it: the NER's slip ("Intelligence officials" typed ORG)."""
    token = ent[0]
    return (
        len(ent) == 1
        and token.tag_ not in ("NNP", "NNPS")
        and _capitalised_by_position(token)
        and _modifies_common_noun_after(token)
    )


def _with_company_names(doc: Doc, names: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """The names, with each run of capitalised words that ends in a company's last word
    ("Halvard Shipping", "Fjord Securities") an organisation's name: the NER missed it, or
    took only its first words (then that name grows into it)."""
    ending = {span.end: (label, span) for label, span in names}
    covered = {token.i for _, span in names for token in span}
    grown: dict[int, Span] = {}  # start of a name it replaces -> the company's name
    found = []
    for token in doc:
        if token.i in covered or token.lower_ not in COMPANY_NAME_ENDINGS or not token.is_title:
            continue
        start = token.i
        while start > 0 and start not in ending:
            before = doc[start - 1]
            if not (before.is_title and before.is_alpha) or before.i in covered or before.lower_ in COMMON_SOURCE_WORDS:
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


# Given names that are far more often a title, a month or a day ("Earl of Carlisle", "King").
NOT_GIVEN_NAMES = (
    TITLE_WORDS | {"earl", "duke", "lord", "baron", "count", "dame", "lady", "sir"} | set(MONTHS) | set(WEEKDAYS)
)


def _in_capitalised_run(token: Token) -> bool:
    """Beside another capitalised word ("Green Party"); a word before it that only starts the
    sentence is none."""
    doc = token.doc
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return any(n.is_title and n.is_alpha for n in neighbours if not n.is_sent_start or n.i > token.i)


def _given_names_alone(doc: Doc, covered: set[int]) -> list[tuple[str, Span]]:
    """Given names standing alone that the NER missed ("Gloria"), named twice or more, once at
    least inside a sentence; none that is also a place's name ("Austin", "Georgia")."""
    found: dict[str, list[Token]] = {}
    for token in doc:
        if token.i in covered or token.ent_type_ or not (token.is_title and token.is_alpha and token.tag_ == "NNP"):
            continue  # not "April" of a date the NER found
        word = token.lower_
        if word not in given_name_genders() or word in NOT_GIVEN_NAMES or is_place_word(word):
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


def _surnames(names: list[tuple[str, Span]]) -> set[str]:
    """The last words of the people's names given in full."""
    return {span[-1].text for label, span in names if label == "PERSON" and len(span) > 1}


def _surnames_alone(doc: Doc, names: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """The surname of a person named in full elsewhere, standing alone where the NER missed it,
    even at a sentence's start tagged a common noun ("Trump has record low support"); not one
    in a run of capitalised words ("Green Party"), nor a place's name ("Washington")."""
    surnames = {word for word in _surnames(names) if word[:1].isupper() and word.isalpha()}
    covered = {token.i for _, span in names for token in span}
    found = []
    for token in doc:
        if token.i in covered or token.ent_type_ or token.text not in surnames or is_country_or_capital(token.text):
            continue
        if not _in_capitalised_run(token):
            found.append(("PERSON", doc[token.i : token.i + 1]))
    return found


def _unrecognized_name(span: Span, named: set[int], name_words: frozenset[str]) -> tuple[str, Span] | None:
    """A speaker's name the NER missed: its longest run of capitalised words (with their
    glued parts) outside the entities; when an entity is inside the span, only a run that
    holds the span's head ("Inese Kalnina" in "Latvian Transport Minister Inese Kalnina",
    where the NER took "Latvian Transport" for the name). A word of a name found elsewhere in the
    article is one, even where it opens a sentence tagged a common noun ("Trump responded")."""
    has_entity = any(token.i in named for token in span)
    if has_entity and span.root.i in named:
        return None
    runs: list[list[int]] = []
    for token in span:
        if token.i in named:
            continue
        glued = runs and runs[-1][-1] == token.i - 1 and not span.doc[token.i - 1].whitespace_
        capitalised = (
            token.text[:1].isupper()
            and token.is_alpha
            and token.lower_ not in COMMON_SOURCE_WORDS
            and token.lower_ not in CALENDAR_WORDS
            and (token.text in name_words or not _capitalised_by_position(token))
        )
        if capitalised or (glued and (token.is_alpha or token.text == "-")):
            if runs and runs[-1][-1] == token.i - 1:
                runs[-1].append(token.i)
            else:
                runs.append([token.i])
    runs = [run for run in runs if not all(span.doc[i].lower_ in _DETERMINERS for i in run)]
    if has_entity:  # a name beside the NER's: the head's run, two words or more besides titles ("the President of ...")
        runs = [
            run for run in runs if span.root.i in run and sum(span.doc[i].lower_ not in TITLE_WORDS for i in run) >= 2
        ]
    if not runs:
        return None
    run = max(runs, key=len)
    doc = span.doc
    given = next((k for k, i in enumerate(run) if doc[i].lower_ in _given_names()), 0)
    if given and doc[run[0]].is_sent_start and doc[run[-1]].lower_ not in ORGANIZATION_WORDS | ORGANIZATION_HEADS:
        run = run[given:]  # "Hydrologist Miguel Sousa": the sentence opens with what the person does
    name = whole_words(doc[run[0] : run[-1] + 1])
    # Words of other names do not say what this one is ("Miguel Sousa of the University of Evora").
    words = {token.lower_ for token in span if token.i not in named}
    person = bool(words & TITLE_WORDS) or name[0].lower_ in _given_names()
    label = "PERSON" if person or not (name.text.isupper() or words & ORGANIZATION_WORDS) else "ORG"
    return label, name


@functools.lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    return json.loads(FIRST_NAME_GENDERS_PATH.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def given_name_genders() -> dict[str, str]:
    return json.loads(GIVEN_NAME_GENDERS_PATH.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    return frozenset(given_name_genders()) | frozenset(first_name_genders())


def _gender_of(title: Span | None, name: Span) -> str | None:
    """From a title ("Mr.", "Queen"), else from the first name (a table learned from PolNeAR)."""
    words = {t.lower_ for t in title} if title is not None else set()
    if words & MALE_TITLES:
        return "male"
    if words & FEMALE_TITLES:
        return "female"
    return first_name_genders().get(name[0].lower_) if len(name) >= 2 else None


def _head_word(role: Span) -> str:
    """The role's head: of "state news agency" (each word hung on the name) "agency", of
    "chairwoman of the Democratic National Committee" "chairwoman"."""
    hung_outside = [t for t in role if not role.start <= t.head.i < role.end or t.head.i == t.i]
    return max(hung_outside, key=lambda t: t.i).lower_


def _is_place_name(name: str) -> bool:
    """A country's name, or a capital's of two words or more (one-word capitals are also given names: Victoria)."""
    return country_code(name) is not None or (len(name.split()) > 1 and capital_of(name) is not None)


def _family_of(name: Span, surnames: set[str]) -> bool:
    """ "the Sams" after "Thomas Sam": a surname in the plural, after "the"."""
    word = name[-1].text
    return (
        len(name) == 1
        and name.start > 0
        and name.doc[name.start - 1].lower_ == "the"
        and (word.endswith("s") and word[:-1] in surnames or word.endswith("es") and word[:-2] in surnames)
    )


def _plural_inside(name: Span) -> bool:
    """A plural noun before a name's last word, and no given name ("Lives" of "Black Lives
    Matter"): the name of a group, not of one person."""
    return any(token.tag_ == "NNPS" and token.lower_ not in _given_names() for token in name[:-1])


def _person_named_alone_by_surname(name: Span, lone_person_names: set[str]) -> bool:
    """A name of two words or more that opens with a given name and whose last word alone the
    article names a person elsewhere, with no word of a body in it: a person's full name, whatever
    the NER typed it ("Donald J. Trump" with "Trump"; not "Wells Fargo")."""
    return (
        len(name) > 1
        and name[0].lower_ in _given_names()
        and name[-1].text in lone_person_names
        and not any(token.lower_ in ORGANIZATION_WORDS | ORGANIZATION_HEADS for token in name)
    )


def _given_name_before(name: Span) -> bool:
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


def _without_hyphened_word(label: str, name: Span) -> tuple[str, Span]:
    """The name without a lower-case word hyphened to it ("Oslo-based", "Iran-backed"), which
    makes it an adjective: the name alone is the entity, a place when it says where ("-based")."""
    word = name[-1].lower_
    if len(name) < 3 or name[-2].text not in ("-", "–") or not (word.endswith("ed") or word in PARTICIPLES_AFTER_NAMES):
        return label, name  # "Ban Ki-moon" keeps its name's last part
    name = name[:-2]
    if word in ("based", "born") or is_country_or_capital(name.text):
        return "GPE", name
    return label, name


def _capital_after_locative(name: Span) -> bool:
    """A one-word capital after "in", "from" or "at" ("officials in Rome"): there no person's name."""
    return (
        name.start > 0 and name.doc[name.start - 1].lower_ in ("in", "from", "at") and capital_of(name.text) is not None
    )


def _shorter_form_of(short: str, long: str) -> bool:
    """The words of `short` are some of `long`'s, in the same order ("Lula" of "Luiz Inácio
    Lula da Silva"; not "Tax Policy Center" of "Center for Federal Tax Policy")."""
    short_words, long_words = short.lower().split(), iter(long.lower().split())
    return len(short_words) < len(long.split()) and all(word in long_words for word in short_words)


def _headline_lines(doc: Doc) -> tuple[list[int], list[bool]]:
    """The start offset of each line of the text, and whether it reads as a headline ("Elizabeth
    Warren Hammers Wells Fargo"): most longer words capitalised and no full stop at its end.
    The NER runs names into the words after them there."""
    starts, headlines, offset = [], [], 0
    for text in doc.text.split("\n"):
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


def _name_words(name: str) -> set[str]:
    """The capitalised words of a name ("Tax", "Policy", not "for")."""
    return {word for word in name.split() if word[:1].isupper()}


def _is_acronym_of(short: str, long: str) -> bool:
    initials = "".join(word[0] for word in long.split() if word[:1].isupper())
    return short.isupper() and len(short) >= 2 and short == initials


class _Resolver:
    def __init__(self, doc: Doc, source_spans: list[Span]) -> None:
        self.doc = doc
        self.clusters: list[Cluster] = []
        self.by_key: dict[tuple, int] = {}
        self.of_token: dict[int, tuple[int, Span]] = {}  # token -> (cluster, name mention) it is in
        self.in_source = numpy.zeros(len(doc), dtype=bool)
        for span in source_spans:
            self.in_source[span.start : span.end] = True
        self.sentence_of = SentenceBounds(doc).number.tolist()
        self.quoted = (numpy.array(quotations(doc), dtype="int64") > 0).tolist()

    def add(self, key: tuple, cluster_type: str, mention: Span, name: str, country: str | None = None) -> int:
        index = self.by_key.get(key)
        if index is None:
            index = len(self.clusters)
            self.clusters.append(Cluster(cluster_type, name=name, country=country))
            self.by_key[key] = index
        self._attach(index, mention)
        return index

    def _attach(self, index: int, mention: Span) -> None:
        self.clusters[index].mentions.append(mention)
        for token in mention:
            self.of_token[token.i] = (index, mention)

    def _in_source(self, span: Span) -> bool:
        return bool(self.in_source[span.start : span.end].all())

    def cluster_names(self, source_spans: list[Span]) -> None:
        mentions = []
        names = [
            (kind, whole_words(_strip(ent)))
            for ent in self.doc.ents
            if (kind := KIND_OF_NER_LABEL.get(ent.label_, ent.label_)) in ENTITY_LABELS
            and not all(token.lower_ in CALENDAR_WORDS for token in ent)
            and not _common_word_the_ner_took(ent)
            and not all(token.lower_ in TITLE_WORDS for token in ent)  # "Chief Justice": a role, no name
        ]
        names = _with_company_names(self.doc, names)
        names += _given_names_alone(self.doc, {token.i for _, span in names for token in span})
        names += _surnames_alone(self.doc, names)
        named = {token.i for _, span in names for token in span}
        name_words = frozenset(token.text for _, span in names for token in span if token.is_title)
        names += [name for span in source_spans if (name := _unrecognized_name(span, named, name_words)) is not None]
        places_named = {span.text for label, span in names if label == "GPE"}
        surnames = _surnames(names)
        lone_person_names = {span.text for label, span in names if label == "PERSON" and len(span) == 1}
        for label, span in names:
            label, span = _without_hyphened_word(label, span)
            if label in ("PERSON", "GPE") and span[-1].lower_ in ORGANIZATION_WORDS | ORGANIZATION_HEADS:
                label = "ORG"  # "Clinton Foundation", "Valley Courier": the NER's slip
            elif label == "PERSON" and (_family_of(span, surnames) or _plural_inside(span)):
                label = "ORG"  # "the Sams", "Black Lives Matter": a family or a group, that "they" stands for
            elif label == "PERSON" and len(span) == 1 and _is_acronym(span[0]):
                label = "ORG"  # "KCNA" typed a person: an acronym names a body
            elif label == "PERSON" and span[-1].lower_ in FACILITY_HEADS:
                label = "ORG"
            elif label == "PERSON" and span[-1].lower_ in antecedents.NOT_TOWNS:
                label = "GPE"  # "Suez Canal", "Lake Tana": a place
            elif label == "ORG" and _person_named_alone_by_surname(span, lone_person_names):
                label = "PERSON"  # "Donald J. Trump" typed ORG, "Trump" a person elsewhere
            elif label in ("PERSON", "GPE", "ORG") and not _is_place_name(span.text) and _given_name_before(span):
                label, span = "PERSON", self.doc[span.start - 1 : span.end]  # "Ana Ruiz": "Ruiz" alone, or typed GPE
            if label in ("PERSON", "ORG") and (
                _is_place_name(span.text)
                or _capital_after_locative(span)
                or (span.text in places_named and capital_of(span.text) is not None)  # "Yerevan" typed both
            ):
                label = "GPE"  # "Buenos Aires", "officials in Rome" typed PERSON: a country or a capital is a place
            title, rest = _split_title(span)
            if title is not None and label in ("ORG", "MISC", "PERSON"):
                label, span = "PERSON", rest
                if (acronym := _leading_acronym(title)) is not None:
                    mentions.append(("ORG", acronym, None))  # "NASA" of "NASA Administrator Charles Bolden"
            elif span[-1].lower_ in TITLE_WORDS and (acronym := _leading_acronym(span)) is not None:
                mentions.append(("ORG", acronym, None))  # "NASA Administrator" with no name: NASA alone
                continue
            mentions.append((label, span, title or _title_before(span)))
        # Longer names first, so that short names find them; names in headline-like lines last,
        # joining a name they hold rather than naming it.
        line_starts, headlines = _headline_lines(self.doc)
        headline = {m[1].start for m in mentions if headlines[bisect.bisect_right(line_starts, m[1].start_char) - 1]}
        for label, span, title in sorted(mentions, key=lambda m: (m[1].start in headline, -len(m[1].text), m[1].start)):
            index = self._cluster_of(label, span, in_headline=span.start in headline)
            cluster = self.clusters[index]
            role = title or _apposition(span)
            if cluster.role is None and role is not None and label in ("PERSON", "ORG"):
                cluster.role = role
            cluster.gender = cluster.gender or _gender_of(title, span)
            if label == "PERSON":
                cluster.name_gender = cluster.name_gender or given_name_genders().get(span[0].lower_)
        for cluster in self.clusters:
            cluster.mentions.sort(key=lambda span: span.start)
            if cluster.type == "PERSON" and cluster.role is not None and _head_word(cluster.role) in ORGANIZATION_HEADS:
                cluster.type = "ORG"  # "the state news agency Agencia Orbe": what the role names is no person

    def _cluster_of(self, label: str, span: Span, in_headline: bool = False) -> int:
        text = span.text
        in_source = self._in_source(span)
        if label in ("GPE", "NORP") or (label == "MISC" and in_source):  # "the Norwegian government" typed MISC
            code = country_code(text) or (capital_of(text) if in_source else None)
            if code and not _capital_naming_a_thing(span, code):
                return self.add(("country", code), "GPE", span, country_name(code), country=code)
        if in_source and (code := seat_of_government(text)):
            return self.add(("country", code), "GPE", span, country_name(code), country=code)
        candidates = self._longer_names_of(label, span, in_headline)
        if candidates:
            # The entity named last before the span (mentions are not yet in text order).
            latest = {
                i: max((m.start for m in self.clusters[i].mentions if m.start < span.start), default=-1)
                for i in candidates
            }
            index = max(candidates, key=lambda i: latest[i]) if max(latest.values()) >= 0 else candidates[0]
            self._attach(index, span)
            return index
        key = (label, " ".join(text.casefold().split()))
        return self.add(key, label, span, text)

    def _longer_names_of(self, label: str, span: Span, in_headline: bool) -> list[int]:
        """The entities the name is a shorter form or an acronym of, of its type ("Lula" of "Luiz
        Inácio Lula da Silva", "KCNA"); else of the type the NER should have given it: the name
        the NER typed MISC an acronym stands for, the company whose first word it typed a person,
        the person whose surname it typed a place or a body."""
        text = span.text
        candidates = []
        if label in ("PERSON", "ORG"):
            candidates = [
                index
                for index, cluster in enumerate(self.clusters)
                if cluster.type == label
                and cluster.name != text
                and (
                    _shorter_form_of(text, cluster.name)
                    or _is_acronym_of(text, cluster.name)
                    or (in_headline and _shorter_form_of(cluster.name, text))
                )
            ]
        if not candidates and label == "ORG":
            # The acronym of a name the NER typed MISC ("WFP" of "World Food Programme"): an organisation
            candidates = [
                index
                for index, cluster in enumerate(self.clusters)
                if cluster.type == "MISC" and _is_acronym_of(text, cluster.name)
            ]
            for index in candidates:
                self.clusters[index].type = "ORG"
        if not candidates and label == "PERSON" and len(span) == 1:
            # A company called by its first word, which the NER took for a person ("a spokeswoman for Halvard")
            candidates = [
                index
                for index, cluster in enumerate(self.clusters)
                if cluster.type == "ORG" and cluster.name.split()[0] == text
                and cluster.name.split()[-1].lower() in COMPANY_NAME_ENDINGS
            ]  # fmt: skip
        if not candidates and label in ("GPE", "ORG") and len(span) == 1 and not in_headline:
            # A surname the NER typed as a place or a body ("Garvey, 61, has pleaded"): the person
            # the article named in full, unless it is a place's name too ("Washington").
            candidates = [
                index
                for index, cluster in enumerate(self.clusters)
                if cluster.type == "PERSON" and len(words := cluster.name.split()) > 1 and words[-1] == text
                and not is_country_or_capital(text)
            ]  # fmt: skip
        return candidates

    def resolve_speakers(self, source_spans: list[Span], choose: Chooser) -> dict[tuple[int, int], antecedents.Choice]:
        self.choices: dict[tuple[int, int], antecedents.Choice] = {}
        # (start, cluster) of every mention and of every resolved speaker, kept sorted for bisect.
        self.mention_index = sorted((m.start, i) for i, cluster in enumerate(self.clusters) for m in cluster.mentions)
        self.starts_of = {i: sorted(m.start for m in cluster.mentions) for i, cluster in enumerate(self.clusters)}
        self.speaker_index: list[tuple[int, int]] = []
        self.choose = choose
        self.unnamed_speakers: list[int] = []
        # (type, capitalised word) -> how many entities' names have it, for namesakes ("Bill"/"Hillary Clinton")
        self.name_words = Counter((c.type, word) for c in self.clusters for word in _name_words(c.name))
        known = {(m.start, m.end) for cluster in self.clusters for m in cluster.mentions}
        for span in sorted(source_spans, key=lambda s: s.start):
            choice = self._named(span)
            said_of = (
                self._predicated_of(span)
                if antecedents.mention_kind(span) == "description" or _is_relative_pronoun(span)
                else None
            )
            if said_of is not None:  # "Athens is the capital of Greece": Athens, whatever the span names
                affiliation = choice.affiliation if choice is not None else None
                choice = dataclasses.replace(said_of, affiliation=affiliation)
            elif choice is None:
                choice = self._pronoun_or_description(span) or self._through_possessive(span)
            elif (
                choice.index is not None and choice.affiliation is None and self.clusters[choice.index].type == "PERSON"
            ):
                # "Its chief executive, Rolf Danner,": the company the possessive stands for
                owner = self._possessive_owner(span)
                if owner is not None and owner.index != choice.index:
                    choice = dataclasses.replace(choice, affiliation=owner.index)
            elif choice.index is None:  # a description may still say who ("the FBI director")
                described = self._pronoun_or_description(span)
                if described is not None and self._fits_role(described.index, span, choice.affiliation):
                    choice = dataclasses.replace(described, affiliation=choice.affiliation)
            if choice is not None and (choice.index is not None or choice.affiliation is not None):
                self.choices[(span.start, span.end)] = choice
            if choice is None or choice.index is None:
                self.unnamed_speakers.append(span.start)
                continue
            index = choice.index
            bisect.insort(self.speaker_index, (span.start, index))
            if (span.start, span.end) not in known:
                known.add((span.start, span.end))
                self.clusters[index].mentions.append(span)
                bisect.insort(self.mention_index, (span.start, index))
                bisect.insort(self.starts_of[index], span.start)
        for cluster in self.clusters:
            cluster.mentions.sort(key=lambda s: s.start)
        return self.choices

    def _named(self, span: Span) -> antecedents.Choice | None:
        """The entity a name in the span gives it: a name that speaks for the span
        (`_speaks_for`), else, as its affiliation only, a name that qualifies it
        ("an aide to Mr. Lee": the speaker is the aide, not Lee)."""
        names = [self.of_token[t.i] for t in span if t.i in self.of_token]  # (cluster, mention), in text order
        # Names in a relative clause after the first name describe it ("Maria Lopez, whose children
        # attend Hillcrest Elementary,"), even where the parse lost the clause.
        opener = next((t.i for t in span if t.lower_ in CLAUSE_OPENERS), None)
        if opener is not None and names and names[0][1].start < opener:
            names = [(index, mention) for index, mention in names if mention.start < opener]
        inside = {index for index, _ in names}
        if not inside:
            return None
        priority = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3, "MISC": 4}
        speaking: dict[int, int] = {}
        for index, mention in names:
            speaking[index] = max(speaking.get(index, 0), _speaks_for(mention, span, self.clusters[index]))
        # The name that is the span's head speaks ("the Clinton Foundation").
        head = self.of_token[span.root.i][0] if span.root.i in self.of_token else None
        index = min(
            inside,
            key=lambda i: (-speaking[i], i != head, priority[self.clusters[i].type], -len(self.clusters[i].name)),
        )
        if not speaking[index]:
            return antecedents.Choice(None, "named", affiliation=index)
        cluster = self.clusters[index]
        # An organisation or place named beside a person who speaks is the person's affiliation
        # ("Pentagon spokesman John Kirby", "a lawyer for the Harbour Union"), unless the two are
        # coordinated ("Ana Ruiz and the union").
        qualifying = [
            i for i, mention in names
            if cluster.type == "PERSON" and i != index and self.clusters[i].type != "PERSON"
            and mention.root.dep_ != "conj"
        ]  # fmt: skip
        affiliation = min(qualifying, key=lambda i: priority[self.clusters[i].type], default=None)
        name_inside = next(mention for index_of, mention in names if index_of == index)
        namesakes = any(self.name_words[(cluster.type, word)] > 1 for word in _name_words(cluster.name))
        return antecedents.Choice(
            index,
            "named",
            rivals=len(inside) - 1,
            holds_head=speaking[index] == 2,
            short_form=_strip(name_inside).text != cluster.name,
            namesakes=namesakes,
            affiliation=affiliation,
            coordinated=_coordinated(name_inside, span),
        )

    def _fits_role(self, index: int | None, span: Span, affiliation: int) -> bool:
        """Whether the entity found for a description that holds a name ("the FBI director")
        has that role: its role's head is the description's and names the affiliation
        ("FBI Director James Comey"), so that "the Republican nominee" is not the Democrats'."""
        role = self.clusters[index].role if index is not None else None
        if role is None or _head_word(role) != span.root.lower_:
            return False
        return bool(_name_words(self.clusters[affiliation].name) & _name_words(role.text))

    def _predicated_of(self, span: Span) -> antecedents.Choice | None:
        """The entity a description or a relative pronoun is where the sentence says so: the
        subject of "Coron is the largest town" (also "a blogger and the editor"), the name it
        stands in apposition to ("Athens, the capital"), the noun a relative clause qualifies
        ("Oona Lind, who had urged ..."), when that is a name, or a speaker resolved before it
        ("He is the one who writes", "The minister, who ..."), whose choice, and so confidence,
        it shares."""
        predicate = span.root
        while predicate.dep_ == "conj" and predicate.head.i < predicate.i:
            predicate = predicate.head
        if _is_relative_pronoun(span) and predicate.head.dep_ in RELATIVE_CLAUSES:
            subject = predicate.head.head
        elif predicate.dep_ == "appos":
            subject = predicate.head
        else:
            subject = copular_subject(predicate)
        if subject is None or span.start <= subject.i < span.end:
            return None
        # "the governor, Ana Ruiz, who told reporters": the clause qualifies the name in apposition too
        named = [subject, *(child for child in subject.children if child.dep_ == "appos")]
        if (index := next((i for token in named if (i := self._entity_named_by(token)) is not None), None)) is not None:
            return antecedents.Choice(index, "description", predicated=True)
        said_of = next(
            (choice for (start, end), choice in self.choices.items() if self.doc[start:end].root.i == subject.i), None
        )
        return said_of if said_of is not None and said_of.index is not None else None

    def _entity_named_by(self, token: Token) -> int | None:
        """The entity whose name `token` is in, or, where the NER missed a repetition ("Lisbon"
        again, "Rieger" after "Tomas Rieger"), the one entity whose name is the name `token` ends."""
        if token.i in self.of_token:
            return self.of_token[token.i][0]
        if token.tag_ not in ("NNP", "NNPS"):
            return None
        compounds = [child.i for child in token.lefts if child.dep_ == "compound" and child.tag_ == "NNP"]
        first = min(compounds, default=token.i)
        words = token.doc[first : token.i + 1].text
        named = [
            index
            for index, cluster in enumerate(self.clusters)
            if _shorter_form_of(words, cluster.name) or any(m.text == words for m in cluster.mentions)
        ]
        return named[0] if len(named) == 1 else None

    def _possessive_owner(self, span: Span) -> antecedents.Choice | None:
        """The entity a possessive pronoun on the span's head stands for ("its" of "its spokesman")."""
        owner = next(
            (t for t in span.root.children if t.dep_ in POSSESSIVES and antecedents.mention_kind(t.doc[t.i : t.i + 1])),
            None,
        )
        if owner is None:
            return None
        choice = self._pronoun_or_description(span.doc[owner.i : owner.i + 1])
        return choice if choice is not None and choice.index is not None else None

    def _through_possessive(self, span: Span) -> antecedents.Choice | None:
        """A span whose head a possessive pronoun qualifies: its owner speaks through a mouthpiece
        ("its spokesman": the company), else is the affiliation ("his lawyer", "her office")."""
        owner = self._possessive_owner(span)
        if owner is None:
            return None
        if span.root.lower_ in MOUTHPIECES:
            return owner
        return antecedents.Choice(None, "named", affiliation=owner.index)

    def _pronoun_or_description(self, span: Span) -> antecedents.Choice | None:
        state = antecedents.ResolverState(
            self.clusters, self.mention_index, self.speaker_index, self.sentence_of, self.unnamed_speakers,
            self.starts_of, self.quoted,
        )  # fmt: skip
        choice = self.choose(state, span)
        gender = antecedents.PERSON_PRONOUNS.get(span[0].lower_) if len(span) == 1 else None
        if choice is not None and choice.index is not None and gender and self.clusters[choice.index].gender is None:
            self.clusters[choice.index].gender = gender
        return choice


def resolve(doc: Doc, source_spans: list[Span], choose: Chooser = antecedents.choose) -> Resolution:
    """Entities of `doc`, and the one each source span speaks for; `choose` picks the
    entity of a pronoun or description (antecedents.choose; training passes its own)."""
    resolver = _Resolver(doc, source_spans)
    resolver.cluster_names(source_spans)
    choices = resolver.resolve_speakers(source_spans, choose)
    return Resolution(resolver.clusters, choices)


FACTORY = "whosaid_entities_v1"


class EntityResolver(ArticleComponent):
    def analyse(self, doc: Doc) -> Doc:
        stated = statements_in(doc).values()
        resolution = resolve(doc, [span for roles in stated for span in roles[SOURCE] + roles[VIA]])
        clusters = resolution.clusters
        order = sorted(range(len(clusters)), key=lambda i: clusters[i].mentions[0].start)
        entity_ids = {index: f"e{number}" for number, index in enumerate(order, start=1)}
        attributes, mentions = {}, []
        for index in order:
            cluster, entity_id = clusters[index], entity_ids[index]
            attributes[entity_id] = {
                "name": cluster.name,
                "type": cluster.type,
                "country": cluster.country,
                "source_type": _source_type(cluster, cluster.name),
                "role": [cluster.role.start, cluster.role.end] if cluster.role is not None else None,
            }
            mentions += [Span(doc, m.start, m.end, label=cluster.type, span_id=entity_id) for m in cluster.mentions]
        doc.spans[ENTITIES] = mentions
        doc._.set(ENTITIES, attributes)
        if SPANS_KEY in doc.spans:
            doc.spans[SPANS_KEY] = [
                _linked(span, entity_ids, resolution) if span.label_ in (SOURCE, VIA) else span
                for span in doc.spans[SPANS_KEY]
            ]
        return doc


def _source_type(cluster: Cluster | None, text: str) -> str:
    """The source type of words that name (or stand for) a cluster's entity, or of unresolved words."""
    if cluster is None:
        return source_type(None, None, text)
    return source_type(cluster.name, cluster.type, text, cluster.role.text if cluster.role is not None else None)


def _without_relative_clauses(span: Span) -> str:
    """The span's words outside its relative clauses: what the speaker is, not what a clause says
    of them ("An official, who spoke because he was not authorised, ...")."""
    clauses = {t.i for t in span if t.dep_ in RELATIVE_CLAUSES and span.start <= t.head.i < span.end}
    return " ".join(t.text for t in span if not any(a.i in clauses for a in (t, *t.ancestors)))


def _linked(span: Span, entity_ids: dict[int, str], resolution: Resolution) -> Span:
    """The source span with its entity id as kb_id_, its source type, the confidence of its
    resolution and the entity id of its affiliation."""
    key = (span.start, span.end)
    index = resolution.speakers.get(key)
    kb_id = entity_ids[index] if index is not None else ""
    linked = Span(span.doc, span.start, span.end, label=span.label_, span_id=span.id_, kb_id=kb_id)
    cluster = resolution.clusters[index] if index is not None else None
    linked._.set(SOURCE_TYPE, _source_type(cluster, _without_relative_clauses(span)))
    linked._.set(SPEAKER_CONFIDENCE, resolution.confidence(key))
    affiliation = resolution.affiliations.get(key)
    linked._.set(SPEAKER_AFFILIATION, entity_ids[affiliation] if affiliation is not None else None)
    return linked


@Language.factory(
    FACTORY,
    assigns=[
        "doc.spans",
        f"doc._.{ENTITIES}",
        f"span._.{SOURCE_TYPE}",
        f"span._.{SPEAKER_CONFIDENCE}",
        f"span._.{SPEAKER_AFFILIATION}",
    ],
    requires=["doc.ents", "doc.spans", "token.dep", "token.lemma"],
)
def make_entity_resolver(nlp: Language, name: str) -> EntityResolver:
    """Entities clustered under canonical names, and speakers resolved to them."""
    return EntityResolver(name)
