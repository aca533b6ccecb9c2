"""`whosaid_lemmatizer_v1`: spaCy's English rule lemmatizer, applied once per
distinct (word, POS, features) rather than once per token.

The rules and tables are spaCy's; only the loop differs. Reading and writing
the Doc as arrays avoids building a Token object per word, which cost more
than the parser on news text.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en import English
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model

FACTORY = "whosaid_lemmatizer_v1"
_MAX_CACHED = 200_000


class CachedLemmatizer(EnglishLemmatizer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lemma_ids: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        if not len(doc):
            return doc
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        keys = list(zip(*(array[:, column].tolist() for column in range(3))))
        lemmas = array[:, 3:].copy()
        if len(self._lemma_ids) > _MAX_CACHED:
            self._lemma_ids.clear()
        for i, key in enumerate(keys):
            if lemmas[i, 0] and not self.overwrite:
                continue  # set by an earlier component (the tag map's closed-class lemmas)
            lemma = self._lemma_ids.get(key)
            if lemma is None:
                lemma = self._lemma_ids[key] = self.vocab.strings.add(self.lemmatize(doc[i])[0])
            lemmas[i, 0] = lemma
        doc.from_array([LEMMA], lemmas)
        return doc


@English.factory(
    FACTORY,
    assigns=["token.lemma"],
    default_config={
        "model": None,
        "mode": "rule",
        "overwrite": False,
        "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"},
    },
    default_score_weights={"lemma_acc": 1.0},
)
def make_lemmatizer(
    nlp: Language, model: Model | None, name: str, mode: str, overwrite: bool, scorer: Callable | None
) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)
