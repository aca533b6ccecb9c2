"""Claims across articles against a gold set marked by hand (samples/provenance).

The gold set: `articles.jsonl` (id, outlet, published, title, text) and `claims.json`, a list of
claims, each with its speaker, the article that reported it first, and its reports: an article
and the exact words said there. The articles are extracted and ingested into a new store, as
`whosaid ingest` does, and each gold report is matched to the report of its article (a statement's
content, or the part of it that holds one quotation) that covers the most of its characters (at
least half of them; an unmatched report is a claim of its own). Scores over the gold reports:
- B³ (precision, recall, F1): per report, its predicted claim (the gold reports whose statements
  joined its statement's claim) against its gold claim, averaged;
- pairwise (precision, recall, F1): pairs of reports put in one claim, against those in one gold claim;
- first source: of the gold claims reported in two or more articles, those whose predicted claim
  (the one holding most of its reports) has its first report in the gold first article (the
  others by id: `first_source_wrong`);
- matched: the gold reports found as a statement at all.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections import Counter
from pathlib import Path

from spacy.language import Language

from whosaid.errors import InputNotFoundError
from whosaid.processing.extraction import extract_many
from whosaid.store.results import ClaimHistory
from whosaid.store.store import Store

# The share of a gold report's characters a statement's content must cover to be that report.
MIN_COVERED = 0.5
HISTORIES_PER_PAGE = 500


def read_gold(gold_dir: Path) -> tuple[list[dict], list[dict]]:
    """(articles, claims) of a gold directory."""
    articles_path, claims_path = gold_dir / "articles.jsonl", gold_dir / "claims.json"
    if not articles_path.is_file() or not claims_path.is_file():
        raise InputNotFoundError(f"{gold_dir}: no articles.jsonl and claims.json here")
    articles = [json.loads(line) for line in articles_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return articles, json.loads(claims_path.read_text(encoding="utf-8"))


def _all_histories(store: Store) -> list[ClaimHistory]:
    histories = []
    for offset in itertools.count(0, HISTORIES_PER_PAGE):
        page = store.claim_histories(min_articles=1, min_confidence=0, limit=HISTORIES_PER_PAGE, offset=offset)
        histories += page
        if len(page) < HISTORIES_PER_PAGE:
            return histories


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _scores(precision: float, recall: float) -> dict[str, float]:
    return {"p": round(100 * precision, 2), "r": round(100 * recall, 2), "f1": round(100 * _f1(precision, recall), 2)}


def cluster_scores(gold: list[int], predicted: list[int | str]) -> dict[str, dict[str, float]]:
    """B³ and pairwise scores of a predicted clustering of items against the gold one (a claim
    label per item, in the same order)."""
    items = range(len(gold))
    gold_of = {label: {i for i in items if gold[i] == label} for label in set(gold)}
    predicted_of = {label: {i for i in items if predicted[i] == label} for label in set(predicted)}
    b3_p = sum(len(predicted_of[predicted[i]] & gold_of[gold[i]]) / len(predicted_of[predicted[i]]) for i in items)
    b3_r = sum(len(predicted_of[predicted[i]] & gold_of[gold[i]]) / len(gold_of[gold[i]]) for i in items)
    pairs = list(itertools.combinations(items, 2))
    same_gold = {pair for pair in pairs if gold[pair[0]] == gold[pair[1]]}
    same_predicted = {pair for pair in pairs if predicted[pair[0]] == predicted[pair[1]]}
    both = len(same_gold & same_predicted)
    count = len(gold) or 1
    return {
        "b3": _scores(b3_p / count, b3_r / count),
        "pairwise": _scores(
            both / len(same_predicted) if same_predicted else 1.0, both / len(same_gold) if same_gold else 1.0
        ),
    }


def evaluate_provenance(nlp: Language, gold_dir: Path) -> dict:
    articles, claims = read_gold(gold_dir)
    records = list(
        extract_many(
            [{key: article.get(key) for key in ("text", "outlet", "published", "title")} for article in articles],
            nlp=nlp,
        )
    )
    stored_id = {article["id"]: record.id for article, record in zip(articles, records)}
    with (
        tempfile.TemporaryDirectory(prefix="whosaid-provenance-") as directory,
        Store(Path(directory) / "gold.db") as store,
    ):
        for record in records:
            store.add(record)
        histories = _all_histories(store)
    first_article = {history.claim: history.reports[0].article_id for history in histories}
    # stored article id -> ((statement id, start), claim, start, end) of its reports (a report is a
    # part of a statement's content; statement id and start tell them apart and break ties)
    spans_in: dict[str, list[tuple[tuple[str, int], int, int, int]]] = {}
    for history in histories:
        for report in history.reports:
            spans_in.setdefault(report.article_id, []).append(
                ((report.id, report.content_start), history.claim, report.content_start, report.content_end)
            )
    gold_labels: list[int] = []
    predicted: list[int | str] = []
    first_right = multi_article = matched = 0
    first_wrong: list[str] = []
    text_of = {article["id"]: article["text"] for article in articles}
    for number, claim in enumerate(claims):
        predicted_here = []
        for report in claim["reports"]:
            article = stored_id[report["article"]]
            start = text_of[report["article"]].index(report["content"])
            end = start + len(report["content"])
            covered = [
                (min(end, e) - max(start, s), report_key, its_claim)
                for report_key, its_claim, s, e in spans_in.get(article, [])
                if min(end, e) - max(start, s) >= MIN_COVERED * (end - start)
            ]
            gold_labels.append(number)
            if covered:
                matched += 1
                label = max(covered)[2]
            else:
                label = f"unmatched {len(predicted)}"
            predicted.append(label)
            predicted_here.append(label)
        if len({report["article"] for report in claim["reports"]}) >= 2:
            multi_article += 1
            found = [label for label in predicted_here if isinstance(label, int)]
            if found:
                likeliest = Counter(found).most_common(1)[0][0]
                if first_article[likeliest] == stored_id[claim["first"]]:
                    first_right += 1
                else:
                    first_wrong.append(claim["id"])
    return {
        **cluster_scores(gold_labels, predicted),
        "first_source": {"right": first_right, "claims": multi_article},
        "first_source_wrong": first_wrong,
        "matched": {"reports": matched, "gold_reports": len(gold_labels)},
        "articles": len(articles),
        "gold_claims": len(claims),
    }
