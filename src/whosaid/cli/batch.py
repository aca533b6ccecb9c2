"""`whosaid batch INPUT OUTPUT`: many articles, on one process, a pool, or Spark."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from whosaid.models import ARTICLES_PER_BATCH
from whosaid.processing.options import EngineName, Layout, OutputFormat

logger = logging.getLogger(__name__)


def batch_command(
    input_path: Annotated[Path, typer.Argument(help="JSONL (.jsonl, .ndjson) or Parquet (.parquet) records.")],
    output: Annotated[Path, typer.Argument(help="Output directory (one subdirectory per table).")],
    engine: Annotated[EngineName, typer.Option(help="local (one process), mp (a pool of processes) or spark.")] = (
        EngineName.local
    ),
    n_process: Annotated[int, typer.Option("--n-process", min=1, help="Processes for --engine mp.")] = 2,
    master: Annotated[str, typer.Option(help="Spark master for --engine spark: local[N] or a cluster URL.")] = (
        "local[2]"
    ),
    output_format: Annotated[OutputFormat, typer.Option("--format", help="jsonl or parquet.")] = OutputFormat.jsonl,
    layout: Annotated[
        Layout, typer.Option(help="nested (one record per article) or tables (statements, quantities, ...).")
    ] = Layout.nested,
    text_key: Annotated[str, typer.Option(help="The field holding the article text.")] = "text",
    id_key: Annotated[str, typer.Option(help="The field holding the record's id, kept as input_id.")] = "id",
    partition_size: Annotated[int, typer.Option(min=1, help="Records per partition (unit of work and resume).")] = 500,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per pipeline batch.")] = ARTICLES_PER_BATCH,
    resume: Annotated[bool, typer.Option("--resume", help="Finish an interrupted run: skip done partitions.")] = False,
    model: Annotated[
        Optional[Path], typer.Option(help="A spaCy pipeline directory instead of the shipped one.")
    ] = None,
) -> None:
    """Extract Article records for every record of INPUT into OUTPUT.

    Records that cannot be used (bad JSON, no text, text not a string) go to
    OUTPUT/_errors with their line or row and the reason; the batch goes on.
    A run killed mid-way is finished by the same command with --resume.
    """
    from whosaid.processing.batch import BatchSettings
    from whosaid.processing.engines import make_engine
    from whosaid.processing.runner import run_batch

    settings = BatchSettings(
        output=str(output),
        layout=layout.value,
        output_format=output_format.value,
        text_key=text_key,
        id_key=id_key,
        batch_size=batch_size,
        model=str(model) if model else None,
    )
    bar = tqdm(unit="partition", file=sys.stderr, disable=not sys.stderr.isatty())
    with bar:
        summary = run_batch(
            input_path,
            settings,
            make_engine(engine.value, n_process=n_process, master=master),
            records_per_partition=partition_size,
            resume=resume,
            on_partition=lambda result: bar.update(1),
        )
    typer.echo(json.dumps(summary.__dict__))
    if summary.errors:
        logger.warning("%d records could not be used: see %s", summary.errors, output / "_errors")
