"""The attribution model's encoder v2: it reads the base's static word vectors beside the tensor."""

import numpy
import pytest
import spacy
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed

from whosaid.errors import ModelNotFoundError
from whosaid.pipeline.attribution.component import FACTORY
from whosaid.pipeline.attribution.features import CueWindow
from whosaid.pipeline.attribution.model import RoleInput, build_role_head, static_vectors
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


def test_the_role_head_predicts_the_scores_of_its_training_forward():
    """Inference splits the first layer's product by what its rows join; the scores stay the same."""
    fix_random_seed(1)
    role_head = build_role_head(width=8, hidden=6, depth=1)
    role_head.initialize()
    for node in role_head.walk():
        if node.name == "dropout":
            node.attrs["dropout_rate"] = 0.0
    rng = numpy.random.default_rng(1)
    docs = [Doc(spacy.blank("en").vocab, words=["w"] * n) for n in (12, 7)]
    vectors = [rng.normal(size=(len(doc), 8)).astype("float32") for doc in docs]
    windows = [
        RoleInput(index, CueWindow(docs[index][cue : cue + 1], start, end), features.astype("uint64"))
        for index, cue, start, end in ((0, 3, 0, 9), (0, 6, 2, 12), (1, 2, 0, 7), (0, 0, 0, 1))
        for features in [rng.integers(0, 30, (end - start, 4))]
    ]
    predicted = role_head.predict((vectors, windows))
    trained, _ = role_head.begin_update((vectors, windows))
    assert [scores.shape for scores in predicted] == [(9, 9), (10, 9), (7, 9), (1, 9)]
    for mine, theirs in zip(predicted, trained):
        numpy.testing.assert_allclose(mine, theirs, atol=1e-5)
    assert role_head.predict((vectors, [])) == []
