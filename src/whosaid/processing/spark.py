"""whosaid inside any PySpark job: a function for `DataFrame.mapInPandas`.

    from whosaid.processing.spark import ARTICLE_SCHEMA, extract_articles
    articles = df.mapInPandas(extract_articles(text_column="body", id_column="doc_id"), ARTICLE_SCHEMA)

Each row of the result holds the input id and the Article record as JSON
(`spark.read.json(articles.rdd.map(lambda r: r.article))` or
`from_json` unnest it). The function returned is a closure over plain
strings: the pipeline is loaded in each Python worker the first time it runs
there (and kept for the worker's life), never pickled from the driver. Rows
whose text is missing or not a string give `article` null and `error` set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from whosaid.errors import InvalidRecordError, WhosaidError
from whosaid.inputs import ArticleInput
from whosaid.processing.extraction import extract_many, shared_pipeline

ARTICLE_SCHEMA = "input_id string, article string, error string"
METADATA_COLUMNS = ("title", "url", "outlet", "published")


def extract_articles(
    text_column: str = "text", id_column: str | None = "id", model: str | None = None, batch_size: int = 16
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    def extract_partition(frames: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        nlp = shared_pipeline(model)
        for frame in frames:
            inputs: list[ArticleInput | None] = []
            errors: list[str | None] = []
            for row in frame.to_dict("records"):
                # pandas turns missing values into None or NaN; both mean "absent".
                row = {key: None if _is_missing(value) else value for key, value in row.items()}
                metadata = {key: row.get(key) for key in METADATA_COLUMNS if key in row}
                try:
                    if row.get(text_column) is None:
                        raise InvalidRecordError(f"no {text_column!r} value")
                    inputs.append(ArticleInput.from_mapping({**metadata, "text": row.get(text_column)}, "text"))
                    errors.append(None)
                except WhosaidError as error:
                    inputs.append(None)
                    errors.append(str(error))
            articles = iter(extract_many([i for i in inputs if i is not None], nlp=nlp, batch_size=batch_size))
            ids = frame[id_column].astype(str).tolist() if id_column and id_column in frame else [None] * len(frame)
            yield pd.DataFrame(
                {
                    "input_id": ids,
                    "article": [next(articles).to_json() if item is not None else None for item in inputs],
                    "error": errors,
                }
            )

    return extract_partition


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)
