"""The news pipeline shipped in the package: what it promises to annotate."""

import pytest

pytestmark = pytest.mark.slow

REQUIRED_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL", "MONEY", "PERCENT"}


def test_labels_cover_what_the_record_needs(nlp):
    assert REQUIRED_ENTITY_LABELS <= set(nlp.get_pipe("ner").labels)
    assert {"nsubj", "ccomp", "dobj"} <= set(nlp.get_pipe("parser").labels)


def test_sample_is_annotated(nlp, sample_text):
    doc = nlp(sample_text)
    assert doc.has_annotation("TAG") and doc.has_annotation("POS") and doc.has_annotation("LEMMA")
    assert doc.has_annotation("DEP") and doc.has_annotation("SENT_START")
    said = next(t for t in doc if t.text == "said")
    assert (said.tag_, said.pos_, said.lemma_) == ("VBD", "VERB", "say")
    assert any(t.dep_ == "nsubj" and t.head.i == said.i for t in doc)
    labels = {(ent.text, ent.label_) for ent in doc.ents}
    assert ("Ingrid Halvorsen", "PERSON") in labels
    assert {label for _, label in labels} >= {"PERSON", "GPE"}
    assert len(list(doc.sents)) >= 8
