"""`whosaid batch INPUT OUTPUT`: many articles, on one process, a pool, or Spark."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from whosaid.cli.options import ModelOption, OutletOption, ProfileOption, PublishedOption, TitleOption, UrlOption
from whosaid.errors import InvalidOptionError
from whosaid.models import ARTICLES_PER_BATCH
from whosaid.processing.options import EngineName, RecordFormat, RecordLayout

logger = logging.getLogger(__name__)


def batch_command(
    input_path: Annotated[
        str,
        typer.Argument(
            help="JSONL (.jsonl, .ndjson) or Parquet (.parquet) records; for --engine spark also a directory "
            "or a Hadoop filesystem URI (hdfs://, s3a://)."
        ),
    ],
    output: Annotated[str, typer.Argument(help="Output directory (one subdirectory per table), or a URI for spark.")],
    engine: Annotated[EngineName, typer.Option(help="local (one process), mp (a pool of processes) or spark.")] = (
        EngineName.local
    ),
    n_process: Annotated[int, typer.Option("--n-process", min=1, help="Processes for --engine mp.")] = 2,
    master: Annotated[
        Optional[str],
        typer.Option(
            help="Spark master for --engine spark: local[N], a cluster URL; default spark-submit's, else local[2]."
        ),
    ] = None,
    output_format: Annotated[RecordFormat, typer.Option("--format", help="jsonl or parquet.")] = RecordFormat.jsonl,
    layout: Annotated[
        RecordLayout, typer.Option(help="nested (one record per article) or tables (statements, quantities, ...).")
    ] = RecordLayout.nested,
    text_key: Annotated[str, typer.Option(help="The field holding the article text.")] = "text",
    id_key: Annotated[str, typer.Option(help="The field holding the record's id, kept as input_id.")] = "id",
    partition_size: Annotated[int, typer.Option(min=1, help="Records per partition (unit of work and resume).")] = 500,
    partitions: Annotated[
        Optional[int],
        typer.Option(
            min=1,
            help="For spark: how many tasks share the records (default: every core, at most "
            "--partition-size records each).",
        ),
    ] = None,
    input_format: Annotated[
        Optional[RecordFormat],
        typer.Option(help="For spark: the input's format where its name does not say it (a directory)."),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per pipeline batch.")] = ARTICLES_PER_BATCH,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Finish an interrupted run: skip done partitions (spark: extracted records)."),
    ] = False,
    claims: Annotated[
        bool,
        typer.Option(
            "--claims",
            help="For spark, nested layout: also write OUTPUT/claim_reports, the claim each statement reports "
            "across the corpus, as the store joins them (the input's order founds claims).",
        ),
    ] = False,
    model: ModelOption = None,
    profile: ProfileOption = None,
    published: PublishedOption = None,
    title: TitleOption = None,
    url: UrlOption = None,
    outlet: OutletOption = None,
) -> None:
    """Extract Article records for every record of INPUT into OUTPUT.

    Records that cannot be used (bad JSON, no text, text not a string) go to
    OUTPUT/_errors with their line or row and the reason; the batch goes on.
    A run killed mid-way is finished by the same command with --resume.
    """
    from whosaid.processing.batch import BatchSettings

    settings = BatchSettings(
        output=str(output),
        layout=layout.value,
        output_format=output_format.value,
        text_key=text_key,
        id_key=id_key,
        batch_size=batch_size,
        model=str(model.resolve()) if model else None,  # Spark's executors run elsewhere
        profile=profile.value if profile else None,
        published=published,
        title=title,
        url=url,
        outlet=outlet,
    )
    if engine == EngineName.spark:
        from whosaid.processing.spark_batch import run_spark_batch

        summary = run_spark_batch(
            input_path,
            output,
            settings,
            master=master,
            input_format=input_format.value if input_format else None,
            records_per_partition=partition_size,
            partitions=partitions,
            resume=resume,
            claims=claims,
        )
    else:
        if claims:
            raise InvalidOptionError("--claims is computed on Spark: --engine spark")
        from whosaid.processing.engines import make_engine
        from whosaid.processing.runner import run_batch

        bar = tqdm(unit="partition", file=sys.stderr, disable=not sys.stderr.isatty())
        with bar:
            summary = run_batch(
                Path(input_path),
                settings,
                make_engine(engine.value, n_process=n_process),
                records_per_partition=partition_size,
                resume=resume,
                on_partition=lambda result: bar.update(1),
            )
    typer.echo(json.dumps(summary.__dict__))
    if summary.errors:
        logger.warning("%d records could not be used: see %s/_errors", summary.errors, output)
