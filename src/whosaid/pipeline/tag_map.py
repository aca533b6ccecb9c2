"""Set Universal POS, morphological features and closed-class lemmas from the PTB tag.

The mapping is learned from GUM at training time (whosaid.training.tag_map).
This does what spaCy's attribute_ruler does with a tag map, with a dictionary
look-up per token: the attribute ruler's matcher cost as much as the tagger
and parser together on news text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import srsly
from spacy.attrs import LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import ensure_path

FACTORY = "whosaid_tag_map_v1"
EMPTY_TAG_MAP: dict[str, dict] = {"pos": {}, "pos_exceptions": {}, "morph": {}, "lemmas": {}}


class TagMap:
    def __init__(self, nlp: Language, name: str = "tag_map") -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.set_mapping(EMPTY_TAG_MAP)

    def set_mapping(self, mapping: dict[str, dict]) -> None:
        """{"pos": {tag: POS}, "pos_exceptions": {tag: {word: POS}},
        "morph": {tag: "Feat=Value|..."}, "lemmas": {tag: {word: lemma}}}"""
        self.mapping = {key: dict(mapping.get(key, {})) for key in EMPTY_TAG_MAP}
        self._morph_keys = {tag: self.vocab.morphology.add(features) for tag, features in self.mapping["morph"].items()}

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        mapping: dict[str, dict] | None = None,
    ) -> None:
        if mapping is not None:
            self.set_mapping(mapping)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # Arrays, one look-up per distinct (tag, word): no Token object per word.
        strings = doc.vocab.strings
        current = doc.to_array([TAG, LOWER, POS, MORPH, LEMMA])
        values = current[:, 2:].copy()
        annotations: dict[tuple[int, int], tuple[int | None, int | None, int | None]] = {}
        for i, (tag_id, lower_id) in enumerate(current[:, :2].tolist()):
            key = (tag_id, lower_id)
            if key not in annotations:
                annotations[key] = self._annotation(strings[tag_id], strings[lower_id], strings)
            pos, morph, lemma = annotations[key]
            if pos is not None:
                values[i, 0] = pos
            if morph is not None:
                values[i, 1] = morph
            if lemma is not None:
                values[i, 2] = lemma
        doc.from_array([POS, MORPH, LEMMA], values)
        return doc

    def _annotation(self, tag: str, word: str, strings) -> tuple[int | None, int | None, int | None]:
        """(POS id, morph key, lemma id) for a tag and a lower-case word; None where unmapped."""
        token_pos = self.mapping["pos_exceptions"].get(tag, {}).get(word) or self.mapping["pos"].get(tag)
        lemma = self.mapping["lemmas"].get(tag, {}).get(word)
        return (
            POS_IDS[token_pos] if token_pos else None,
            self._morph_keys.get(tag),
            strings.add(lemma) if lemma else None,
        )

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self.mapping)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> TagMap:
        self.set_mapping(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "mapping.json", self.mapping)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TagMap:
        self.set_mapping(srsly.read_json(ensure_path(path) / "mapping.json"))
        return self


@Language.factory(FACTORY, assigns=["token.pos", "token.morph", "token.lemma"], requires=["token.tag"])
def make_tag_map(nlp: Language, name: str) -> TagMap:
    return TagMap(nlp, name)
