"""Peer baseline: textacy's direct_quotations on whosaid's own pipeline, scored like whosaid.

    .venv/bin/pip install -e ".[baselines]"
    .venv/bin/python benchmarks/textacy_baseline.py [--data ../shared/data/polnear] [--split dev]

textacy only extracts direct quotations, so both systems are scored twice with
whosaid's metrics (docs/BENCHMARKS.md): against all gold attributions, and
against the gold attributions whose content is entirely quoted ("direct").
textacy raises on an odd number of quotation marks; such articles count as
articles where it found nothing, and their number is reported.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from textacy.extract.triples import direct_quotations

import whosaid
from whosaid.corpora.polnear import read_split
from whosaid.pipeline.attribution.scoring import AttributionScorer, attributions_from_doc
from whosaid.pipeline.text import quotations
from whosaid.record.fragments import FragmentAttribution, FragmentSpan


def _runs(tokens) -> FragmentSpan:
    """Character fragments of a token list, one per run of adjacent tokens."""
    ordered = sorted(tokens, key=lambda token: token.i)
    fragments, start, previous = [], ordered[0], ordered[0]
    for token in ordered[1:]:
        if token.i != previous.i + 1:
            fragments.append((start.idx, previous.idx + len(previous)))
            start = token
        previous = token
    fragments.append((start.idx, previous.idx + len(previous)))
    return FragmentSpan(tuple(fragments))


def textacy_attributions(doc) -> list[FragmentAttribution] | None:
    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return None
    return [FragmentAttribution(_runs(list(t.speaker)), _runs(list(t.cue)), _runs(list(t.content))) for t in triples]


def direct_only(attributions: list[FragmentAttribution], doc) -> list[FragmentAttribution]:
    """The attributions whose content is entirely inside quotation marks."""
    numbers = quotations(doc)

    def quoted(attribution: FragmentAttribution) -> bool:
        tokens = [
            token
            for start, end in attribution.content.fragments
            for token in doc.char_span(start, end, alignment_mode="expand") or []
            if not token.is_space
        ]
        return bool(tokens) and all(numbers[token.i] for token in tokens)

    return [a for a in attributions if a.content and quoted(a)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
    )
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()

    nlp = whosaid.load()
    articles = list(read_split(args.data, args.split))
    scorers = {(system, gold): AttributionScorer() for system in ("whosaid", "textacy") for gold in ("all", "direct")}
    failures = 0
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        predicted = {"whosaid": attributions_from_doc(doc), "textacy": textacy_attributions(doc)}
        if predicted["textacy"] is None:
            failures += 1
            predicted["textacy"] = []
        for (system, subset), scorer in scorers.items():
            if subset == "all":
                scorer.add(article.text, article.attributions, predicted[system])
            else:
                scorer.add(article.text, direct_only(article.attributions, doc), direct_only(predicted[system], doc))
    result = {f"{system} vs {subset} gold": scorer.result() for (system, subset), scorer in scorers.items()}
    result["textacy_articles_raising"] = failures
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
