"""Inputs and output readers shared by the batch tests."""

import json
from pathlib import Path

import pytest

from ..conftest import SAMPLES

BAD_LINES = [
    b"{not json",
    json.dumps({"id": "no-text", "title": "x"}).encode(),
    json.dumps({"id": "number", "text": 42}).encode(),
    b'{"id": "bytes", "text": "caf\xe9"}',
]


def generated_articles(count: int) -> list[dict]:
    """Articles recombined from the samples' paragraphs, with figures varied."""
    paragraphs = [p for path in sorted(SAMPLES.glob("*.txt")) for p in path.read_text("utf-8").split("\n\n")]
    return [
        {
            "id": f"g{number}",
            "text": "\n\n".join(paragraphs[(number + k) % len(paragraphs)] for k in range(3)).replace(
                "5,000", f"{5000 + number:,}"
            ),
            "published": "2026-03-12",
            "outlet": "Wire",
        }
        for number in range(count)
    ]


def write_corpus(path: Path, count: int = 30) -> Path:
    """`count` generated articles with the bad lines as lines 4 to 7."""
    lines = [json.dumps(article).encode() for article in generated_articles(count)]
    lines[3:3] = BAD_LINES
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("batch") / "articles.jsonl")


def read_output(output: Path) -> dict[str, list]:
    """Each table's rows and the errors, in the order of their part files (Spark's or whosaid's)."""
    tables = {}
    for table in sorted(p.name for p in output.iterdir() if p.is_dir() and not p.name.startswith("_")):
        tables[table] = _rows(output / table)
    tables["_errors"] = _rows(output / "_errors")
    return tables


def _rows(directory: Path) -> list[dict]:
    rows = []
    for part in sorted(directory.glob("part-*")):
        if part.name.endswith(".parquet"):
            import pyarrow.parquet as pq

            rows += pq.read_table(part).to_pylist()
        else:
            rows += [json.loads(line) for line in part.read_text("utf-8").splitlines()]
    return rows


def read_output_sorted(output: Path) -> dict[str, list]:
    """read_output with each table's rows in one order, whatever task wrote them."""
    return {
        table: sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))
        for table, rows in read_output(output).items()
    }
