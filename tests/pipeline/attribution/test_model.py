"""The attribution model's encoder v2: it reads the base's static word vectors beside the tensor."""

import numpy
import pytest
import spacy
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed

from whosaid.errors import ModelNotFoundError
from whosaid.pipeline.attribution.component import FACTORY
from whosaid.pipeline.attribution.model import static_vectors
from whosaid.pipeline.attribution_spans import attributions_in

from .test_component import WORDS, gold, parsed

WIDTH = 4


def with_vectors():
    nlp = spacy.blank("en")
    for word, value in (("said", 1.0), ("dam", 0.5)):
        nlp.vocab.set_vector(word, numpy.full(WIDTH, value, dtype="float32"))
    return nlp


def test_static_vectors_are_the_table_rows_and_zeros_for_a_word_without_one():
    doc = Doc(with_vectors().vocab, words=["said", "the", "dam"])
    assert static_vectors(doc, WIDTH).tolist() == [[1.0] * WIDTH, [0.0] * WIDTH, [0.5] * WIDTH]
    assert static_vectors(Doc(with_vectors().vocab, words=[]), WIDTH).shape == (0, WIDTH)


def test_vectors_of_another_width_are_a_clear_error():
    with pytest.raises(ModelNotFoundError, match="300-wide static word vectors"):
        static_vectors(Doc(spacy.blank("en").vocab, words=["said"]), 300)


def test_the_encoder_with_vectors_learns_a_tiny_example():
    fix_random_seed(0)
    nlp = with_vectors()
    nlp.add_pipe("tok2vec")
    encoder = {"@architectures": "whosaid.AttributionEncoder.v2", "tensor_width": 96, "vectors_width": WIDTH,
               "width": 64, "depth": 1, "word_rows": 5000}  # fmt: skip
    nlp.add_pipe(FACTORY, name="attribution", config={"model": {"encoder": encoder}})
    nlp.initialize(lambda: [Example(Doc(nlp.vocab, words=WORDS), gold(nlp))])
    component = nlp.get_pipe("attribution")
    optimizer = component.create_optimizer()
    for _ in range(150):
        component.update([Example(parsed(nlp), gold(nlp))], sgd=optimizer)
    (roles,) = attributions_in(component(parsed(nlp))).values()
    assert [s.text for s in roles["CUE"]] == ["said"]
    assert [s.text for s in roles["CONTENT"]] == ["the dam would hold"]
