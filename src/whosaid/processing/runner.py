"""`run_batch`: plan partitions, skip the done ones when resuming, run an engine."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from whosaid.errors import OutputExistsError
from whosaid.processing.batch import DONE_DIR, BatchSettings, PartitionResult, check_settings, is_done
from whosaid.processing.engines import Engine
from whosaid.processing.partitions import plan_partitions

RUN_FILE = "_run.json"  # what a resumed run must match


@dataclass
class BatchSummary:
    partitions: int = 0
    skipped_as_done: int = 0
    articles: int = 0
    errors: int = 0

    def add(self, result: PartitionResult) -> None:
        self.articles += result.articles
        self.errors += result.errors


def run_batch(
    input_path: Path,
    settings: BatchSettings,
    engine: Engine,
    *,
    records_per_partition: int = 500,
    resume: bool = False,
    on_partition: Callable[[PartitionResult], None] | None = None,
) -> BatchSummary:
    check_settings(settings)
    output = Path(settings.output)
    if (output / DONE_DIR).exists() and any((output / DONE_DIR).iterdir()) and not resume:
        raise OutputExistsError(f"{output}: holds an earlier run; pass --resume to finish it, or choose another output")
    # What a resumed run must match: everything that shapes the records.
    shaping = {key: value for key, value in asdict(settings).items() if key not in ("output", "batch_size")}
    run = {"input": str(Path(input_path).resolve()), "records_per_partition": records_per_partition, **shaping}
    run_file = output / RUN_FILE
    if resume and run_file.exists() and json.loads(run_file.read_text(encoding="utf-8")) != run:
        raise OutputExistsError(f"{output}: was started with other settings ({run_file}); resume with the same ones")
    plan = plan_partitions(input_path, records_per_partition)
    todo = [partition for partition in plan if not (resume and is_done(output, partition))]
    summary = BatchSummary(partitions=len(plan), skipped_as_done=len(plan) - len(todo))
    output.mkdir(parents=True, exist_ok=True)
    run_file.write_text(json.dumps(run), encoding="utf-8")
    for result in engine.run(todo, settings):
        summary.add(result)
        if on_partition is not None:
            on_partition(result)
    return summary
