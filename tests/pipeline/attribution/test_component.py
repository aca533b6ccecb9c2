"""The attribution component on hand-made Docs: it learns, annotates and serializes."""

import spacy
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import fix_random_seed

from whosaid.pipeline.attribution.component import FACTORY
from whosaid.pipeline.attributions import CONFIDENCE_EXTENSION, SPANS_KEY, attributions_in

WORDS = ["Ibarra", "said", "the", "dam", "would", "hold", ".", "Rain", "fell", "."]
HEADS = [1, 1, 3, 5, 5, 1, 1, 8, 8, 8]
DEPS = ["nsubj", "ROOT", "det", "nsubj", "aux", "ccomp", "punct", "nsubj", "ROOT", "punct"]


def make_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    config = {"model": {"encoder": {"tensor_width": 96}}}
    nlp.add_pipe(FACTORY, name="attribution", config=config)
    return nlp


def parsed(nlp):
    doc = Doc(nlp.vocab, words=WORDS, heads=HEADS, deps=DEPS)
    return nlp.get_pipe("tok2vec")(doc)


def gold(nlp):
    doc = Doc(nlp.vocab, words=WORDS)
    doc.spans[SPANS_KEY] = [
        Span(doc, 0, 1, label="SOURCE", span_id="a1"),
        Span(doc, 1, 2, label="CUE", span_id="a1"),
        Span(doc, 2, 6, label="CONTENT", span_id="a1"),
    ]
    return doc


def trained():
    fix_random_seed(0)
    nlp = make_nlp()
    nlp.initialize(lambda: [Example(Doc(nlp.vocab, words=WORDS), gold(nlp))])
    examples = [Example(parsed(nlp), gold(nlp))]
    component = nlp.get_pipe("attribution")
    optimizer = component.create_optimizer()
    for _ in range(150):
        component.update(examples, sgd=optimizer)
    return nlp


def test_learns_a_tiny_example():
    nlp = trained()
    doc = nlp.get_pipe("attribution")(parsed(nlp))
    (roles,) = attributions_in(doc).values()
    assert [s.text for s in roles["CUE"]] == ["said"]
    assert [s.text for s in roles["SOURCE"]] == ["Ibarra"]
    assert [s.text for s in roles["CONTENT"]] == ["the dam would hold"]
    (confidence,) = doc._.get(CONFIDENCE_EXTENSION).values()
    assert 0.0 < confidence <= 1.0
    scores = nlp.get_pipe("attribution").score([Example(doc, gold(nlp))])
    assert scores["attribution_attribution_f"] == 1.0


def test_serialization_round_trip(tmp_path):
    nlp = trained()
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    doc = loaded.get_pipe("attribution")(parsed(loaded))
    assert [s.text for s in doc.spans[SPANS_KEY]] == ["Ibarra", "said", "the dam would hold"]


def test_empty_and_cue_less_docs():
    nlp = trained()
    component = nlp.get_pipe("attribution")
    (empty,) = component.pipe([Doc(nlp.vocab, words=[])])
    assert list(empty.spans[SPANS_KEY]) == []
    rain = Doc(nlp.vocab, words=["Rain", "fell", "."], heads=[1, 1, 1], deps=["nsubj", "ROOT", "punct"])
    assert list(component(nlp.get_pipe("tok2vec")(rain)).spans[SPANS_KEY]) == []
