"""`whosaid schema`: the JSON Schema of the Article record."""

from __future__ import annotations

import json

import typer

from whosaid.record.model import Article


def schema_command() -> None:
    """Print the JSON Schema that every Article record `extract` writes conforms to."""
    typer.echo(json.dumps(Article.model_json_schema(), indent=2))
