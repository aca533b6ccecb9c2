"""Name rules of entity resolution."""

import spacy
from spacy.tokens import Doc

from whosaid.pipeline.entity_names import apposition_of, head_word, is_place_name


def test_countries_and_capitals_of_several_words_are_places():
    assert is_place_name("Argentina") and is_place_name("Buenos Aires")
    assert not is_place_name("Victoria"), "a one-word capital may be a given name"
    assert not is_place_name("Ana Ruiz")


def test_odd_parses_give_no_role_rather_than_an_error():
    """Parses seen on GUM train: a lone comma hung as an apposition, a role holding its sentence's root."""
    doc = Doc(spacy.blank("en").vocab, words=["Smith", ",", "said"], heads=[2, 0, 2], deps=["nsubj", "appos", "ROOT"])
    assert apposition_of(doc[0:1]) is None
    assert head_word(doc[0:3]) == "said"
