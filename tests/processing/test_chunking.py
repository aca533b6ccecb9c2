from hypothesis import given
from hypothesis import strategies as st

from whosaid.processing.chunking import split_text


def test_short_text_is_one_piece():
    assert split_text("A short article.\n\nTwo paragraphs.") == ["A short article.\n\nTwo paragraphs."]


def test_cuts_between_paragraphs_when_possible():
    paragraph = "word " * 30 + "end.\n\n"
    text = paragraph * 10
    pieces = split_text(text, max_chars=len(paragraph) * 3 + 5)
    assert "".join(pieces) == text
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])


def test_text_without_separators_is_cut_hard():
    text = "x" * 1000
    pieces = split_text(text, max_chars=300)
    assert "".join(pieces) == text
    assert max(len(p) for p in pieces) <= 300


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=3000), st.integers(min_value=10, max_value=500))
def test_pieces_concatenate_to_the_text_and_respect_the_limit(text, max_chars):
    pieces = split_text(text, max_chars=max_chars)
    assert "".join(pieces) == text
    assert all(len(piece) <= max_chars for piece in pieces)
    assert all(pieces) or text == ""
