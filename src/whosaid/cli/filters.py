"""Command options made from a filter model, so that each filter is declared once (whosaid.store.filters).

`@filter_options(StatementFilter)` gives a command one option per field of the
model, with its type, default and description; the command receives the
validated model as `filters` (a bad value is a W012 error, as in the HTTP API).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, Literal, Optional, get_args, get_origin

import typer
from annotated_types import Ge, Le
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from whosaid.record.tables import unwrap_optional
from whosaid.store.filters import validated


def _option_type(field: FieldInfo) -> tuple[Any, dict[str, Any], str]:
    """The type Typer parses, its bounds (Typer checks them as it always did), and what the help adds."""
    annotation, constraints = unwrap_optional(field.annotation), list(field.metadata)
    if get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        constraints += [item for info in extra if isinstance(info, FieldInfo) for item in info.metadata]
    if get_origin(annotation) is Literal:
        return Optional[str], {}, f" One of: {', '.join(get_args(annotation))}."
    if annotation is not int:
        return Optional[str], {}, ""
    bounds = {"min": c.ge for c in constraints if isinstance(c, Ge)}
    bounds |= {"max": c.le for c in constraints if isinstance(c, Le)}
    return (int if field.default is not None else Optional[int]), bounds, ""


def filter_options(model: type[BaseModel]) -> Callable[[Callable], Callable]:
    def decorate(command: Callable) -> Callable:
        own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "filters"]
        options = []
        for name, field in model.model_fields.items():
            option_type, bounds, more_help = _option_type(field)
            option = typer.Option(help=(field.description or "") + more_help, **bounds)
            annotation = Annotated[option_type, option]
            options.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=field.default,
                                             annotation=annotation))  # fmt: skip

        @functools.wraps(command)
        def with_filters(**values: Any) -> Any:
            filters = validated(model, {name: values.pop(name) for name in model.model_fields})
            return command(filters=filters, **values)

        with_filters.__signature__ = inspect.Signature(own + options)  # type: ignore[attr-defined]
        with_filters.__annotations__ = {}
        return with_filters

    return decorate
