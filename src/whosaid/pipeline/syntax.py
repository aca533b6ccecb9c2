"""The dependency relations whosaid's rules read, the same under both label schemes an English
spaCy pipeline may carry: ClearNLP's, in spaCy's own models (a preposition heads its object:
"by" -agent-> "Z" -pobj; "poss", "relcl"; a copula heads its predicate), and Universal
Dependencies' (the object heads its preposition: "Z" -case-> "by"; "nmod:poss", "acl:relcl";
the predicate heads its copula)."""

from __future__ import annotations

from spacy.tokens import Token

ACTIVE_SUBJECTS = frozenset({"nsubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "nsubj:pass"})
SUBJECTS = ACTIVE_SUBJECTS | PASSIVE_SUBJECTS
PASSIVE_AUXILIARIES = frozenset({"auxpass", "aux:pass"})
OBJECTS = frozenset({"dobj", "obj", "iobj", "dative"})
POSSESSIVES = frozenset({"poss", "nmod:poss"})
RELATIVE_CLAUSES = frozenset({"relcl", "acl:relcl"})
# A noun that modifies another (UD's nmod) or hangs on a verb through a preposition (obl, pobj).
NOUN_MODIFIERS = frozenset({"nmod", "obl", "npadvmod", "pobj"})
# ClearNLP: a preposition on its head ("agent": the "by" of a passive; "dative": "told it to Z").
_PREPOSITIONS = frozenset({"prep", "agent", "dative"})


def preposition(token: Token) -> Token | None:
    """The preposition that introduces a noun ("by" of "carried by Z"; of "according to Z",
    "according"), not a possessive "'s"."""
    if (top := phrase_top(token)) is not token:
        return top
    return next((child for child in token.children if child.dep_ == "case" and child.tag_ != "POS"), None)


def has_preposition(token: Token, *words: str) -> bool:
    """Whether a preposition (one of `words`, lower-cased, if given) introduces the token."""
    word = preposition(token)
    return word is not None and (not words or word.lower_ in words)


def phrase_top(token: Token) -> Token:
    """The highest token of the phrase a word heads: its preposition's ("according" of "according
    to Z") in ClearNLP's trees, where the subtree of that holds the whole phrase; else the word."""
    if not (token.dep_ == "pobj" and token.head.dep_ in _PREPOSITIONS):
        return token
    word = token.head
    while word.dep_ == "prep" and word.head.dep_ in _PREPOSITIONS and word.head.i == word.i - 1:
        word = word.head  # "according to", "because of": one preposition of two words
    return word


def attached_to(token: Token) -> Token:
    """The word a token's phrase modifies: its head, or, through a preposition, the preposition's."""
    return phrase_top(token).head


def prepositional_objects(head: Token, *words: str) -> list[Token]:
    """The nouns hung on `head` through a preposition (one of `words`, lower-cased, if given)."""
    objects = []
    for child in head.children:
        if child.dep_ in _PREPOSITIONS:
            # "according" -prep-> "to" -pobj-> Z: a preposition of two words
            second = [word for word in child.children if word.dep_ == "prep" and word.i == child.i + 1]
            objects += [obj for word in (child, *second) for obj in word.children if obj.dep_ == "pobj"]
        elif child.dep_ != "pobj" and preposition(child) is not None:
            objects.append(child)
    return [obj for obj in objects if has_preposition(obj, *words)]


def object_of_preposition(word: Token) -> Token | None:
    """The noun a preposition introduces ("Z" of the "to" in "said in a statement to Z")."""
    if word.dep_ == "case" and word.tag_ != "POS":
        return word.head
    if word.dep_ in _PREPOSITIONS:
        return next((child for child in word.children if child.dep_ == "pobj"), None)
    return None


def according_to_object(word: Token) -> Token | None:
    """Z, for the "according" of "according to Z"."""
    if word.lower_ != "according":
        return None
    if word.dep_ == "case":
        return word.head
    to = next((child for child in word.children if child.lower_ == "to" and child.dep_ == "prep"), None)
    return object_of_preposition(to) if to is not None else None


def follows_according_to(token: Token) -> bool:
    """Whether the token is the Z of "according to Z"."""
    word = preposition(token)
    return word is not None and word.lower_ == "according"


def subject_of(verb: Token, labels: frozenset[str] = SUBJECTS) -> Token | None:
    return next((child for child in verb.children if child.dep_ in labels), None)


def copular_subject(predicate: Token) -> Token | None:
    """The subject a noun or adjective is said of by a copula ("Coron" of "Coron is the largest
    town"): under the predicate in UD's trees, beside it under "is" in ClearNLP's."""
    if any(child.dep_ == "cop" for child in predicate.children):
        return subject_of(predicate)
    if predicate.dep_ in ("attr", "acomp") and predicate.head.lemma_ == "be":
        return subject_of(predicate.head)
    return None
