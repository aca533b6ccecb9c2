"""The Python API: load the pipeline, turn articles into Article records."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from whosaid.errors import InvalidRecordError, ModelNotFoundError, error_reason
from whosaid.inputs import ArticleInput, ArticleMeta
from whosaid.models import NEWS_MODEL_PATH
from whosaid.pipeline.article import article_from_doc
from whosaid.pipeline.attributions import CONFIDENCE_EXTENSION, prefix_attribution_ids
from whosaid.pipeline.extensions import ARTICLE_PART, get_meta, run_article_components, set_meta
from whosaid.processing.chunking import MAX_CHUNK_CHARS, split_text
from whosaid.record.model import Article

DEFAULT_BATCH_SIZE = 16


PROFILES = ("fast", "accurate")
PROFILE_HELP = "fast (the default: a small CNN) or accurate (attribution by a fine-tuned transformer encoder; slower)."


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, exclude: tuple[str, ...], profile: str) -> Language:
    if not (Path(path) / "config.cfg").exists():
        raise ModelNotFoundError(f"no spaCy pipeline at {path}")
    nlp = spacy.load(path, exclude=list(exclude))
    if profile == "accurate":
        use_accurate_attribution(nlp)
    return nlp


def use_accurate_attribution(nlp: Language, model_dir: Path | None = None, *, fill_in: bool = True) -> Language:
    """Give the pipeline the fine-tuned encoder's attribution component
    (`whosaid_encoder_attribution_v1`; the shipped model unless `model_dir` is given).

    With `fill_in` (the accurate profile), the fast component's attributions stand and
    the encoder adds those it finds elsewhere: on PolNeAR dev this beats both alone on
    content and whole attributions (docs/BENCHMARKS.md). Without, it replaces them.
    """
    from whosaid.pipeline.attribution.encoder import FACTORY

    position = {"before": "reporting"} if "reporting" in nlp.pipe_names else {}
    config = {"model_dir": str(model_dir or ""), "keep_previous": fill_in}
    if fill_in and "attribution" in nlp.pipe_names:
        nlp.add_pipe(FACTORY, name="encoder_attribution", config=config, after="attribution")
        return nlp
    if "attribution" in nlp.pipe_names:
        nlp.remove_pipe("attribution")
    nlp.add_pipe(FACTORY, name="attribution", config=config, **position)
    return nlp


def load(path: str | Path | None = None, *, exclude: Iterable[str] = (), profile: str = "fast") -> Language:
    """The whosaid spaCy pipeline (the shipped news model unless `path` is given).

    `profile="accurate"` swaps in the attribution component on a fine-tuned
    transformer encoder (run by ONNX Runtime; slower, more accurate). Loaded once
    per process, path and profile; later calls return the same object.
    """
    if profile not in PROFILES:
        raise ModelNotFoundError(f"unknown profile {profile!r} (choose from {', '.join(PROFILES)})")
    return _load_cached(str(path or NEWS_MODEL_PATH), tuple(exclude), profile)


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
        chunks = split_text(article.text, max_chunk_chars)
        for chunk in chunks:
            doc = set_meta(nlp.make_doc(chunk), article.meta)
            if len(chunks) > 1:
                doc._.set(ARTICLE_PART, True)
            yield len(chunks), doc


def process(
    articles: Iterable[ArticleInput],
    nlp: Language,
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
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
    with warnings.catch_warnings():
        # The extensions are restored below; spaCy warns that it drops them.
        warnings.filterwarnings("ignore", message=r"\[W101\]")
        merged = Doc.from_docs(chunks, ensure_whitespace=False)
    merged._.set(CONFIDENCE_EXTENSION, confidence)
    return set_meta(merged, get_meta(chunks[0]))


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


@dataclass(frozen=True)
class ExtractionFailure:
    """An input that could not be extracted: its position in the input, and why."""

    index: int
    error: Exception

    @property
    def reason(self) -> str:
        return error_reason(self.error)


def extract_results(
    items: Iterable[str | Mapping | ArticleInput],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    nlp: Language | None = None,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[Article | ExtractionFailure]:
    """One result per input, in order: its Article record, or an ExtractionFailure.

    One bad input never stops the others: inputs go through the pipeline in
    groups, and a group that fails is run again one input at a time, so only the
    inputs that fail on their own are reported.
    """
    nlp = nlp or load()
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
            results.update((index, article_from_doc(doc)) for (index, _), doc in zip(inputs, docs))
        except Exception:  # noqa: BLE001 - find the input(s) that failed, one by one
            for index, article in inputs:
                try:
                    doc = next(process([article], nlp, batch_size=1, max_chunk_chars=max_chunk_chars))
                    results[index] = article_from_doc(doc)
                except Exception as error:  # noqa: BLE001
                    results[index] = ExtractionFailure(index, error)
        for index, _ in group:
            yield results[index]


def extract_many(
    items: Iterable[str | Mapping | ArticleInput],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
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
