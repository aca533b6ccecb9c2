"""Doc extensions whosaid reads and writes, registered once, namespaced."""

from __future__ import annotations

from spacy.tokens import Doc

from whosaid.pipeline.attributions import CONFIDENCE_EXTENSION
from whosaid.record.meta import ArticleMeta

META = "whosaid_meta"


def register_extensions() -> None:
    for name in (META, CONFIDENCE_EXTENSION):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def get_meta(doc: Doc) -> ArticleMeta:
    register_extensions()
    return ArticleMeta.from_dict(getattr(doc._, META) or {})


def set_meta(doc: Doc, meta: ArticleMeta) -> Doc:
    # Stored as a plain dict: spaCy serializes user data with msgpack
    # when Docs cross process boundaries.
    register_extensions()
    setattr(doc._, META, meta.to_dict())
    return doc
