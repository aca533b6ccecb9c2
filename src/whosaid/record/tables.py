"""The record as flat tables: the one projection the store and `whosaid batch --layout tables` share.

- `articles`: the article's own fields (`ARTICLE_COLUMNS`);
- `statements`, `quantities`, `entities`, `times`: one row per item, with
  `article_id`; a nested object becomes prefixed columns (`speaker_name`,
  `cue_lemma`; all None when the object is absent), a list a JSON string
  (`reported_via`, `mentions`, `content_fragments`).

The columns are derived from the record's models, so every consumer sees the
same names and kinds, whatever an article holds.
"""

from __future__ import annotations

import functools
import json
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from whosaid.record.model import Article, Entity, Quantity, Statement, Time

ITEM_TABLES: dict[str, type[BaseModel]] = {
    "statements": Statement,
    "quantities": Quantity,
    "entities": Entity,
    "times": Time,
}
ARTICLE_COLUMNS = ("id", "title", "url", "outlet", "published", "text")


@dataclass(frozen=True)
class FlatColumn:
    """A column of a flat table: its name, where its value sits in the item, and its kind."""

    name: str
    path: tuple[str, ...]
    kind: type  # str, int, float or bool; lists are JSON text (str)


def unwrap_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        return args[0] if len(args) == 1 else str
    return annotation


@functools.cache
def flat_columns(model: type[BaseModel], path: tuple[str, ...] = ()) -> tuple[FlatColumn, ...]:
    """The flat columns of a model (nested models as prefixed columns); cached, as rows ask per item."""
    columns: list[FlatColumn] = []
    for name, field in model.model_fields.items():
        annotation = unwrap_optional(field.annotation)
        where = (*path, name)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            columns += flat_columns(annotation, where)
        elif get_origin(annotation) in (list, tuple) or get_origin(annotation) is Literal or annotation is str:
            columns.append(FlatColumn("_".join(where), where, str))
        else:
            columns.append(FlatColumn("_".join(where), where, annotation))
    return tuple(columns)


def flat_row(item: dict[str, Any], columns: tuple[FlatColumn, ...]) -> dict[str, Any]:
    row = {}
    for column in columns:
        value: Any = item
        for key in column.path:
            value = value[key]
            if value is None:
                break
        row[column.name] = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
    return row


def table_rows(article: Article) -> dict[str, list[dict[str, Any]]]:
    """{table: rows} of one article: its `articles` row and a row per item."""
    data = article.model_dump(mode="json")
    rows = {"articles": [{key: data[key] for key in ARTICLE_COLUMNS}]}
    for table, model in ITEM_TABLES.items():
        columns = flat_columns(model)
        rows[table] = [{"article_id": article.id, **flat_row(item, columns)} for item in data[table]]
    return rows
