"""Article records as rows: one nested row per article, or flat tables.

- nested: one row per article, the record as it is (lists of structs), plus
  `input_id`, the id field of the input record when it had one.
- tables: `articles` (the article's own fields), and `statements`,
  `quantities`, `entities`, `times`, one row per item with `article_id`;
  nested objects become prefixed columns (`speaker_name`, `cue_lemma`), lists
  become JSON strings (`reported_via`, `mentions`).

The Arrow schemas are derived from the pydantic models, so every Parquet part
file of a run has the same schema, whatever its articles hold.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from whosaid.processing.options import Layout
from whosaid.record.model import Article, Entity, Quantity, Statement, Time

ITEM_TABLES: dict[str, type[BaseModel]] = {
    "statements": Statement,
    "quantities": Quantity,
    "entities": Entity,
    "times": Time,
}
ARTICLE_COLUMNS = ("id", "title", "url", "outlet", "published", "text")


def nested_row(article: Article, input_id: str | None) -> dict[str, Any]:
    return {"input_id": input_id, **article.model_dump(mode="json")}


def table_rows(article: Article, input_id: str | None) -> dict[str, list[dict[str, Any]]]:
    data = article.model_dump(mode="json")
    rows = {"articles": [{"input_id": input_id, **{key: data[key] for key in ARTICLE_COLUMNS}}]}
    for table in ITEM_TABLES:
        rows[table] = [{"article_id": article.id, **_flatten(item)} for item in data[table]]
    return rows


def _flatten(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}_"))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


# Arrow schemas


def _unwrap_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        return args[0] if len(args) == 1 else str
    return annotation


def _arrow_type(annotation: Any):
    import pyarrow as pa

    annotation = _unwrap_optional(annotation)
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([(name, _arrow_type(field.annotation)) for name, field in annotation.model_fields.items()])
    if origin is list:
        return pa.list_(_arrow_type(get_args(annotation)[0]))
    if origin is tuple:
        return pa.list_(_arrow_type(get_args(annotation)[0]))
    if origin is Literal or annotation is str:
        return pa.string()
    return {int: pa.int64(), float: pa.float64(), bool: pa.bool_()}[annotation]


def _flat_fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, Any]]:
    import pyarrow as pa

    fields = []
    for name, field in model.model_fields.items():
        annotation = _unwrap_optional(field.annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields += _flat_fields(annotation, f"{prefix}{name}_")
        elif get_origin(annotation) is list:
            fields.append((f"{prefix}{name}", pa.string()))
        else:
            fields.append((f"{prefix}{name}", _arrow_type(annotation)))
    return fields


def arrow_schemas(layout: str) -> dict[str, Any]:
    """{table name: pyarrow schema} for a layout ("articles" alone for nested)."""
    import pyarrow as pa

    if layout == Layout.nested:
        return {"articles": pa.schema([("input_id", pa.string()), *_arrow_type(Article)])}
    article_fields = [(name, _arrow_type(Article.model_fields[name].annotation)) for name in ARTICLE_COLUMNS]
    schemas = {"articles": pa.schema([("input_id", pa.string()), *article_fields])}
    for table, model in ITEM_TABLES.items():
        schemas[table] = pa.schema([("article_id", pa.string()), *_flat_fields(model)])
    return schemas
