"""The encoder's entity head: decoding entities per token, and one encoder run for both components."""

import json

import numpy
import pytest
import spacy

from whosaid.errors import ModelNotFoundError
from whosaid.models import ENCODER_ATTRIBUTION_PATH
from whosaid.pipeline.attribution.windows import ENTITY_TAG_INDEX, ENTITY_TAGS, load_tokenizer
from whosaid.pipeline.encoder_entities import EncoderEntities, entity_spans
from whosaid.pipeline.onnx_encoder import BioTags, EncoderModel, token_probabilities, viterbi
from whosaid.training.finetune import article_examples

BIO = BioTags(ENTITY_TAGS)


def _path(*tags):
    return numpy.array([ENTITY_TAG_INDEX[tag] for tag in tags])


def test_entities_from_a_tag_path():
    doc = spacy.blank("en")("Ana Lee of Acme Corp spoke \n")
    path = _path("B-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "O", "O")
    spans = [(ent.text, ent.label_) for ent in entity_spans(doc, path, BIO)]
    assert spans == [("Ana Lee", "PERSON"), ("Acme Corp", "ORG")]
    # two entities of one label side by side stay two; a trailing space token is left out
    path = _path("B-PERSON", "B-PERSON", "O", "B-ORG", "I-ORG", "O", "I-ORG")
    spans = [(ent.text, ent.label_) for ent in entity_spans(doc, path, BIO)]
    assert spans == [("Ana", "PERSON"), ("Lee", "PERSON"), ("Acme Corp", "ORG")]
    assert [ent.text for ent in entity_spans(doc, _path(*["O"] * 5, "B-MISC", "I-MISC"), BIO)] == ["spoke"]


def test_a_name_split_into_subwords_is_one_entity():
    doc = spacy.blank("en")("Minister Kalnina spoke")
    # subwords: minister, kal, ##nina, spoke
    probs = numpy.full((4, len(ENTITY_TAGS)), 0.001, dtype="float32")
    probs[0, ENTITY_TAG_INDEX["O"]] = 0.9
    probs[1, ENTITY_TAG_INDEX["B-PERSON"]] = 0.9
    probs[2, ENTITY_TAG_INDEX["I-PERSON"]] = 0.9
    probs[3, ENTITY_TAG_INDEX["O"]] = 0.9
    token_probs, _ = token_probabilities(doc, numpy.array([0, 9, 12, 17]), probs, BIO)
    path = viterbi(numpy.log(numpy.clip(token_probs, 1e-9, 1)), bio=BIO)
    assert [(ent.text, ent.label_) for ent in entity_spans(doc, path, BIO)] == [("Kalnina", "PERSON")]


def test_entity_targets_of_training_windows():
    tokenizer = load_tokenizer(ENCODER_ATTRIBUTION_PATH / "tokenizer.json")
    text = "Ana Lee visited Riga on Monday."
    entities = [("PERSON", ((0, 7),)), ("GPE", ((16, 20),)), ("DATE", ((24, 30),))]
    (example,) = article_examples(tokenizer, text, None, entities=entities)
    tags = [ENTITY_TAGS[tag] for tag in example.entity_tags[1:-1]]
    assert tags == ["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "B-DATE", "O"]
    # an article without attributions annotated teaches the role heads nothing
    assert (example.tags == -100).all() and (example.cue_targets == -100).all()
    (plain,) = article_examples(tokenizer, text, "")
    assert (plain.entity_tags == -100).all() and (plain.tags[1:-1] == 0).all()


def test_a_kept_output_is_taken_once_by_its_own_doc(monkeypatch):
    model = EncoderModel(ENCODER_ATTRIBUTION_PATH)
    runs = []
    monkeypatch.setattr(model, "run", lambda text, states=(): runs.append(text) or object())
    nlp = spacy.blank("en")
    doc, same_text = nlp("a text"), nlp("a text")
    kept = model.output(doc, keep=True)
    assert model.output(same_text) is not kept  # another Doc of the same text is another article
    assert model.output(doc) is kept and runs == ["a text", "a text"]
    model.output(doc)
    assert runs == ["a text", "a text", "a text"]


def test_a_model_without_an_entity_head_is_refused(tmp_path):
    for name in ("model.onnx", "tokenizer.json"):
        (tmp_path / name).symlink_to(ENCODER_ATTRIBUTION_PATH / name)
    settings = json.loads((ENCODER_ATTRIBUTION_PATH / "settings.json").read_text())
    settings.pop("entity_tags", None)
    (tmp_path / "settings.json").write_text(json.dumps(settings))
    with pytest.raises(ModelNotFoundError, match="no entity head"):
        EncoderEntities(model_dir=str(tmp_path))
