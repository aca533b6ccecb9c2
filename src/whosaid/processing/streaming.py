"""Extraction as the commands stream it, without importing spaCy before it is needed.

Importing spaCy and loading the pipeline take seconds and some 300 MB; `extract_when_needed`
does both only once a first article arrives, so an input with no usable article (only bad
records, /dev/zero) is reported in a small, quick process.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from whosaid.processing.failures import ExtractionFailure

if TYPE_CHECKING:
    from spacy.language import Language

    from whosaid.ingest.reading import InputRecord
    from whosaid.inputs import ArticleInput
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


def extract_records(
    records: Iterable[InputRecord],
    load_pipeline: Callable[[], Language],
    report: Callable[[str, str], None],
    wanted: Callable[[ArticleInput], bool] | None = None,
    **options: Any,
) -> Iterator[tuple[str, Article]]:
    """The articles of read records, extracted (extract_when_needed), each with where it came
    from. A record that could not be read or an article whose extraction failed goes to
    `report(where, reason)`, and the others go on; `wanted` says whether to extract an article
    at all (ingest passes over those it has stored)."""
    places: deque[str] = deque()  # where each article sent to the pipeline came from

    def articles() -> Iterator[ArticleInput]:
        for record in records:
            if record.article is None:
                report(record.where, record.failure)
            elif wanted is None or wanted(record.article):
                places.append(record.where)
                yield record.article

    for result in extract_when_needed(articles(), load_pipeline, **options):
        where = places.popleft()
        if isinstance(result, ExtractionFailure):
            report(where, result.reason)
        else:
            yield where, result
