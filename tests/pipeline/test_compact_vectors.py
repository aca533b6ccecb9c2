import pickle

import numpy
import pytest
from spacy.strings import StringStore
from spacy.vectors import Vectors
from spacy.vocab import Vocab

from whosaid.pipeline.compact_vectors import CompactVectors, KeyRows, compact_vectors

WORDS = ["minister", "said", "Minister", "engineers", "agency", "Tuesday"]


@pytest.fixture
def vocab() -> Vocab:
    """Six words on four vectors (two pairs share a row, as md's pruned table does)."""
    vocab = Vocab(strings=StringStore(WORDS))
    data = numpy.arange(4 * 3, dtype="float32").reshape(4, 3)
    vectors = Vectors(strings=vocab.strings, data=data, name="test_vectors")
    for word, row in zip(WORDS, [0, 1, 0, 2, 3, 1]):
        vectors.add(word, row=row)
    vocab.vectors = vectors
    return vocab


def _plain_rows(vocab: Vocab) -> dict[int, int]:
    return dict(vocab.vectors.key2row)


def test_every_key_finds_the_same_row(vocab):
    before = _plain_rows(vocab)
    compact_vectors(vocab)
    vectors = vocab.vectors
    assert isinstance(vectors, CompactVectors) and isinstance(vectors.key2row, KeyRows)
    keys = numpy.array([*before, 12345, 2**64 - 1], dtype="uint64")
    assert vectors.find(keys=keys).tolist() == [*before.values(), -1, -1]
    assert vectors.find(keys=WORDS[:2]).tolist() == [before[vocab.strings[w]] for w in WORDS[:2]]
    assert vectors.find(key="engineers") == before[vocab.strings["engineers"]]
    assert dict(vectors.key2row.items()) == before


def test_vectors_and_lookups_are_unchanged(vocab):
    expected = {word: vocab.get_vector(word).tolist() for word in WORDS}
    compact_vectors(vocab)
    assert {word: vocab.get_vector(word).tolist() for word in WORDS} == expected
    assert vocab.has_vector("agency") and not vocab.has_vector("unseen")
    assert vocab.vectors["Minister"].tolist() == vocab.vectors["minister"].tolist()
    with pytest.raises(KeyError):
        vocab.vectors["unseen"]
    assert vocab.vectors.strings is vocab.strings and vocab.vectors.name == "test_vectors"


def test_serialized_as_spacy_writes_it(vocab, tmp_path):
    before = _plain_rows(vocab)
    compact_vectors(vocab)
    plain = Vectors().from_bytes(vocab.vectors.to_bytes())
    assert plain.key2row == before and numpy.array_equal(plain.data, vocab.vectors.data)
    vocab.vectors.to_disk(tmp_path / "vectors")
    assert Vectors().from_disk(tmp_path / "vectors").key2row == before
    assert isinstance(vocab.vectors.key2row, KeyRows)  # still compact after writing
    assert pickle.loads(pickle.dumps(vocab.vectors)).key2row == before


def test_a_table_changed_after_loading_goes_back_to_a_dict(vocab):
    compact_vectors(vocab)
    vocab.vectors.resize((5, 3))
    vocab.set_vector("council", numpy.ones(3, dtype="float32"))
    assert isinstance(vocab.vectors.key2row, dict)
    assert vocab.get_vector("council").tolist() == [1.0, 1.0, 1.0]
    assert vocab.vectors.find(key="agency") == 3


def test_a_vocab_without_keys_is_left_alone():
    vocab = Vocab()
    vectors = vocab.vectors
    compact_vectors(vocab)
    assert vocab.vectors is vectors


def test_the_shipped_pipeline_has_compact_vectors_that_find_what_md_finds(nlp):
    vectors = nlp.vocab.vectors
    assert isinstance(vectors, CompactVectors) and vectors.shape == (20000, 300)
    plain = Vectors().from_bytes(vectors.to_bytes())
    doc = nlp.make_doc("The minister said on Tuesday that 5,000 engineers had arrived, according to Xinhua.")
    keys = doc.to_array("ORTH")
    assert vectors.find(keys=keys).tolist() == plain.find(keys=keys).tolist()
    assert (vectors.find(keys=keys) >= 0).sum() >= len(doc) - 1


def test_read_back_into_a_compact_table(vocab):
    before = _plain_rows(vocab)
    data = vocab.vectors.to_bytes()
    compact_vectors(vocab)
    vocab.vectors.from_bytes(data)
    assert isinstance(vocab.vectors.key2row, KeyRows) and dict(vocab.vectors.key2row.items()) == before
