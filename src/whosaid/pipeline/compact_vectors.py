"""The base pipeline's word vectors with a compact key table.

en_core_web_md maps 684,830 word hashes to its 20,000 vectors through a Python dict (spaCy's
`Vectors.key2row`): about 88 MB of the process, more than the vectors themselves. Two sorted
arrays hold the same table in 8 MB. Every key finds the same row, so every vector, and every
model that reads them, is unchanged; a table changed after loading (`add`, `resize`) goes back
to a dict first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping

import numpy
from spacy.strings import get_string_id
from spacy.vectors import Mode, Vectors
from spacy.vocab import Vocab


class KeyRows(Mapping):
    """A read-only key -> row table in two sorted arrays."""

    def __init__(self, table: Mapping[int, int]):
        keys = numpy.fromiter(table.keys(), dtype="uint64", count=len(table))
        rows = numpy.fromiter(table.values(), dtype="int32", count=len(table))
        order = numpy.argsort(keys)
        self._keys, self._rows = keys[order], rows[order]

    def rows_of(self, keys: numpy.ndarray) -> numpy.ndarray:
        """The row of each key (uint64), -1 where it has none."""
        positions = numpy.minimum(self._keys.searchsorted(keys), len(self._keys) - 1)
        return numpy.where(self._keys[positions] == keys, self._rows[positions], -1).astype("int32")

    def get(self, key, default=None):
        key = numpy.uint64(key)  # a Python int above 2**63 would make numpy compare as floats
        position = int(self._keys.searchsorted(key))
        if position < len(self._keys) and self._keys[position] == key:
            return int(self._rows[position])
        return default

    def __getitem__(self, key) -> int:
        row = self.get(key)
        if row is None:
            raise KeyError(key)
        return row

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys.tolist())

    def __len__(self) -> int:
        return len(self._keys)


class CompactVectors(Vectors):
    """spaCy's vectors table, its keys in a `KeyRows`."""

    def find(self, *, key=None, keys=None, row=None, rows=None):
        if keys is not None and key is None and row is None and rows is None and isinstance(self.key2row, KeyRows):
            if not (isinstance(keys, numpy.ndarray) and keys.dtype == "uint64"):
                keys = numpy.asarray([get_string_id(each) for each in keys], dtype="uint64")
            return self.key2row.rows_of(keys)
        return super().find(key=key, keys=keys, row=row, rows=rows)

    def add(self, key, *, vector=None, row=None):
        self._as_dict()
        return super().add(key, vector=vector, row=row)

    def resize(self, shape, inplace=False):
        self._as_dict()
        return super().resize(shape, inplace=inplace)

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        with _plain_table(self):
            return super().to_bytes(exclude=exclude)

    def to_disk(self, path, *, exclude: Iterable[str] = tuple()):
        with _plain_table(self):
            return super().to_disk(path, exclude=exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> CompactVectors:
        self.key2row = {}
        super().from_bytes(data, exclude=exclude)
        return self._compacted()

    def from_disk(self, path, *, exclude: Iterable[str] = tuple()) -> CompactVectors:
        self.key2row = {}
        super().from_disk(path, exclude=exclude)
        return self._compacted()

    def _compacted(self) -> CompactVectors:
        if self.key2row and not isinstance(self.key2row, KeyRows):
            self.key2row = KeyRows(self.key2row)
        return self

    def _as_dict(self) -> None:
        if isinstance(self.key2row, KeyRows):
            self.key2row = dict(self.key2row.items())


@contextlib.contextmanager
def _plain_table(vectors: CompactVectors) -> Iterator[None]:
    """Serialize through a dict (what spaCy writes and reads), then keep the compact table."""
    compact = vectors.key2row
    if isinstance(compact, KeyRows):
        vectors.key2row = dict(compact.items())
    try:
        yield
    finally:
        vectors.key2row = compact


def compact_vectors(vocab: Vocab) -> None:
    """Give `vocab` its vectors with a compact key table (in place; nothing else changes). A
    vocab without a table of keys (floret vectors, none) is left as it is."""
    vectors = vocab.vectors
    if not isinstance(vectors, Vectors) or isinstance(vectors, CompactVectors) or vectors.mode != Mode.default.value:
        return
    if not vectors.key2row:
        return
    compact = CompactVectors(data=vectors.data, name=vectors.name, attr=vectors.attr)
    compact.key2row = vectors.key2row
    compact._compacted()
    # The setter adds the new table's strings to the vocab's: an empty store costs nothing, and
    # the table then shares the vocab's.
    vocab.vectors = compact
