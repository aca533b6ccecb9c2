"""Batch output rows and their Arrow schemas.

- nested: one row per article, the record as it is (lists of structs), plus
  `input_id`, the id field of the input record when it had one.
- tables: the record's flat tables (whosaid.record.tables, the store's too), with
  `input_id` on the `articles` rows.

The Arrow schemas are derived from the pydantic models, so every Parquet part
file of a run has the same schema, whatever its articles hold.
"""

from __future__ import annotations

from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from whosaid.processing.options import RecordLayout
from whosaid.record.model import Article
from whosaid.record.tables import ARTICLE_COLUMNS, ITEM_TABLES, flat_columns, table_rows, unwrap_optional


def nested_row(article: Article, input_id: str | None) -> dict[str, Any]:
    return {"input_id": input_id, **article.model_dump(mode="json")}


def flat_rows(article: Article, input_id: str | None) -> dict[str, list[dict[str, Any]]]:
    rows = table_rows(article)
    rows["articles"] = [{"input_id": input_id, **row} for row in rows["articles"]]
    return rows


def _arrow_type(annotation: Any):
    import pyarrow as pa

    annotation = unwrap_optional(annotation)
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([(name, _arrow_type(field.annotation)) for name, field in annotation.model_fields.items()])
    if origin in (list, tuple):
        return pa.list_(_arrow_type(get_args(annotation)[0]))
    if origin is Literal or annotation is str:
        return pa.string()
    return {int: pa.int64(), float: pa.float64(), bool: pa.bool_()}[annotation]


def arrow_schemas(layout: str) -> dict[str, Any]:
    """{table name: pyarrow schema} for a layout ("articles" alone for nested)."""
    import pyarrow as pa

    if layout == RecordLayout.nested:
        return {"articles": pa.schema([("input_id", pa.string()), *_arrow_type(Article)])}
    article_fields = [(name, _arrow_type(Article.model_fields[name].annotation)) for name in ARTICLE_COLUMNS]
    schemas = {"articles": pa.schema([("input_id", pa.string()), *article_fields])}
    for table, model in ITEM_TABLES.items():
        columns = [(column.name, _arrow_type(column.kind)) for column in flat_columns(model)]
        schemas[table] = pa.schema([("article_id", pa.string()), *columns])
    return schemas
