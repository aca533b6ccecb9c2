"""Extraction as the commands stream it, without importing spaCy before it is needed.

Importing spaCy and loading the pipeline take seconds and some 300 MB; `extract_when_needed`
does both only once a first article arrives, so an input with no usable article (only bad
records, /dev/zero) is reported in a small, quick process.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from whosaid.processing.failures import ExtractionFailure

if TYPE_CHECKING:
    from spacy.language import Language

    from whosaid.record.model import Article

_NO_INPUT = object()


def extract_when_needed(
    items: Iterable, load_pipeline: Callable[[], Language] | None = None, **options: Any
) -> Iterator[Article | ExtractionFailure]:
    """`whosaid.processing.extraction.extract_results` over `items`, with the pipeline from
    `load_pipeline` (default: the shipped one) loaded once a first item arrives."""
    items = iter(items)
    first = next(items, _NO_INPUT)
    if first is _NO_INPUT:
        return
    from whosaid.processing.extraction import extract_results

    nlp = load_pipeline() if load_pipeline is not None else None
    yield from extract_results(itertools.chain([first], items), nlp=nlp, **options)
