"""Running the pipeline over articles in one process: Docs, then Article records.

Long articles go through in pieces (whosaid.processing.chunking) merged back into
one Doc; one input that fails never stops the others (`extract_results`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import warnings
from collections.abc import Iterable, Iterator, Mapping

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from whosaid.errors import InvalidRecordError
from whosaid.inputs import ArticleInput, ArticleMeta
from whosaid.models import ARTICLES_PER_BATCH
from whosaid.pipeline.article import article_from_doc
from whosaid.pipeline.attribution_spans import CONFIDENCE_EXTENSION, prefix_attribution_ids
from whosaid.pipeline.coreference import merged_chains
from whosaid.pipeline.extensions import (
    ARTICLE_PART,
    COREF_LINKS,
    get_meta,
    get_meta_defaults,
    run_article_components,
    set_meta,
)
from whosaid.pipeline.profiles import shared_pipeline
from whosaid.pipeline.text import pipeline_text, whole_clusters
from whosaid.processing.chunking import MAX_CHUNK_CHARS, split_text
from whosaid.processing.failures import ExtractionFailure
from whosaid.record.model import Article


def _as_input(item: str | Mapping | ArticleInput) -> ArticleInput:
    if isinstance(item, ArticleInput):
        return item
    if isinstance(item, str):
        return ArticleInput(item)
    if isinstance(item, Mapping):
        return ArticleInput.from_mapping(item)
    raise InvalidRecordError(f"an article must be a string or a mapping, not {type(item).__name__}")


def _chunk_docs(nlp: Language, articles: Iterable[ArticleInput], max_chunk_chars: int) -> Iterator[tuple[int, Doc]]:
    """(number of chunks in its article, chunk Doc) for each chunk, in order."""
    for article in articles:
        chunks = split_text(pipeline_text(article.text), max_chunk_chars)
        for chunk in chunks:
            doc = set_meta(whole_clusters(nlp.make_doc(chunk)), article.meta, defaults=article.defaults)
            if len(chunks) > 1:
                doc._.set(ARTICLE_PART, True)
            yield len(chunks), doc


def process(
    articles: Iterable[ArticleInput],
    nlp: Language,
    *,
    n_process: int = 1,
    batch_size: int = ARTICLES_PER_BATCH,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[Doc]:
    """Run the pipeline over articles, one Doc per article, in order.

    Articles longer than `max_chunk_chars` are processed in pieces cut at
    paragraph boundaries and merged back into one Doc, on which the article-level
    components (entities, quantities, times, statements) then run.
    """
    for_counts, for_docs = itertools.tee(_chunk_docs(nlp, articles, max_chunk_chars))
    counts = (count for count, _ in for_counts)
    docs = nlp.pipe((doc for _, doc in for_docs), n_process=n_process, batch_size=batch_size)
    pending: list[Doc] = []
    for count, doc in zip(counts, docs):
        if count > 1:
            # Keep only the annotations while the other pieces are processed.
            doc.tensor = numpy.empty((0, 0), dtype="float32")
        pending.append(doc)
        if len(pending) < count:
            continue
        yield doc if count == 1 else run_article_components(nlp, _merge(pending))
        pending = []


def _merge(chunks: list[Doc]) -> Doc:
    confidence: dict[str, float] = {}
    for number, chunk in enumerate(chunks):
        confidence.update(prefix_attribution_ids(chunk, f"c{number}."))
    links = merged_chains(chunks)
    with warnings.catch_warnings():
        # The extensions are restored below; spaCy warns that it drops them.
        warnings.filterwarnings("ignore", message=r"\[W101\]")
        merged = Doc.from_docs(chunks, ensure_whitespace=False)
    merged._.set(CONFIDENCE_EXTENSION, confidence)
    if links is not None:  # each piece's own links: none across pieces
        merged._.set(COREF_LINKS, links)
    return set_meta(merged, get_meta(chunks[0]), defaults=get_meta_defaults(chunks[0]))


def extract(
    text: str,
    *,
    published: str | dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    nlp: Language | None = None,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Article:
    """Extract the Article record of one text."""
    if not isinstance(text, str):
        raise InvalidRecordError(f"text must be a string, not {type(text).__name__}")
    meta = ArticleMeta.create(title=title, url=url, outlet=outlet, published=published)
    return next(extract_many([ArticleInput(text, meta)], nlp=nlp, max_chunk_chars=max_chunk_chars))


def extract_results(
    items: Iterable[str | Mapping | ArticleInput],
    *,
    n_process: int = 1,
    batch_size: int = ARTICLES_PER_BATCH,
    nlp: Language | None = None,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[Article | ExtractionFailure]:
    """One result per input, in order: its Article record, or an ExtractionFailure.

    One bad input never stops the others: inputs go through the pipeline in
    groups, and a group that fails is run again one input at a time, so only the
    inputs that fail on their own are reported.
    """
    nlp = nlp or shared_pipeline()
    # With worker processes, large groups: each call of nlp.pipe starts its processes anew.
    group_size = batch_size if n_process == 1 else batch_size * n_process * 16
    numbered = enumerate(items)
    while group := list(itertools.islice(numbered, group_size)):
        inputs: list[tuple[int, ArticleInput]] = []
        results: dict[int, Article | ExtractionFailure] = {}
        for index, item in group:
            try:
                inputs.append((index, _as_input(item)))
            except Exception as error:  # noqa: BLE001 - reported for this input only
                results[index] = ExtractionFailure(index, error)
        try:
            docs = process((article for _, article in inputs), nlp, n_process=n_process, batch_size=batch_size,
                           max_chunk_chars=max_chunk_chars)  # fmt: skip
            results.update((index, article_from_doc(doc, article.text)) for (index, article), doc in zip(inputs, docs))
        except Exception:  # noqa: BLE001 - find the input(s) that failed, one by one
            for index, article in inputs:
                try:
                    doc = next(process([article], nlp, batch_size=1, max_chunk_chars=max_chunk_chars))
                    results[index] = article_from_doc(doc, article.text)
                except Exception as error:  # noqa: BLE001
                    results[index] = ExtractionFailure(index, error)
        for index, _ in group:
            yield results[index]


def extract_many(
    items: Iterable[str | Mapping | ArticleInput],
    *,
    n_process: int = 1,
    batch_size: int = ARTICLES_PER_BATCH,
    nlp: Language | None = None,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[Article]:
    """Stream Article records for texts, mappings ({"text": ..., "published": ...}) or ArticleInputs.

    Raises at the first input that cannot be extracted; `extract_results` reports it and goes on.
    """
    for result in extract_results(
        items, n_process=n_process, batch_size=batch_size, nlp=nlp, max_chunk_chars=max_chunk_chars
    ):
        if isinstance(result, ExtractionFailure):
            raise result.error
        yield result
