"""The scheme-neutral relations (whosaid.pipeline.syntax) read the same from ClearNLP's trees
(spaCy's English models) and UD's, on hand-built parses of the same sentences."""

import pytest
import spacy
from spacy.tokens import Doc

from whosaid.pipeline.syntax import (
    according_to_object,
    attached_to,
    copular_subject,
    follows_according_to,
    has_preposition,
    object_of_preposition,
    phrase_top,
    preposition,
    prepositional_objects,
)

WORDS = ["He", "said", "it", ",", "according", "to", "Reuters", "."]
# "He said it, according to Reuters."
ACCORDING = {
    "clearnlp": ([1, 1, 1, 1, 1, 4, 5, 1], ["nsubj", "ROOT", "dobj", "punct", "prep", "prep", "pobj", "punct"]),
    "ud": ([1, 1, 1, 1, 6, 4, 1, 1], ["nsubj", "root", "dobj", "punct", "case", "mwe", "nmod", "punct"]),
}
PASSIVE_WORDS = ["a", "message", "carried", "by", "the", "agency"]
CARRIED = {
    "clearnlp": ([1, 1, 1, 2, 5, 3], ["det", "ROOT", "acl", "agent", "det", "pobj"]),
    "ud": ([1, 1, 1, 5, 5, 2], ["det", "root", "acl", "case", "det", "nmod"]),
}
COPULA_WORDS = ["Coron", "is", "the", "largest", "town"]
COPULA = {
    "clearnlp": ([1, 1, 4, 4, 1], ["nsubj", "ROOT", "det", "amod", "attr"]),
    "ud": ([4, 4, 4, 4, 4], ["nsubj", "cop", "det", "amod", "root"]),
}
TAGS = {"'s": "POS"}
VOCAB = spacy.blank("en").vocab


def parsed(words, heads, deps) -> Doc:
    return Doc(VOCAB, words=words, heads=heads, deps=deps, tags=[TAGS.get(w, "NN") for w in words])


@pytest.mark.parametrize("scheme", ["clearnlp", "ud"])
def test_according_to_reads_alike(scheme):
    doc = parsed(WORDS, *ACCORDING[scheme])
    reuters, according, said = doc[6], doc[4], doc[1]
    assert preposition(reuters) == according
    assert has_preposition(reuters, "according") and not has_preposition(reuters, "to")
    assert follows_according_to(reuters) and not follows_according_to(doc[2])
    assert according_to_object(according) == reuters
    assert attached_to(reuters) == said
    # the phrase's top holds "according to Reuters" in its subtree
    assert [t.text for t in phrase_top(reuters).subtree] == ["according", "to", "Reuters"]
    assert prepositional_objects(said) == [reuters]
    assert prepositional_objects(said, "by") == []


@pytest.mark.parametrize("scheme", ["clearnlp", "ud"])
def test_passive_agent_reads_alike(scheme):
    doc = parsed(PASSIVE_WORDS, *CARRIED[scheme])
    carried, by, agency = doc[2], doc[3], doc[5]
    assert prepositional_objects(carried, "by") == [agency]
    assert object_of_preposition(by) == agency
    assert attached_to(agency) == carried
    assert preposition(doc[1]) is None and phrase_top(doc[1]) == doc[1]


@pytest.mark.parametrize("scheme", ["clearnlp", "ud"])
def test_copular_subject_reads_alike(scheme):
    doc = parsed(COPULA_WORDS, *COPULA[scheme])
    for token in doc:
        token.lemma_ = "be" if token.text == "is" else token.text.lower()
    assert copular_subject(doc[4]) == doc[0]
    assert copular_subject(doc[0]) is None


def test_possessive_s_is_no_preposition():
    # "the president 's office" (UD: "'s" is the possessor's case marker)
    doc = parsed(["the", "president", "'s", "office"], [1, 3, 1, 3], ["det", "nmod:poss", "case", "root"])
    assert preposition(doc[1]) is None
    assert object_of_preposition(doc[2]) is None
