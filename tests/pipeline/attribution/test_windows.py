"""The window frame follows the encoder's vocabulary."""

import pytest

from whosaid.pipeline.attribution.windows import encode_article, frame_ids


class Vocabulary:
    """A tokenizer that knows only its special tokens and splits on spaces."""

    def __init__(self, specials: dict[str, int]) -> None:
        self.specials = specials

    def token_to_id(self, token: str):
        return self.specials.get(token)

    def encode(self, text, add_special_tokens=False):
        import re

        class Encoded:
            matches = list(re.finditer(r"\S+", text))
            ids = [1000 + index for index in range(len(matches))]
            offsets = [(match.start(), match.end()) for match in matches]

        return Encoded


def test_bert_and_roberta_vocabularies_have_their_own_frame():
    assert frame_ids(Vocabulary({"[CLS]": 101, "[SEP]": 102, "<s>": 7})) == (101, 102)
    assert frame_ids(Vocabulary({"<s>": 0, "</s>": 2, "<pad>": 1})) == (0, 2)
    with pytest.raises(ValueError):
        frame_ids(Vocabulary({"[CLS]": 101}))


def test_a_paragraph_marker_is_the_closing_frame_token():
    subwords = encode_article(Vocabulary({"<s>": 0, "</s>": 2}), "One two.\nThree.", paragraph_marker=True)
    assert subwords.ids.tolist() == [1000, 1001, 2, 1002]
    assert subwords.markers.tolist() == [False, False, True, False]
