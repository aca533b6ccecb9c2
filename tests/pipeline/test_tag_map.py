import spacy
from spacy.tokens import Doc

from whosaid.pipeline.tag_map import FACTORY, TagMap

MAPPING = {
    "pos": {"VBZ": "VERB", "NNP": "PROPN", "NNS": "NOUN", "_SP": "SPACE"},
    "pos_exceptions": {"VBZ": {"is": "AUX"}},
    "morph": {"NNS": "Number=Plur", "VBZ": "Number=Sing|Person=3"},
    "lemmas": {"VBZ": {"is": "be"}},
}
WORDS = ["Ibarra", "says", "it", "Is", "floods"]
TAGS = ["NNP", "VBZ", "PRP", "VBZ", "NNS"]


def tagged_doc(nlp):
    return Doc(nlp.vocab, words=WORDS, tags=TAGS)


def test_pos_morph_and_lemma_exceptions(blank_nlp):
    component = TagMap(blank_nlp)
    component.initialize(mapping=MAPPING)
    doc = component(tagged_doc(blank_nlp))
    assert [t.pos_ for t in doc] == ["PROPN", "VERB", "", "AUX", "NOUN"]
    assert str(doc[4].morph) == "Number=Plur"
    assert doc[1].morph.get("Person") == ["3"]
    assert [t.lemma_ for t in doc] == ["", "", "", "be", ""], "only closed-class exceptions get a lemma here"


def test_factory_and_serialization_round_trip(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY, name="tag_map").initialize(mapping=MAPPING)
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.get_pipe("tag_map").mapping == MAPPING
    assert loaded(tagged_doc(loaded))[3].pos_ == "AUX"
    restored = TagMap(nlp).from_bytes(nlp.get_pipe("tag_map").to_bytes())
    assert restored.mapping == MAPPING
