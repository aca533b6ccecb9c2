"""The attribution component on hand-made Docs: it learns, annotates and serializes."""

import spacy
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import fix_random_seed
from thinc.api import NumpyOps

import whosaid
from whosaid.pipeline.attribution.component import FACTORY, FoundAttribution, Settlement, claim_order
from whosaid.pipeline.attribution_spans import CONFIDENCE_EXTENSION, SPANS_KEY, attributions_in

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


def test_settlement_keeps_one_level_of_nesting_inside_a_content():
    settlement = Settlement(12)
    outer = FoundAttribution(cue=(1, 2), source=(0, 1), contents=[(2, 9)], confidence=0.9)
    assert settlement.claim(outer) == [("CUE", (1, 2)), ("CONTENT", (2, 9)), ("SOURCE", (0, 1))]
    # Cue and source inside the outer content; its content runs past it and is cut there.
    inner = FoundAttribution(cue=(4, 5), source=(3, 4), contents=[(5, 11)], confidence=0.8)
    assert settlement.claim(inner) == [("CUE", (4, 5)), ("CONTENT", (5, 9)), ("SOURCE", (3, 4))]
    # A cue already taken at both levels, or one on the outer source, is not placed.
    assert settlement.claim(FoundAttribution((4, 5), None, [(6, 8)], 0.7)) == []
    assert settlement.claim(FoundAttribution((0, 1), None, [(9, 11)], 0.7)) == []
    # Outside any attribution, tokens are free as before.
    assert settlement.claim(FoundAttribution((10, 11), None, [(11, 12)], 0.6)) == [
        ("CUE", (10, 11)),
        ("CONTENT", (11, 12)),
    ]


def test_settlement_lets_a_source_speak_again_for_another_cue_of_its_level():
    # "Ana Lee said X and vowed Y; Lee's aide said Z"
    settlement = Settlement(16)
    said = FoundAttribution(cue=(2, 3), source=(0, 2), contents=[(3, 6)], confidence=0.9)
    assert settlement.claim(said)[-1] == ("SOURCE", (0, 2))
    vowed = FoundAttribution(cue=(7, 8), source=(0, 2), contents=[(8, 10)], confidence=0.8)
    assert settlement.claim(vowed) == [("CUE", (7, 8)), ("CONTENT", (8, 10)), ("SOURCE", (0, 2))]
    # Only the whole source is shared: a part of it is taken, as before.
    aide = FoundAttribution(cue=(13, 14), source=(1, 2), contents=[(14, 16)], confidence=0.7)
    assert settlement.claim(aide) == [("CUE", (13, 14)), ("CONTENT", (14, 16))]
    # A source inside a content is not the outer level's: it is not shared there.
    inner = FoundAttribution(cue=(4, 5), source=(0, 2), contents=[(5, 6)], confidence=0.6)
    assert ("SOURCE", (0, 2)) not in settlement.claim(inner)


def test_a_report_holding_a_more_confident_cue_is_claimed_first_and_the_other_nested_in_it():
    # "The minister said the dam was safe , Reuters reported ."
    said = FoundAttribution(cue=(2, 3), source=(0, 2), contents=[(3, 7)], confidence=0.97)
    reported = FoundAttribution(cue=(9, 10), source=(8, 9), contents=[(0, 7)], confidence=0.91)
    elsewhere = FoundAttribution(cue=(12, 13), source=(11, 12), contents=[(13, 15)], confidence=0.95)
    assert claim_order([said, elsewhere, reported]) == [reported, said, elsewhere]
    settlement = Settlement(16)
    assert [settlement.claim(found) for found in claim_order([said, reported])] == [
        [("CUE", (9, 10)), ("CONTENT", (0, 7)), ("SOURCE", (8, 9))],
        [("CUE", (2, 3)), ("CONTENT", (3, 7)), ("SOURCE", (0, 2))],
    ]


def test_the_shipped_model_multiplies_through_numpy_with_the_spans_blis_gives(sample_text):
    nlp = whosaid.load(profile="fast")
    attribution, names = nlp.get_pipe("attribution"), nlp.pipe_names
    nodes = list(attribution.model.walk())
    numpy_ops = {id(node): node.ops for node in nodes}
    assert all(not ops.use_blis for ops in numpy_ops.values() if isinstance(ops, NumpyOps))
    with nlp.select_pipes(enable=names[: names.index("attribution")]):
        docs = [nlp(sample_text)]
    by_numpy = attribution.predict(docs)
    blis = NumpyOps()
    for node in nodes:
        node.ops = blis
    try:
        by_blis = attribution.predict(docs)
    finally:
        for node in nodes:
            node.ops = numpy_ops[id(node)]
    assert by_numpy[0], "the sample has attributions"
    assert [(a.cue, a.source, a.contents) for a in by_numpy[0]] == [(a.cue, a.source, a.contents) for a in by_blis[0]]
