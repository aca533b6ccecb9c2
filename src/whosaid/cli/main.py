"""The `whosaid` entry point: the Typer app and one-line error reporting."""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated, Optional

import typer

from whosaid.about import __version__
from whosaid.cli import base, batch, evaluate, extract, schema, serve, store, train
from whosaid.errors import WhosaidError

app = typer.Typer(
    name="whosaid",
    help="Who said what, according to whom: attributions, entities, figures and dates from news articles.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
)
app.command("extract")(extract.extract_command)
app.command("batch")(batch.batch_command)
app.command("ingest")(store.ingest_command)
app.add_typer(store.app, name="query")
app.command("export")(store.export_command)
app.command("serve")(serve.serve_command)
app.command("schema")(schema.schema_command)
app.command("train")(train.train_command)
app.command("publish-model")(train.publish_command)
app.command("install-base")(base.install_base_command)
app.add_typer(evaluate.app, name="evaluate")

DEBUG_VARIABLE = "WHOSAID_DEBUG"

try:  # typer 0.22 and later carry their own copy of click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer, on click itself
    from click import ClickException


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"whosaid {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """whosaid: who said what, according to whom."""


class _OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"whosaid: {record.levelname.lower()}: {record.getMessage()}"


def _configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter())
    root = logging.getLogger("whosaid")
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main() -> None:
    """Run the CLI; user errors become one line on stderr and exit code 1."""
    _configure_logging()
    try:
        # Not standalone: click's usage errors come here, to be reported in one line.
        code = app(standalone_mode=False)
    except ClickException as error:
        usage = f" (see '{error.ctx.command_path} --help')" if getattr(error, "ctx", None) else ""
        typer.echo(f"whosaid: error: {' '.join(error.format_message().split())}{usage}", err=True)
        sys.exit(error.exit_code)
    except typer.Abort:
        typer.echo("whosaid: interrupted", err=True)
        sys.exit(130)
    except WhosaidError as error:
        typer.echo(f"whosaid: error: {error}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("whosaid: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a message.
        sys.stderr.close()
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get(DEBUG_VARIABLE):
            raise
        typer.echo(
            f"whosaid: internal error: {type(error).__name__}: {error} (set {DEBUG_VARIABLE}=1 for a traceback)",
            err=True,
        )
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)
