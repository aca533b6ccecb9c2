"""Claims across a corpus on Spark are the claims the store joins on ingest."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from whosaid.errors import InvalidOptionError
from whosaid.processing.batch import BatchSettings
from whosaid.processing.extraction import extract_many
from whosaid.store import schema
from whosaid.store.store import Store

from ..store.test_provenance import PARAPHRASED
from .test_spark_batch import _spark_missing, spark_batch

pytestmark = [pytest.mark.slow, pytest.mark.skipif(_spark_missing() is not None, reason=str(_spark_missing()))]

GOLD = Path(__file__).parents[2] / "samples" / "provenance" / "articles.jsonl"


def _clusters(reports) -> set[frozenset]:
    """The claims as sets of (article id, statement id, start) of their reports."""
    claims: dict[tuple, set] = {}
    for part, claim in reports:
        claims.setdefault(claim, set()).add(part)
    return {frozenset(parts) for parts in claims.values()}


def _stored_reports(store: Store) -> list[tuple]:
    parts, statements = schema.claim_reports, schema.statements
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(parts.c.pk, parts.c.claim, parts.c.article_id, statements.c.id, parts.c.start).join(
                statements, statements.c.pk == parts.c.statement_pk
            )
        ).all()
    where = {row.pk: (row.article_id, row.id, row.start) for row in rows}
    return [(where[row.pk], where[row.claim]) for row in rows]


def test_spark_gives_the_claims_the_store_joins_on_ingest(tmp_path):
    articles = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    articles += [{"text": text, "outlet": outlet, "published": date} for outlet, date, text in PARAPHRASED]
    source = tmp_path / "articles.jsonl"
    # ids left out: records are keyed by what whosaid extracts, the same in both paths
    source.write_text("\n".join(json.dumps({k: v for k, v in a.items() if k != "id"}) for a in articles) + "\n")
    output = tmp_path / "spark"
    spark_batch(source, output, claims=True)
    batch = [json.loads(line) for part in sorted((output / "claim_reports").glob("part-*")) for line in part.open()]
    spark_reports = [
        ((row["article_id"], row["statement_id"], row["start"]),
         (row["claim_article_id"], row["claim_statement_id"], row["claim_start"]))
        for row in batch
    ]  # fmt: skip
    paraphrased_texts, paraphrased = {text for _, _, text in PARAPHRASED}, set()
    with Store(tmp_path / "store.db") as store:
        for record in extract_many([{k: v for k, v in a.items() if k != "id"} for a in articles]):
            store.add(record)  # one at a time, in the input's order
            if record.text in paraphrased_texts:
                paraphrased.add(record.id)
        stored = _stored_reports(store)
    assert sorted(part for part, _ in spark_reports) == sorted(part for part, _ in stored)
    joined = [claim for claim in _clusters(stored) if len({article for article, _, _ in claim}) >= 2]
    assert len(joined) >= 10, "the gold set's claims are reported across articles"
    assert _clusters(spark_reports) == _clusters(stored)
    assert any({article for article, _, _ in claim} == paraphrased for claim in _clusters(spark_reports)), (
        "the paraphrase that gives one figure joins its claim on Spark too"
    )


def test_claims_need_the_nested_layout(tmp_path):
    from whosaid.processing.spark_batch import run_spark_batch

    with pytest.raises(InvalidOptionError, match="nested"):
        run_spark_batch(
            str(GOLD), str(tmp_path / "out"), BatchSettings(str(tmp_path / "out"), layout="tables"), claims=True
        )
