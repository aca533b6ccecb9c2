"""Claims across a corpus on Spark: the claims the store joins on ingest, from batch records.

The store joins each new statement to a claim as it is ingested (whosaid.provenance.claims).
Here the same is done for a whole corpus at once: each article's claim parts
(`article_parts`), keyed by their speaker's entity across articles (`entity_key`, the store's
key), are grouped by speaker on the cluster, and each speaker's parts, in the corpus's order
(its articles' `order`, then the article's statements and parts), are assigned as the store
assigns them (`assign_claims`). The claims are those the store gives the same articles ingested
in the same order (tested). The work per speaker grows with that speaker's claims, as the store's.

A claim is named by its first report: `claim_article_id`, `claim_statement_id`, `claim_start`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whosaid.provenance.claims import ClaimIndex, ClaimPart, article_parts, assign_claims
from whosaid.provenance.entities import entity_key
from whosaid.record.model import Article

CLAIM_REPORTS_SCHEMA = (
    "article_id string, statement_id string, start long, end long, "
    "claim_article_id string, claim_statement_id string, claim_start long"
)
# A part: (order, index in its article, article id, the part).
_Part = tuple[Any, int, str, ClaimPart]


def _speaker_parts(row: dict, order: Callable[[dict], Any]) -> Iterator[tuple[str | None, _Part]]:
    article = Article.model_validate({key: value for key, value in row.items() if key in Article.model_fields})
    keys = {entity.id: entity_key(entity) for entity in article.entities if entity.name is not None}
    for index, part in enumerate(article_parts(article)):
        speaker = keys.get(part.speaker) if part.speaker else None
        yield speaker, (order(row), index, article.id, part)


def _report(part: _Part, claim: _Part) -> tuple:
    (_, _, article_id, its), (_, _, claim_article_id, first) = part, claim
    return article_id, its.statement, its.start, its.end, claim_article_id, first.statement, first.start


def _speakers_claims(speaker: str, parts: Iterable[_Part]) -> Iterator[tuple]:
    ordered = sorted(parts, key=lambda part: part[:2])
    contents = ((part, part[3].content(speaker, part[2])) for part in ordered)
    for part, claim in assign_claims(contents, ClaimIndex()):
        yield _report(part, claim)


def claim_reports(articles, order: Callable[[dict], Any]):
    """The claim of every claim part of the `articles` (a Spark DataFrame, one Article record a
    row, as the nested layout writes them; other columns are left aside), as a DataFrame of
    `CLAIM_REPORTS_SCHEMA`. `order(row)`: a sortable key giving the order the articles are
    taken in, as if ingested one after another (the first report of a claim founds it)."""
    parts = articles.rdd.flatMap(lambda row: _speaker_parts(row.asDict(recursive=True), order))
    unnamed = parts.filter(lambda pair: pair[0] is None).map(lambda pair: _report(pair[1], pair[1]))
    named = parts.filter(lambda pair: pair[0] is not None).groupByKey()
    reports = unnamed.union(named.flatMap(lambda group: _speakers_claims(*group)))
    return articles.sparkSession.createDataFrame(reports, CLAIM_REPORTS_SCHEMA)
