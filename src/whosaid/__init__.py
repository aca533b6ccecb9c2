"""whosaid: who said what, according to whom, in news articles.

import whosaid
article = whosaid.extract(text, published="2026-03-02")
print(article.to_json(indent=2))
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from whosaid.about import __version__

if TYPE_CHECKING:
    from whosaid.inputs import ArticleInput, ArticleMeta
    from whosaid.pipeline.article import article_from_doc
    from whosaid.pipeline.extensions import set_meta
    from whosaid.pipeline.profiles import add_to, load
    from whosaid.processing.extraction import extract, extract_many, extract_results
    from whosaid.record import Article

logging.getLogger(__name__).addHandler(logging.NullHandler())

# Imported on first use: spaCy imports this package to find whosaid's components,
# and a spaCy user who only runs the pipeline needs none of the rest.
_PUBLIC = {
    "Article": "whosaid.record",
    "add_to": "whosaid.pipeline.profiles",
    "ArticleInput": "whosaid.inputs",
    "ArticleMeta": "whosaid.inputs",
    "article_from_doc": "whosaid.pipeline.article",
    "extract": "whosaid.processing.extraction",
    "extract_many": "whosaid.processing.extraction",
    "extract_results": "whosaid.processing.extraction",
    "load": "whosaid.pipeline.profiles",
    "set_meta": "whosaid.pipeline.extensions",
}

__all__ = [
    "Article", "ArticleInput", "ArticleMeta", "__version__", "add_to", "article_from_doc", "extract", "extract_many",
    "extract_results", "load", "set_meta",
]  # fmt: skip


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'whosaid' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)


def __dir__() -> list[str]:
    return sorted(__all__)
