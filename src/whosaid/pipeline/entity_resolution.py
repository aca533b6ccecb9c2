"""Entity resolution: an article's names clustered into entities, and its speakers resolved to them.

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
head word (whosaid.pipeline.antecedents); what those leave (a description, an "it", "its",
"they", "their") takes the entity the coreference component's links give it, where it ran
(`_linked`). Speakers with a
proper name the NER missed ("the state news agency KCNA") become entities.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy
from spacy.tokens import Doc, Span, Token

from whosaid.lexicon.sources import SOURCE_WORDS, SourceWords
from whosaid.pipeline import antecedents
from whosaid.pipeline.entity_clusters import Cluster, UnnamedSpeaker
from whosaid.pipeline.entity_names import (
    CALENDAR_WORDS,
    ENTITY_LABELS,
    KIND_OF_NER_LABEL,
    apposition_of,
    capital_addressed,
    capital_naming_a_thing,
    capitalised_words,
    common_word_the_ner_took,
    countries_alone,
    family_names_first,
    family_of,
    full_name_surnames,
    gender_of,
    given_name_before,
    given_name_genders,
    given_names_alone,
    head_word,
    headline_lines,
    hyphened_given_names,
    is_acronym,
    is_acronym_of,
    is_place_name,
    joined_to_a_body,
    leading_acronym,
    named_after_a_body_word,
    named_tokens,
    noun_gender,
    noun_in_apposition_before,
    person_named_alone_by_surname,
    person_typed_a_body,
    person_typed_a_place,
    persons_name,
    place_after_locative,
    place_of_a_rank,
    plural_inside,
    shorter_form_of,
    split_title,
    stripped_name,
    surname_typed_a_body,
    surnames_alone,
    title_before,
    unrecognized_name,
    with_company_names,
    without_hyphened_word,
)
from whosaid.pipeline.extensions import COREF_LINKS
from whosaid.pipeline.places import capital_of, country_code, country_name, is_country_or_capital, seat_of_government
from whosaid.pipeline.sentences import SentenceBounds
from whosaid.pipeline.speaker_confidence import speaker_confidence
from whosaid.pipeline.syntax import (
    POSSESSIVES,
    RELATIVE_CLAUSES,
    SUBJECTS,
    attached_to,
    copular_subject,
    has_preposition,
)
from whosaid.pipeline.text import CLAUSE_OPENERS, RELATIVE_PRONOUNS, quotations, whole_words

Chooser = Callable[[antecedents.ResolverState, Span], "antecedents.Choice | None"]
# (start, end) tokens of a source span -> the (start, end) token ranges of what it is said to have said
Contents = dict[tuple[int, int], tuple[tuple[int, int], ...]]
_NAME_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})
# Who speak on their organisation's behalf: "a spokesman for the Harlow Clinic" is the clinic speaking.
MOUTHPIECES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokesmen", "spokeswomen", "spokespeople"})
# What an author speaks through, with the documents: "a statement by the ministry", "the union's estimate".
_AUTHORED_FIGURES = frozenset({"estimate", "estimates", "forecast", "analysis", "figures", "count", "tally"})
# What a body is, after its own name ("the GMB union", "the Labour party"); not "campaign" or
# "administration", which are someone's ("the Trump campaign", with "Trump" typed a body).
_BODIES_NAMED_BY_KIND = frozenset({
    "union", "party", "group", "company", "firm", "bank", "agency", "network", "newspaper", "broadcaster",
    "charity", "club", "league", "federation", "association", "council", "committee", "ministry", "coalition",
    "alliance", "airline", "regulator", "watchdog", "institute", "university", "movement", "militia",
})  # fmt: skip
# Words between a body's name and what it is ("the Yonhap news agency", "the Teamsters trade union").
_KINDS_OF_BODY = frozenset({"news", "wire", "press", "trade", "labour", "labor", "state", "political", "opposition"})
# Relative pronouns that stand for people, never for a place ("who", not "which").
_PERSONAL_RELATIVES = frozenset({"who", "whom", "whose"})
# Verbs of coming to read a document: "an email seen by the Wire" is the email's word, not the Wire's.
_READ_BY = frozenset({"see", "obtain", "review", "view", "read", "receive", "acquire", "examine", "access", "inspect"})
# A country speaks through its state's bodies ("the Iranian government", "officials in Tehran",
# "Chile's interior ministry"), and "the city of Phoenix" is Phoenix; "the capital of Greece" is not Greece.
STATE_BODIES = frozenset({
    "government", "state", "administration", "authorities", "regime", "leadership", "cabinet", "officials",
    "ministry", "ministries", "intelligence", "military", "army", "navy", "forces", "troops", "diplomats", "embassy",
})  # fmt: skip
PLACE_KINDS = frozenset({"city", "town", "village", "island", "state", "province", "region", "country", "republic",
                         "kingdom", "county", "district", "municipality", "emirate"})  # fmt: skip


@dataclass
class Resolution:
    clusters: list[Cluster]
    # (start token, end token) of each resolved SOURCE/VIA span (or one with an affiliation) -> how it was chosen
    choices: dict[tuple[int, int], antecedents.Choice]
    # the speaker confidence's weights (None: the shipped ones)
    confidence_weights: numpy.ndarray | None = None
    # the speakers no name stands for, and (start token, end token) of each speaker span -> its index there
    unnamed: list[UnnamedSpeaker] = dataclasses.field(default_factory=list)
    unnamed_of: dict[tuple[int, int], int] = dataclasses.field(default_factory=dict)

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
        return speaker_confidence(choice, self.clusters[choice.index].type, self.confidence_weights)


# Determiners of a noun phrase that may stand for someone named before ("the nominee").
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
# How many sentences back a speaker with no name of the pronoun's sex by its words ("a spokeswoman")
# still takes a "she" from the person named before it.
SAME_SEX_SENTENCES_BACK = 2
# Verbs of being asked: "Asked about Mayor Lee, he said" is someone else answering.
ASKING_VERBS = frozenset({"ask", "question", "press", "quiz", "challenge"})
# How many sentences after its last mention an entity named first still holds its short name.
STILL_TALKED_OF = 20
# A description no rule resolves, or an "it" or "they" the ranker gives no one, takes the entity the
# coreference component's links give it at least this probability (GUM dev, docs/BENCHMARKS.md).
LINKED_MASS = 0.3
# The pronouns that may take the entity of the links: "he" and "she" the ranker leaves are given no one.
LINKED_PRONOUNS = frozenset({"it", "they"})
# Courtesy titles, written with or without a full stop.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr"})


# Nouns of people the article may quote without a name, beside the anonymous-source words and
# occupations ("A neighbour said ... she said").
PEOPLE_NOUNS = frozenset({
    "neighbour", "neighbor", "neighbours", "neighbors", "resident", "villager", "villagers", "witness", "passenger",
    "passengers", "driver", "employee", "employees", "worker", "workers", "customer", "customers", "parent",
    "parents", "friend", "friends", "local", "locals", "survivor", "survivors", "victim", "fan", "fans", "voter",
    "voters", "shopper", "shoppers", "member", "members", "colleague", "colleagues", "relative", "relatives",
})  # fmt: skip


def _a_person_s_title(token: Token, source_words: SourceWords) -> bool:
    """A title written as one before a name ("Mr.", "Sen.", "President"), not "a major Paris museum"."""
    return token.is_title and token.lower_ in source_words.titles


def _honorific(role: Span) -> bool:
    """A role that is only a courtesy title ("Mr."), which says less than an office ("President")."""
    return all(token.lower_.rstrip(".") in HONORIFICS for token in role)


def _is_relative_pronoun(span: Span) -> bool:
    """A speaker that is a relative pronoun is the noun its clause qualifies ("Oona Lind, who ...")."""
    return len(span) == 1 and span[0].lower_ in RELATIVE_PRONOUNS


def _speaks_for(name: Span, span: Span, entity: Cluster, source_words: SourceWords) -> int:
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
    if name.start <= root.i < name.end or apposition or (root.i == name.start - 1 and noun_in_apposition_before(name)):
        return 2
    if (
        entity.type == "PERSON"
        and _after_a_noun_and_comma(name, span, source_words.titles)
        and _ends_noun_phrase(name, span)
    ):
        return 2  # "Halloran's campaign manager, Tomas Berg": an apposition the parse lost
    modifies_head = head.i == root.i
    # "an estimate by the union", "the union's estimate", "figures compiled by the exchange"
    by_author = has_preposition(name.root, "by") and (modifies_head or (head.dep_ == "acl" and head.head.i == root.i))
    authored = by_author or (modifies_head and name.root.dep_ in POSSESSIVES)
    if (
        (modifies_head and root.lower_ in MOUTHPIECES)  # not "a spokesman for the Halbury fire service"
        or (authored and (root.lower_ in source_words.documents or root.lower_ in _AUTHORED_FIGURES))
        or (modifies_head and root.lower_ in entity.words())  # "the Space Shuttle program"
        # "the GMB union"; not "the United Nations weather agency", one of its bodies
        or (
            modifies_head
            and entity.type == "ORG"
            and root.lower_ in _BODIES_NAMED_BY_KIND
            and all(word.lower_ in _KINDS_OF_BODY for word in name.doc[name.end : root.i])
        )
        or (modifies_head and root.lower_ in STATE_BODIES and entity.country is not None)
        or (modifies_head and root.lower_ in PLACE_KINDS and name.start > 0 and name.doc[name.start - 1].lower_ == "of")
    ):
        return 1
    return int(_ends_noun_phrase(name, span) and _only_modifiers_before(name, span, source_words.titles))


def _in_brackets(span: Span) -> set[int]:
    """The tokens of the span inside round brackets."""
    inside, depth = set(), 0
    for token in span:
        depth = max(depth - (token.text == ")"), 0)  # a span may start inside a bracket
        if depth > 0:
            inside.add(token.i)
        depth += token.text == "("
    return inside


def _coordinated(name: Span, span: Span) -> bool:
    """The name has a conjunct in the span ("Mr. Grassley and Mr. Leahy", "Grassley and his aides")."""
    root = name.root
    if root.dep_ == "conj" and span.start <= root.head.i < span.end:
        return True
    return any(child.dep_ == "conj" and span.start <= child.i < span.end for child in root.children)


def _named_unrecognised(head: Token) -> bool:
    """A subject that is a name, though no entity's, as a reflexive beside it says ("Callow
    himself", the tagger's adjective); not any proper noun the NER left out, which kept GUM
    test's pronouns from their right antecedents (antecedent accuracy 52.06 -> 46.82)."""
    return head.is_title and any(child.lower_ in ("himself", "herself") for child in head.children)


def _after_a_noun_and_comma(name: Span, span: Span, titles: frozenset[str]) -> bool:
    """The name follows the span's own common noun and a comma, titles aside ("campaign manager,
    Tomas Berg", "vice-chancellor, Prof. Ann Lowe"; not "an aide to the senator, Mark Dunn", where
    the noun hangs on a preposition in the span)."""
    doc = span.doc
    start = name.start
    while start > span.start and doc[start - 1].lower_ in titles:
        start -= 1
    if start - 2 < span.start or doc[start - 1].text != ",":
        return False
    noun = doc[start - 2]
    return noun.pos_ == "NOUN" and not (has_preposition(noun) and span.start <= attached_to(noun).i < span.end)


def _opens_a_turn(doc: Doc, index: int) -> bool:
    """The word opens a line and a colon follows it ("Q:", "A:")."""
    return (
        index + 1 < len(doc) and doc[index + 1].text == ":"
        and (index == 0 or "\n" in doc[index - 1].text or "\n" in doc[index - 1].whitespace_)
    )  # fmt: skip


def _read_by(name: Span, span: Span) -> bool:
    """The name is who read or obtained what the span names ("an email seen by the Wire", "documents
    obtained by the newspaper"), in a participle on the span's head."""
    verb = attached_to(name.root)
    return (
        has_preposition(name.root, "by") and verb.dep_ == "acl" and verb.head.i == span.root.i
        and verb.lemma_.lower() in _READ_BY
    )  # fmt: skip


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


def _only_modifiers_before(name: Span, span: Span, titles: frozenset[str]) -> bool:
    """No preposition, conjunction or possessive before the name in the span: titles and
    modifiers ("Retired Lt. Gen.", "Secretary of State"), not "the head of", "Clinton's"."""
    doc = span.doc
    for token in doc[span.start : name.start]:
        title_of = (
            token.lower_ == "of" and token.i > span.start and doc[token.i - 1].lower_ in titles
            and token.i + 1 < name.start and doc[token.i + 1].is_title and doc[token.i + 1].pos_ != "DET"
        )  # fmt: skip
        if (token.pos_ in ("ADP", "CCONJ") or token.tag_ in ("IN", "TO", "POS")) and not title_of:
            return False
    return True


class _Resolver:
    def __init__(self, doc: Doc, source_spans: list[Span], source_words: SourceWords) -> None:
        self.doc = doc
        self.source_words = source_words
        self.clusters: list[Cluster] = []
        self.by_key: dict[tuple, int] = {}
        self.of_token: dict[int, tuple[int, Span]] = {}  # token -> (cluster, name mention) it is in
        self.in_source = numpy.zeros(len(doc), dtype=bool)
        for span in source_spans:
            self.in_source[span.start : span.end] = True
        self.sentence_of = SentenceBounds(doc).number.tolist()
        self.quoted = (numpy.array(quotations(doc), dtype="int64") > 0).tolist()
        links = doc._.get(COREF_LINKS) if Doc.has_extension(COREF_LINKS) else None
        self.links: dict[int, list[tuple[int, float]]] = {}  # word -> (antecedent word, probability)
        for word, antecedent, probability in links or ():
            self.links.setdefault(word, []).append((antecedent, probability))
        # The first word after the text's first line, where more text follows it.
        first_break = doc.text.find("\n")
        self.body_start = (
            next((t.i for t in doc if t.idx > first_break and not t.is_space), 0) if first_break >= 0 else 0
        )

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
        source_words = self.source_words
        names = [
            (kind, whole_words(stripped_name(ent)))
            for ent in self.doc.ents
            if (kind := KIND_OF_NER_LABEL.get(ent.label_, ent.label_)) in ENTITY_LABELS
            and not all(token.lower_ in CALENDAR_WORDS for token in ent)
            and not common_word_the_ner_took(ent)
            and not all(token.lower_ in source_words.titles for token in ent)  # "Chief Justice": a role, no name
        ]
        names = with_company_names(self.doc, joined_to_a_body(names, source_words), source_words)
        names += given_names_alone(self.doc, named_tokens(names), source_words)
        names += hyphened_given_names(self.doc, named_tokens(names))
        names += surnames_alone(self.doc, names)
        names += countries_alone(self.doc, named_tokens(names))
        named = named_tokens(names)
        name_words = frozenset(token.text for _, span in names for token in span if token.is_title)
        names += [
            name
            for span in source_spans
            if (name := unrecognized_name(span, named, name_words, source_words)) is not None
        ]
        places_named = {span.text for label, span in names if label == "GPE"}
        surnames, family_names = full_name_surnames(names), family_names_first(names)
        lone_person_names = {span.text for label, span in names if label == "PERSON" and len(span) == 1}
        for label, span in names:
            label, span = without_hyphened_word(label, span)
            if label in ("PERSON", "GPE") and span[-1].lower_ in source_words.body_words:
                label = "ORG"  # "Clinton Foundation", "Valley Courier": the NER's slip
            elif label == "GPE" and named_after_a_body_word(span, source_words):
                label = "ORG"  # "the newspaper Público" typed a place (a person so typed takes its role's type)
            elif label == "PERSON" and (family_of(span, surnames) or plural_inside(span)):
                label = "ORG"  # "the Sams", "Black Lives Matter": a family or a group, that "they" stands for
            elif label == "PERSON" and (
                (len(span) == 1 and is_acronym(span[0])) or span.text.lower() in source_words.outlet_names
            ):
                label = "ORG"  # "KCNA", "According to Yonhap," typed a person: an acronym, an outlet's name
            elif label == "PERSON" and span[-1].lower_ in source_words.facility_heads:
                label = "ORG"
            elif label == "GPE" and person_typed_a_place(span, source_words):
                label = "PERSON"  # "Rosa Adeyemi, general secretary of the union," typed a place
            elif label == "ORG" and person_typed_a_body(span, source_words):
                label = "PERSON"  # "Chinedu Obi, an economist at Afrinvest," typed an organisation
            elif label == "PERSON" and span[-1].lower_ in antecedents.NOT_TOWNS:
                # "Suez Canal", "Lake Tana": a place; not "Councillor Ji-woo Park"
                label = "PERSON" if persons_name(span, source_words) else "GPE"
            elif label == "ORG" and person_named_alone_by_surname(span, lone_person_names, source_words):
                label = "PERSON"  # "Donald J. Trump" typed ORG, "Trump" a person elsewhere
            elif label == "ORG" and surname_typed_a_body(span, lone_person_names, names):
                label = "PERSON"  # "Trump's decision" typed ORG
            elif label in ("MISC", "NORP") and len(span.text.split()) == 1 and span[-1].text in surnames:
                label = "PERSON"  # '"Why?" Delaney asked' typed LAW, "Pryce reminded" NORP, "Vale-Hart" a work
            elif label in ("ORG", "MISC") and len(span) == 1 and span.text in family_names:
                label = "PERSON"  # "Pak said" typed ORG, after "Pak Sun-hee"
            elif (
                label in ("PERSON", "GPE", "ORG") and not is_place_name(span.text) and given_name_before(span)
                and span[-1].lower_ not in source_words.body_words  # "The Sunday Chronicle" is no Sunday
            ):  # fmt: skip
                label, span = "PERSON", self.doc[span.start - 1 : span.end]  # "Ana Ruiz": "Ruiz" alone, or typed GPE
            if span.start > 0 and _a_person_s_title(self.doc[span.start - 1], source_words):
                label = "PERSON" if label == "GPE" else label  # "Mr. Kerry", "Sen. Jordan": no county, no country
            elif label in ("PERSON", "ORG") and (
                is_place_name(span.text)
                or place_after_locative(span)
                or place_of_a_rank(span)
                or (span.text in places_named and capital_of(span.text) is not None)  # "Yerevan" typed both
            ):
                label = "GPE"  # "Buenos Aires", "officials in Rome" typed PERSON: a country or a capital is a place
            title, rest = split_title(span, source_words)
            if title is not None and label in ("ORG", "MISC", "PERSON"):
                label, span = "PERSON", rest
                if (acronym := leading_acronym(title, source_words)) is not None:
                    mentions.append(("ORG", acronym, None))  # "NASA" of "NASA Administrator Charles Bolden"
            elif (
                span[-1].lower_ in source_words.titles and (acronym := leading_acronym(span, source_words)) is not None
            ):
                mentions.append(("ORG", acronym, None))  # "NASA Administrator" with no name: NASA alone
                continue
            mentions.append((label, span, title or title_before(span, source_words)))
        # Longer names first, so that short names find them; names in headline-like lines and names
        # in capitals ("HALVERSEN:") last, joining a name they hold or spell rather than naming it.
        line_starts, headlines = headline_lines(self.doc)
        headline = {m[1].start for m in mentions if headlines[bisect.bisect_right(line_starts, m[1].start_char) - 1]}
        last = headline | {m[1].start for m in mentions if m[1].text.isupper()}
        # A short name with a title that says whose ("Mr. Obama") before the same name without one,
        # so that the person it names is known before the bare name is read.
        gendered = [(label, span, title, gender_of(title, span, source_words)) for label, span, title in mentions]
        for label, span, title, gender in sorted(
            gendered, key=lambda m: (m[1].start in last, -len(m[1].text), m[2] is None or m[3] is None, m[1].start)
        ):
            index = self._cluster_of(label, span, in_headline=span.start in headline, gender=gender)
            cluster = self.clusters[index]
            role = title or apposition_of(span)
            if (cluster.role is None or _honorific(cluster.role)) and role is not None and label in ("PERSON", "ORG"):
                cluster.role = role  # "President" of "President Obama" tells more than "Mr." of "Mr. Obama"
            cluster.gender = cluster.gender or gender
            if label == "PERSON":  # the ranker's feature as trained: a surname alone ("Whitfield") too
                cluster.name_gender = cluster.name_gender or given_name_genders().get(span[0].lower_)
        for cluster in self.clusters:
            cluster.mentions.sort(key=lambda span: span.start)
            if (
                cluster.type == "PERSON"
                and cluster.role is not None
                and head_word(cluster.role) in source_words.organization_heads
                and not (cluster.gender or cluster.name_gender)  # "David McIntosh, the Club for Growth,"
            ):
                cluster.type = "ORG"  # "the state news agency Agencia Orbe": what the role names is no person

    def _cluster_of(self, label: str, span: Span, in_headline: bool = False, gender: str | None = None) -> int:
        text = span.text
        in_source = self._in_source(span)
        if label in ("GPE", "NORP") or (label == "MISC" and in_source):  # "the Norwegian government" typed MISC
            # a capital is its state where it speaks or is spoken to ("Moscow said", "thanked Moscow")
            code = country_code(text) or (capital_of(text) if in_source or capital_addressed(span) else None)
            if code and not capital_naming_a_thing(span, code):
                return self.add(("country", code), "GPE", span, country_name(code), country=code)
        if in_source and (code := seat_of_government(text)):
            return self.add(("country", code), "GPE", span, country_name(code), country=code)
        key = (label, " ".join(text.casefold().split()))
        candidates = [
            index
            for index in self._longer_names_of(label, span, in_headline)
            if gender is None or self.clusters[index].gender_by_name() in (None, gender)
        ]  # "Mr. Obama" is not "Michelle Obama"
        if candidates:
            if label == "PERSON" and (same := self.by_key.get(key)) is not None:
                candidates.insert(0, same)  # "Obama", a person "Mr. Obama" named, beside "Michelle Obama"
            index = self._short_name_holder(candidates, span)
            self._attach(index, span)
            return index
        return self.add(key, label, span, text)

    def _short_name_holder(self, candidates: list[int], span: Span) -> int:
        """Of the entities a short name fits ("Cruz" of Ted and Heidi Cruz), the one the article
        named first, which news goes on calling so, naming a second one in full or by first name
        ("his wife, Heidi Cruz"); unless it has not been named for a while and another was since
        (a live blog's later item: "Jeh Johnson" long after "Gary Johnson"). Mentions are
        attached longer names first, then in text order."""
        last = {
            i: max((m.start for m in self.clusters[i].mentions if m.start < span.start), default=-1) for i in candidates
        }
        # Named first in the body, a name the first line alone holds as where the body starts: a
        # headline may name the one the story is about, not the one it calls so ("Hold Melania
        # Trump to her husband's standards"), where a lede names the one it does.
        named_first = min(
            candidates,
            key=lambda i: min(
                (m.start for m in self.clusters[i].mentions if m.start >= self.body_start), default=self.body_start
            ),
        )
        named_last = max(candidates, key=lambda i: last[i])
        if last[named_last] < 0:
            return candidates[0]
        if (
            last[named_first] < 0
            or self.sentence_of[span.start] - self.sentence_of[last[named_first]] > STILL_TALKED_OF
        ):
            return named_last
        return named_first

    def _longer_names_of(self, label: str, span: Span, in_headline: bool) -> list[int]:
        """The entities the name is a shorter form or an acronym of, of its type ("Lula" of "Luiz
        Inácio Lula da Silva", "KCNA"); else of the type the NER should have given it: the name
        the NER typed MISC an acronym stands for, the company whose first word it typed a person,
        the person whose surname it typed a place or a body."""
        text = span.text
        if text.isupper() and len(text) >= 3 and label in ("PERSON", "ORG", "MISC"):
            # A name in capitals, as a transcript writes its speakers ("HALVERSEN:"), typed a person
            # or a body: the person the prose names so. (A place in capitals opens a dateline.)
            candidates = [
                index
                for index, cluster in enumerate(self.clusters)
                if cluster.type == "PERSON"
                and (cluster.name.casefold() == text.casefold() or shorter_form_of(text, cluster.name))
            ]
            if candidates:
                return candidates
        candidates = []
        if label in ("PERSON", "ORG"):
            candidates = [
                index
                for index, cluster in enumerate(self.clusters)
                if cluster.type == label
                and cluster.name != text
                and (
                    shorter_form_of(text, cluster.name)
                    or is_acronym_of(text, cluster.name)
                    or (in_headline and shorter_form_of(cluster.name, text))
                )
            ]
        if not candidates and label == "ORG":
            # The acronym of a name the NER typed MISC ("WFP" of "World Food Programme"): an organisation
            candidates = [
                index
                for index, cluster in enumerate(self.clusters)
                if cluster.type == "MISC" and is_acronym_of(text, cluster.name)
            ]
            for index in candidates:
                self.clusters[index].type = "ORG"
        if not candidates and label == "PERSON" and len(span) == 1:
            # A company called by its first word, which the NER took for a person ("a spokeswoman for Halvard")
            candidates = [
                index
                for index, cluster in enumerate(self.clusters)
                if cluster.type == "ORG" and cluster.name.split()[0] == text
                and cluster.name.split()[-1].lower() in self.source_words.company_name_endings
            ]  # fmt: skip
        if not candidates and label == "PERSON":
            # A body's name the NER typed a person where the article named the body before ("the
            # newspaper Público ... Público said"): that body
            candidates = [
                index
                for index, cluster in enumerate(self.clusters)
                if cluster.type == "ORG" and cluster.name == text
                and any(named_after_a_body_word(mention, self.source_words) for mention in cluster.mentions)
            ]  # fmt: skip
        if not candidates and label in ("GPE", "ORG") and " " not in span.text and not in_headline:
            # A surname the NER typed as a place or a body ("Garvey, 61, has pleaded", "Fashola-Reyes"):
            # the person the article named in full, unless it is a place's name too ("Washington").
            candidates = [
                index
                for index, cluster in enumerate(self.clusters)
                if cluster.type == "PERSON" and len(words := cluster.name.split()) > 1 and words[-1] == text
                and not is_country_or_capital(text)
            ]  # fmt: skip
        return candidates

    def resolve_speakers(
        self, source_spans: list[Span], choose: Chooser, contents: Contents
    ) -> dict[tuple[int, int], antecedents.Choice]:
        self.choices: dict[tuple[int, int], antecedents.Choice] = {}
        self.contents = contents
        # (start, cluster) of every mention and of every resolved speaker, kept sorted for bisect.
        self.mention_index = sorted((m.start, i) for i, cluster in enumerate(self.clusters) for m in cluster.mentions)
        self.starts_of = {i: sorted(m.start for m in cluster.mentions) for i, cluster in enumerate(self.clusters)}
        self.speaker_index: list[tuple[int, int]] = []
        self.cue_lemmas: dict[int, str] = {}  # a resolved speaker's start token -> the lemma its span hangs on
        self.choose = choose
        self.unnamed_speakers: list[int] = []
        # a pronoun's token -> the entity _subject_before kept it from, and the one it gave (None: no one)
        self.kept_from: dict[int, tuple[int, int | None]] = {}
        self.unnamed_speaker_spans: dict[int, Span] = {}  # start token -> the span ("a spokesman for ...")
        self.unnamed: list[UnnamedSpeaker] = []
        self.unnamed_of: dict[tuple[int, int], int] = {}
        # (type, capitalised word) -> how many entities' names have it, for namesakes ("Bill"/"Hillary Clinton")
        self.name_words = Counter((c.type, word) for c in self.clusters for word in capitalised_words(c.name))
        known = {(m.start, m.end) for cluster in self.clusters for m in cluster.mentions}
        for span in sorted(source_spans, key=lambda s: s.start):
            choice = self._named(span) or self._interviewee(span) or self._of_the_age_given(span)
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
            unresolved = choice is None or choice.index is None
            if unresolved and antecedents.mention_kind(span) == "description" and not span.root.conjuncts:
                # "the report" for the study named before; not "the family and friends" (more than one)
                affiliation = choice.affiliation if choice is not None else None
                linked = self._linked(span, "description")
                if (
                    linked is not None
                    and not self._ruled_out_by_its_name(linked.index, span, affiliation)
                    and not self._person_named_since(linked.index, span)
                    and not self._in_another_office(linked.index, span)
                ):
                    choice = dataclasses.replace(linked, affiliation=affiliation)
            if choice is not None and (choice.index is not None or choice.affiliation is not None):
                self.choices[(span.start, span.end)] = choice
            if choice is None or choice.index is None:
                self._add_unnamed(span, choice)
                self.unnamed_speakers.append(span.start)
                self.unnamed_speaker_spans[span.start] = span
                continue
            index = choice.index
            bisect.insort(self.speaker_index, (span.start, index))
            self.cue_lemmas[span.start] = span.root.head.lemma_.lower()
            if (span.start, span.end) not in known:
                known.add((span.start, span.end))
                self.clusters[index].mentions.append(span)
                bisect.insort(self.mention_index, (span.start, index))
                bisect.insort(self.starts_of[index], span.start)
        for cluster in self.clusters:
            cluster.mentions.sort(key=lambda s: s.start)
        return self.choices

    def _namesake_named_since(self, index: int, name: Span) -> bool:
        """A surname alone that another person of the article bears, named after the entity it was
        given to and in its sentence or the two before ("Amina Shah died. Her son, Daniel Shah, said
        ... Shah said"): either may be meant, so neither is said."""
        if len(name) != 1 or self.clusters[index].type != "PERSON":
            return False
        before = [m.start for m in self.clusters[index].mentions if m.start < name.start]
        latest = max(before, default=-1)
        return any(
            other != index and cluster.type == "PERSON" and cluster.name.split()[-1] == name.text
            and any(
                latest < m.start < name.start and self.sentence_of[name.start] - self.sentence_of[m.start] <= 2
                for m in cluster.mentions
            )
            for other, cluster in enumerate(self.clusters)
        )  # fmt: skip

    def _of_the_age_given(self, span: Span) -> antecedents.Choice | None:
        """ "the 31-year-old" (as news calls someone whose age it gave): the one person named before
        with that age beside the name ("Liam Doherty, 31,", "the 31-year-old striker Liam Doherty")."""
        doc = span.doc
        age = _age_in(doc, span.start + 1) if span[0].lower_ == "the" and len(span) >= 6 else None
        if age is None:
            return None
        aged = {
            index
            for index, cluster in enumerate(self.clusters)
            if cluster.type == "PERSON"
            for name in cluster.mentions
            if name.end <= span.start and _age_beside(doc, name) == age
        }
        return antecedents.Choice(aged.pop(), "description") if len(aged) == 1 else None

    def _interviewee(self, span: Span) -> antecedents.Choice | None:
        """An answer's turn label "A:" in a question-and-answer piece ("Q: ... ¶ A: ...") is the
        interviewee: the one person the article names before its first question, if only one."""
        if not (span.text == "A" and _opens_a_turn(span.doc, span.start)):
            return None
        doc = span.doc
        first_question = next((t.i for t in doc[: span.start] if t.text == "Q" and _opens_a_turn(doc, t.i)), None)
        if first_question is None:
            return None
        people = {
            index for index, cluster in enumerate(self.clusters)
            if cluster.type == "PERSON" and any(mention.start < first_question for mention in cluster.mentions)
        }  # fmt: skip
        return antecedents.Choice(people.pop(), "named", short_form=True) if len(people) == 1 else None

    def _add_unnamed(self, span: Span, choice: antecedents.Choice | None) -> None:
        """Join a speaker span no entity stands for to the unnamed speaker its pronoun stands for,
        or make it one: a noun phrase of one speaker that says something ("a spokesman for the port
        authority said"), not a pronoun, a relative pronoun or several joined by "and", and not a
        definite description ("the official") where someone of its type was named before, who it
        may be."""
        unnamed = choice.unnamed if choice is not None else None
        if unnamed is None:
            root = span.root
            if (
                (span.start, span.end) not in self.contents
                or root.pos_ not in ("NOUN", "PROPN")
                or root.conjuncts
                or antecedents.mention_kind(span) in ("personal", "it", "they")
                or _is_relative_pronoun(span)
            ):
                return
            kind = self._unnamed_type(root)
            named_before = (start for start, index in self.mention_index if self.clusters[index].type == kind)
            if _definite(root) and next(named_before, span.start) < span.start:
                return
            unnamed = len(self.unnamed)
            affiliation = choice.affiliation if choice is not None else None
            self.unnamed.append(UnnamedSpeaker(span, kind, affiliation=affiliation))
        self.unnamed[unnamed].mentions.append(span)
        self.unnamed_of[(span.start, span.end)] = unnamed

    def _unnamed_index(self, start: int) -> int | None:
        """The unnamed speaker (its index in `unnamed`) the speaker span starting at `start` stands for."""
        span = self.unnamed_speaker_spans[start]
        return self.unnamed_of.get((span.start, span.end))

    def _unnamed_type(self, head: Token) -> str:
        """What an unnamed speaker is by its head word: a body (ORG: "the company", "the ministry"),
        a document (MISC: "the report"), else people ("a local fisherman", "the council's clerk")."""
        word = head.lemma_.lower()
        if word in self.source_words.documents:
            return "MISC"
        return "ORG" if word in self.source_words.institution_words else "PERSON"

    def _named(self, span: Span) -> antecedents.Choice | None:
        """The entity a name in the span gives it: a name that speaks for the span
        (`_speaks_for`), else, as its affiliation only, a name that qualifies it
        ("an aide to Mr. Lee": the speaker is the aide, not Lee)."""
        names = [self.of_token[t.i] for t in span if t.i in self.of_token]  # (cluster, mention), in text order
        # Names in a relative clause after the first name, or after the span's head, describe it
        # ("Maria Lopez, whose children attend Hillcrest Elementary,"; "A spokesman for the port
        # authority, which Mayor John Lee oversees,"), even where the parse lost the clause.
        opener = next((t.i for t in span if t.lower_ in CLAUSE_OPENERS), None)
        if opener is not None and names and (names[0][1].start < opener or span.root.i < opener):
            names = [(index, mention) for index, mention in names if mention.start < opener]
        # A name in brackets is an aside: a district, a party, an acronym ("Del. Marcia Price (D-Newport News)");
        # one that read the document is none of its authors ("an internal email seen by the Wire")
        bracketed = _in_brackets(span)
        names = [
            (index, mention) for index, mention in names
            if mention.start not in bracketed and not _read_by(mention, span)
        ]  # fmt: skip
        inside = {index for index, _ in names}
        if not inside:
            return None
        priority = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3, "MISC": 4}
        speaking: dict[int, int] = {}
        for index, mention in names:
            speaking[index] = max(
                speaking.get(index, 0), _speaks_for(mention, span, self.clusters[index], self.source_words)
            )
        # The name that is the span's head speaks ("the Clinton Foundation").
        head = self.of_token[span.root.i][0] if span.root.i in self.of_token else None
        index = min(
            inside,
            key=lambda i: (-speaking[i], i != head, priority[self.clusters[i].type], -len(self.clusters[i].name)),
        )
        if not speaking[index]:
            return antecedents.Choice(None, "named", affiliation=index)
        name_inside = next(mention for index_of, mention in names if index_of == index)
        if _coordinated(name_inside, span):  # several speak ("Berg and Lund said"): no one of them alone
            return antecedents.Choice(None, "named")
        if self._namesake_named_since(index, name_inside):
            return antecedents.Choice(None, "named")
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
        namesakes = any(self.name_words[(cluster.type, word)] > 1 for word in capitalised_words(cluster.name))
        return antecedents.Choice(
            index,
            "named",
            rivals=len(inside) - 1,
            holds_head=speaking[index] == 2,
            short_form=stripped_name(name_inside).text != cluster.name,
            namesakes=namesakes,
            affiliation=affiliation,
        )

    def _fits_role(self, index: int | None, span: Span, affiliation: int) -> bool:
        """Whether the entity found for a description that holds a name ("the FBI director")
        has that role: its role's head is the description's and names the affiliation
        ("FBI Director James Comey"), so that "the Republican nominee" is not the Democrats'."""
        role = self.clusters[index].role if index is not None else None
        if role is None or head_word(role) != span.root.lower_:
            return False
        return bool(capitalised_words(self.clusters[affiliation].name) & capitalised_words(role.text))

    def _ruled_out_by_its_name(self, index: int, span: Span, affiliation: int | None) -> bool:
        """Whether the name a description holds rules the entity out: it is that name's entity ("the
        capital of Greece" is not Greece), or one whose role has the description's head with
        another name ("Democratic vice presidential nominee Tim Kaine" is not "the Republican nominee"),
        or an organisation whose name and role hold none of that name ("the United Nations weather
        agency" is not the Meridian News Agency)."""
        if affiliation is None:
            return False
        cluster, named = self.clusters[index], capitalised_words(self.clusters[affiliation].name)
        role = cluster.role
        return (
            index == affiliation
            or (
                role is not None and head_word(role) == span.root.lower_
                and not self._fits_role(index, span, affiliation)
            )
            or (
                cluster.type == "ORG" and not named & capitalised_words(cluster.name)
                and not (role is not None and named & capitalised_words(role.text))
            )
        )  # fmt: skip

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
        if _is_relative_pronoun(span) and (subject.dep_ == "conj" or any(c.dep_ == "conj" for c in subject.children)):
            # a coordination ("backed by Mr. Kerry and Mr. Obama, who sent a letter"): one of them,
            # or all; no guess
            return antecedents.Choice(None, "description")
        index = self._named_at(subject)
        if index is not None and span[0].lower_ in _PERSONAL_RELATIVES and self.clusters[index].type == "GPE":
            # "who" is no place: "Rebecca Lindqvist, a mother of three from Orchard Hill, who said"
            # qualifies the person the place's phrase hangs on, if any
            noun = subject
            while has_preposition(noun) and attached_to(noun).i != noun.i:
                noun = attached_to(noun)
            person = self._named_at(noun.head if noun.dep_ == "appos" else noun)
            if person is None or self.clusters[person].type != "PERSON":
                return antecedents.Choice(None, "description")
            index = person
        if index is not None:
            return antecedents.Choice(index, "description", predicated=True)
        said_of = next(
            (choice for (start, end), choice in self.choices.items() if self.doc[start:end].root.i == subject.i), None
        )
        return said_of if said_of is not None and said_of.index is not None else None

    def _named_at(self, noun: Token) -> int | None:
        """The entity a noun names, or one named in apposition to it ("the governor, Ana Ruiz, who
        told reporters": the clause qualifies the name in apposition too)."""
        named = [noun, *(child for child in noun.children if child.dep_ == "appos")]
        return next((i for token in named if (i := self._entity_named_by(token)) is not None), None)

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
            if shorter_form_of(words, cluster.name) or any(m.text == words for m in cluster.mentions)
        ]
        return named[0] if len(named) == 1 else None

    def _owner_of_the_thing_described(self, span: Span) -> int | None:
        """For "he" or "she" subject of a relative clause on a noun a person's name owns ("Morrow's
        emails, in which she asked", "Trump's tweet, in which he claimed"): that person, of the
        pronoun's gender as far as is known."""
        gender = antecedents.PERSON_PRONOUNS.get(span[0].lower_) if len(span) == 1 else None
        verb = span.root.head
        if gender is None or span.root.dep_ not in SUBJECTS or verb.dep_ != "relcl":
            return None
        owner = next((child for child in verb.head.children if child.dep_ == "poss"), None)
        index = self._entity_named_by(owner) if owner is not None else None
        if index is None or self.clusters[index].type != "PERSON":
            return None
        return index if _given_name_gender(self.clusters[index]) in (None, gender) else None

    def _possessive_owner(self, span: Span) -> antecedents.Choice | None:
        """The entity a possessive pronoun on the span's head, or on the head of its apposition,
        stands for ("its" of "its spokesman", of "Rolf Danner, its chief executive,")."""
        heads = [span.root, *(child for child in span.root.children if child.dep_ == "appos" and child in span)]
        owner = next(
            (
                t
                for head in heads
                for t in head.children
                if t.dep_ in POSSESSIVES and antecedents.mention_kind(t.doc[t.i : t.i + 1])
            ),
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

    def _quoted_by(self, index: int | None, span: Span, outside_quotations: bool = False) -> bool:
        """Whether the entity is named (by a name, not a pronoun given to it: "I" is the speaker) in
        a quotation of what the speaker span is said to have said, or, `outside_quotations`, as a
        subject anywhere in it ('Ekdahl had been "a tough negotiator", he said' is not Ekdahl's; a
        writer's paraphrase may name the speaker otherwise: "He notes ... an issue with Trump's mic")."""
        ranges = self.contents.get((span.start, span.end), ())
        doc = span.doc
        return index is not None and any(
            (self.quoted[position] or (outside_quotations and doc[position].dep_ in SUBJECTS))
            and self.of_token.get(position, (None,))[0] == index
            for start, end in ranges
            for position in range(start, end)
        )

    def _pronoun_or_description(self, span: Span) -> antecedents.Choice | None:
        state = antecedents.ResolverState(
            self.clusters, self.mention_index, self.speaker_index, self.sentence_of, self.unnamed_speakers,
            self.starts_of, self.quoted, self.source_words,
        )  # fmt: skip
        choice = self.choose(state, span)
        owner = self._owner_of_the_thing_described(span)
        if owner is not None:
            # "Morrow's own emails, in which she asked Keane ...": Morrow, not the one who speaks of them
            return antecedents.Choice(owner, choice.kind if choice is not None else "personal")
        if choice is not None and choice.index is None and choice.kind in LINKED_PRONOUNS:
            choice = self._linked(span, choice.kind) or choice
        if choice is not None and choice.kind == "personal" and self._quoted_by(choice.index, span, True):
            # '"They thought a call from Ms. Lee would do it," she said': not Lee, and no guess at
            # who else ('"What do you have to lose by trying Trump?" he said' may be Trump himself)
            return antecedents.Choice(None, choice.kind)
        if choice is not None and choice.index is not None and self._asked_about(choice.index, span):
            # "Asked about Mayor John Lee, he said": whoever was asked, not Lee
            return antecedents.Choice(None, choice.kind)
        if choice is not None and choice.index is not None:
            between = self._unnamed_speaker_between(state, choice, span)
            if between is not None:
                # "A spokesman for the port authority said ... He added": the spokesman, not the mayor named before
                return antecedents.Choice(None, choice.kind, unnamed=self._unnamed_index(between))
        elif choice is not None:
            return dataclasses.replace(choice, unnamed=self._unnamed_antecedent(choice, span))
        gender = antecedents.PERSON_PRONOUNS.get(span[0].lower_) if len(span) == 1 else None
        continued = self._subject_before(state, choice.index, span, gender) if choice is not None else None
        if continued is not None:
            # "Whitfield's deputy, Tom Arden, disagreed. He said ...": not Whitfield, the latest speaker, but Arden
            self.kept_from[span.root.i] = (choice.index, continued.index)
            return antecedents.Choice(continued.index, choice.kind, probability=choice.probability)
        if choice is not None and choice.index is not None and gender:
            if _given_name_gender(self.clusters[choice.index]) not in (None, gender):
                return antecedents.Choice(None, choice.kind)  # "Joanna Reeve ... He said": no one known
        asker = self._asker_answered(choice.index, span, gender) if choice is not None else None
        if asker is not None:
            # '"Why now?" Keller asked. "Because I can," Stroud said. "What next?" she asked': Keller
            choice = dataclasses.replace(choice, index=asker)
        if choice is not None and choice.index is not None and gender and self.clusters[choice.index].gender is None:
            self.clusters[choice.index].gender = gender
        return choice

    def _asker_answered(self, index: int | None, span: Span, gender: str | None) -> int | None:
        """In an exchange of questions and answers: the person who asked before, where the pronoun
        asks and the entity chosen for it is the latest speaker, who answered that person's question."""
        if index is None or gender is None or span.root.head.lemma_.lower() not in ASKING_VERBS:
            return None
        before = self.speaker_index[: bisect.bisect_left(self.speaker_index, (span.start, -1))]
        if len(before) < 2 or before[-1][1] != index or self.cue_lemmas.get(before[-1][0]) in ASKING_VERBS:
            return None
        start, asker = before[-2]
        cluster = self.clusters[asker]
        if (
            asker == index
            or cluster.type != "PERSON"
            or self.cue_lemmas.get(start) not in ASKING_VERBS
            or _given_name_gender(cluster) not in (None, gender)
        ):
            return None
        return asker

    def _in_another_office(self, index: int, span: Span) -> bool:
        """Whether the description names an office ("the president") and the entity holds another
        ("Lorvania's foreign minister, Pal Ekdahl"): the coreference links' guess is not taken."""
        cluster, head, titles = self.clusters[index], span.root.lower_, self.source_words.titles
        if head not in titles:
            return False
        # the offices it is named with: its role's, and the titles in its mentions ("foreign minister, Pal Ekdahl")
        held = {
            token.lower_
            for mention in cluster.mentions
            for token in mention
            if token.lower_ in titles and token.lower_.rstrip(".") not in HONORIFICS  # not "Mr."
        }
        if cluster.role is not None and head_word(cluster.role) in titles:
            held.add(head_word(cluster.role))
        return bool(held) and held.isdisjoint({head, *antecedents.SAME_OFFICE.get(head, ())})

    def _person_named_since(self, index: int, span: Span) -> bool:
        """Whether another person was named between the entity's latest mention and the span: the
        coreference links passed over the nearer one ("Prosecutor Helen Marsh said ... Defence barrister
        Simon Achterberg said ... the lawyer said" is not Marsh, by links alone)."""
        if self.clusters[index].type != "PERSON":
            return False
        starts = self.starts_of[index]
        latest = starts[bisect.bisect_left(starts, span.start) - 1] if starts and starts[0] < span.start else None
        if latest is None:
            return False
        between = self.mention_index[
            bisect.bisect_right(self.mention_index, (latest, len(self.clusters))) : bisect.bisect_left(
                self.mention_index, (span.start, -1)
            )
        ]
        return any(other != index and self.clusters[other].type == "PERSON" for _, other in between)

    def _asked_about(self, index: int, span: Span) -> bool:
        """Whether the entity is named in a clause of being asked ("Asked about Mayor John Lee,",
        "When questioned about Lee,") on the verb the pronoun is subject of."""
        verb = span.root.head
        return any(
            clause.dep_ == "advcl" and clause.lemma_ in ASKING_VERBS and clause.i < span.start
            and any(self.of_token.get(word.i, (None,))[0] == index for word in clause.subtree)
            for clause in verb.children
        )  # fmt: skip

    def _linked(self, span: Span, kind: str) -> antecedents.Choice | None:
        """The entity the coreference component's links (whosaid.pipeline.coreference) give the
        span's head the most probability of, where that is at least `LINKED_MASS`: a
        link to a word outside every entity passes on that word's own links, weighted by its
        probability."""
        if not self.links:
            return None
        # as for the ranker, a span outside quotations stands for no one named only inside them
        outside = not self.quoted[span.start]
        entity_of = {
            m.root.i: i
            for i, cluster in enumerate(self.clusters)
            for m in cluster.mentions
            if not (outside and self.quoted[m.root.i])
        }
        words = self.source_words
        bodies = (words.organization_words | words.organization_heads | words.documents) - words.titles

        def antecedents_of(word: int) -> list[tuple[int, float]]:
            # earlier words only (a model of one's own may link on), and not a word of the mention
            # itself: "the candidate's former doctor" is not the candidate
            return [(a, p) for a, p in self.links.get(word, ()) if a < word and not span.start <= a < span.end]

        reached, waiting = set(), [span.root.i]
        while waiting:
            word = waiting.pop()
            if word not in reached:
                reached.add(word)
                waiting.extend(a for a, _ in antecedents_of(word) if a not in entity_of)
        mass: dict[int, Counter[int]] = {}
        for word in sorted(reached):  # links go back: a word's antecedents are reckoned before it
            mass[word] = Counter()
            for antecedent, probability in antecedents_of(word):
                if antecedent in entity_of:
                    mass[word][entity_of[antecedent]] += probability
                else:
                    for index, share in mass[antecedent].items():
                        mass[word][index] += probability * share
            if word != span.root.i and span.doc[word].lower_ in bodies:  # "the company" passes on no person
                mass[word] = Counter({i: m for i, m in mass[word].items() if self.clusters[i].type != "PERSON"})
        ranked = mass[span.root.i].most_common(1)
        if not ranked or ranked[0][1] < LINKED_MASS or self._quoted_by(ranked[0][0], span):
            return None
        entity = self.clusters[ranked[0][0]]
        if entity.type == "PERSON" and kind in LINKED_PRONOUNS and entity.gender_by_name():
            return None  # "it" is no one known as "he" or "she" (a cyclone the NER took for a person may be)
        head = span.root.lower_
        if entity.type == "PERSON" and head in bodies:
            return None  # "the campaign" is not its spokesman (but "the governor" is a person)
        if entity.type != "PERSON" and head in words.titles:
            return None  # "the governor" is a person
        return antecedents.Choice(ranked[0][0], kind, probability=ranked[0][1], linked=True)

    def _subject_before(
        self, state: antecedents.ResolverState, index: int | None, span: Span, gender: str | None
    ) -> antecedents.Choice | None:
        """Where the pronoun is its sentence's main verb's subject, outside quotations, with no name
        before it in the sentence ('"We had ice on the cables," he told the paper'), and the
        sentence before has for subject (or in apposition to it) another person than the chosen
        entity, of the pronoun's gender as far as is known: the subject it continues, that person
        (index None where the person has no name: a description that fits no one, a name the NER
        missed); the same where that subject is a pronoun this rule kept from the same entity
        ("Tom Arden disagreed. He proposed ... He said"). None where the rule does not apply."""
        if index is None or gender is None or not span.doc.has_annotation("DEP"):
            return None
        sentence, doc = span.sent, span.doc
        # nothing before it in its sentence names anyone: it opens the sentence, or follows a
        # quotation, whatever it names, or a clause ("Speaking at her funeral, he said")
        opens = sentence.start > 0 and not any(
            token.i in self.of_token and not self.quoted[token.i] for token in doc[sentence.start : span.start]
        )
        if not (opens and span.root.head == sentence.root and span.root.dep_ in SUBJECTS) or self.quoted[span.start]:
            return None
        before = doc[sentence.start - 1].sent.root
        subjects = [child for child in before.children if child.dep_ in SUBJECTS]
        if not subjects and before.pos_ in ("NOUN", "PROPN"):
            subjects = [before]  # a verb the parse hung on the noun ("The director, Ana Ruiz, posted ...")
        if len(subjects) != 1:
            return None
        kept = self.kept_from.get(subjects[0].i)
        if kept is not None and kept[0] == index:
            return antecedents.Choice(kept[1], "personal")
        heads = [subjects[0], *(child for child in subjects[0].children if child.dep_ == "appos")]
        persons = {
            self.of_token[head.i][0]
            for head in heads
            if head.i in self.of_token and self.clusters[self.of_token[head.i][0]].type == "PERSON"
        }
        if not persons and any(head.i not in self.of_token and _named_unrecognised(head) for head in heads):
            return antecedents.Choice(None, "personal")  # "Callow himself was dismissive of fame. '...,' he told"
        described = [
            head for head in heads
            if head.i not in self.of_token and _definite(head) and self._same_sex(head, span)
            and head.lower_ not in self.source_words.anonymous  # "the official" may be anyone named before
            and (self._a_person_s_noun(head) or head.lower_ in self.source_words.titles)
        ]  # fmt: skip
        if not persons and described:
            # "The union leader was unmoved. '...,' she said": whom the description names, if not the chosen one
            description = doc[described[0].left_edge.i : described[0].i + 1]
            fitting = [i for i in antecedents.named_by_head(state, description) if self.clusters[i].type == "PERSON"]
            if index in fitting:
                return None
            modifiers = {word.lower_ for word in described[0].children if word.dep_ in ("compound", "amod")}
            holding = [i for i in fitting if modifiers <= _role_words(self.clusters[i])]
            if holding:
                return antecedents.Choice(holding[-1], "personal")
            # no one it surely names: no one, where the chosen one holds another office ("the HR director")
            return antecedents.Choice(None, "personal") if self._in_another_office(index, description) else None
        if len(persons) != 1 or index in persons:
            return None
        person = persons.pop()
        if (self.clusters[person].gender or self.clusters[person].name_gender) not in (None, gender):
            return None
        return antecedents.Choice(person, "personal")

    def _latest_unnamed(self, span: Span, back: int = 1) -> tuple[int, Token] | None:
        """The start token of the latest speaker with no name before the span, where it spoke in
        the span's sentence or one of the `back` before, and its head: for a pronoun given to an
        unnamed speaker, that speaker's description's ("spokesman" of "a spokesman ... He added")."""
        latest = bisect.bisect_left(self.unnamed_speakers, span.start)
        if latest == 0:
            return None
        unnamed = self.unnamed_speakers[latest - 1]
        if self.sentence_of[unnamed] < self.sentence_of[span.start] - back:
            return None
        described = self._unnamed_index(unnamed)
        head = (
            self.unnamed[described].description.root
            if described is not None
            else self.unnamed_speaker_spans[unnamed].root
        )
        return unnamed, head

    def _unnamed_speaker_between(
        self, state: antecedents.ResolverState, choice: antecedents.Choice, span: Span
    ) -> int | None:
        """The start token of a speaker who has no name and is not one named before ("a spokesman",
        "officials"; not "the nominee"; for "it", a document: "the report"), where it spoke in the
        pronoun's sentence or the one before
        (or two before, where its words say its sex and the pronoun's is the same: "A district
        spokeswoman said ... Kevin Marsh declined to comment. She said"), after the chosen entity's
        last mention, and agrees with the pronoun in number and sex."""
        latest = self._latest_unnamed(span, back=SAME_SEX_SENTENCES_BACK)
        plural = {"personal": False, "they": True, "it": False}.get(choice.kind)
        if latest is None or plural is None or choice.index is None:
            return None
        unnamed, head = latest
        if choice.kind == "it":
            # "The report, which was seen by the Wire, says ... It says": a document, however named
            if head.lower_ not in self.source_words.documents:
                return None
        elif not self._a_person_s_noun(head) or not self._same_sex(head, span) or _definite(head):
            return None
        if _plural(head) != plural:
            return None
        said = noun_gender(head, self.source_words)
        if self.sentence_of[unnamed] < self.sentence_of[span.start] - 1 and (
            said is None or said != antecedents.PERSON_PRONOUNS.get(span[0].lower_)
        ):
            return None
        # a mention in the unnamed speaker's own words is none in between ("seen by the Wire")
        own = self.unnamed_speaker_spans[unnamed]
        earlier = [at for at in state.earlier_starts(choice.index, span.start) if not own.start <= at < own.end]
        return unnamed if not earlier or earlier[-1] < unnamed else None

    def _unnamed_antecedent(self, choice: antecedents.Choice, span: Span) -> int | None:
        """For a pronoun the ranker gives no one: the unnamed speaker (`unnamed`) that spoke in its
        sentence or the one before, of its kind (a person of its sex for "he" or "she", several
        for "they", one body or document for "it": "the report says ... It also points out"),
        with no name of that kind between them."""
        latest = self._latest_unnamed(span)
        described = self._unnamed_index(latest[0]) if latest is not None else None
        if described is None:
            return None
        unnamed, head = latest
        kind = self.unnamed[described].type
        fits = {
            "personal": not _plural(head)
            and kind == "PERSON"
            and self._same_sex(head, span)
            and self._same_sex(self.unnamed_speaker_spans[unnamed].root, span),
            "they": _plural(head),
            "it": not _plural(head) and kind != "PERSON",
        }.get(choice.kind, False)
        kinds = {"personal": ("PERSON",), "they": ("PERSON", "ORG"), "it": ("ORG", "GPE", "MISC")}.get(choice.kind, ())
        # names after the unnamed speaker's words (not those in them: "an aide to Governor Ortega")
        end = self.unnamed_speaker_spans[unnamed].end
        after = self.mention_index[bisect.bisect_left(self.mention_index, (end, -1)) :]
        if not fits or any(self.clusters[i].type in kinds for start, i in after if start < span.start):
            return None
        return described

    def _a_person_s_noun(self, head: Token) -> bool:
        """A noun that describes a person (or people) who speaks without a name: "a spokesman",
        "officials", "another woman", "a neighbour", "one engineer"."""
        words = self.source_words
        word = head.lower_
        return (
            word in words.anonymous
            or word in words.occupations
            or word in PEOPLE_NOUNS
            or noun_gender(head, words) is not None
        )

    def _same_sex(self, word: Token, span: Span) -> bool:
        """Whether a person's noun or pronoun ("spokeswoman", "she") and a pronoun ("he") may be of one sex."""
        said = antecedents.PERSON_PRONOUNS.get(word.lower_) or noun_gender(word, self.source_words)
        pronoun = antecedents.PERSON_PRONOUNS.get(span[0].lower_) if len(span) == 1 else None
        return said is None or pronoun is None or said == pronoun


def _age_in(doc: Doc, start: int) -> str | None:
    """The number of "N-year-old" at `start` (the tokenizer's "N", "-", "year", "-", "old")."""
    words = [token.lower_ for token in doc[start : start + 5]]
    return words[0] if len(words) == 5 and doc[start].like_num and words[1:] == ["-", "year", "-", "old"] else None


def _age_beside(doc: Doc, name: Span) -> str | None:
    """The age news gives beside a name: after it between commas ("Liam Doherty, 31,"), or before
    it, a noun or two between ("the 31-year-old striker Liam Doherty")."""
    after = doc[name.end : name.end + 3]
    if len(after) == 3 and after[0].text == "," and after[1].like_num and after[2].text in (",", "."):
        return after[1].lower_
    for start in range(max(name.start - 7, 0), name.start - 4):
        if _age_in(doc, start) is not None and all(
            token.pos_ in ("NOUN", "PROPN") for token in doc[start + 5 : name.start]
        ):
            return _age_in(doc, start)
    return None


def _role_words(cluster: Cluster) -> set[str]:
    """The lower-case words of the entity's role and name ("union", "leader", "marisol", "okonkwo")."""
    return cluster.words() | (set(cluster.role.text.lower().split()) if cluster.role is not None else set())


def _given_name_gender(cluster: Cluster) -> str | None:
    """The entity's settled gender, else what the first word of its full name suggests ("Joanna
    Reeve"); not the ranker's `name_gender`, which a surname alone may have set ("Whitfield")."""
    words = cluster.name.split()
    return cluster.gender or (given_name_genders().get(words[0].lower()) if len(words) > 1 else None)


def _plural(head: Token) -> bool:
    return head.tag_ in ("NNS", "NNPS")


def _definite(head: Token) -> bool:
    """A noun phrase that may stand for someone named before: "the official", "its spokesman"."""
    return any(word.dep_ == "poss" or word.lower_ in DEFINITE_DETERMINERS for word in head.children)


def resolve(
    doc: Doc,
    source_spans: list[Span],
    choose: Chooser = antecedents.choose,
    confidence_weights: numpy.ndarray | None = None,
    source_words: SourceWords = SOURCE_WORDS,
    contents: Contents | None = None,
) -> Resolution:
    """Entities of `doc`, and the one each source span speaks for; `choose` picks the
    entity of a pronoun or description (antecedents.choose; training passes its own),
    `confidence_weights` weigh how sure each resolution is (None: the shipped weights),
    `source_words` say what titles, bodies and companies are called (the entities component's),
    and `contents` what each source span is said to have said ((start, end) -> token ranges)."""
    resolver = _Resolver(doc, source_spans, source_words)
    resolver.cluster_names(source_spans)
    choices = resolver.resolve_speakers(source_spans, choose, contents or {})
    return Resolution(resolver.clusters, choices, confidence_weights, resolver.unnamed, resolver.unnamed_of)
