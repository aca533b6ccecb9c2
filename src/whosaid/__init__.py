"""whosaid: who said what, according to whom, in news articles.

import whosaid
article = whosaid.extract(text, published="2026-03-02")
print(article.to_json(indent=2))
"""

import logging

from whosaid.about import __version__
from whosaid.api import ArticleInput, extract, extract_many, load
from whosaid.record import Article

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Article", "ArticleInput", "__version__", "extract", "extract_many", "load"]
