"""Run whosaid over a PolNeAR split and score its statements."""

from __future__ import annotations

import itertools
from pathlib import Path

from spacy.language import Language

from whosaid.corpora.polnear import read_split
from whosaid.pipeline.attribution.scoring import AttributionScorer, in_polnear_form
from whosaid.processing.extraction import extract_many
from whosaid.record.fragments import FragmentAttribution, FragmentSpan
from whosaid.record.model import Statement


def attributions_of(statement: Statement, text: str) -> list[FragmentAttribution]:
    """A whosaid statement as the attributions PolNeAR annotates (see in_polnear_form)."""
    speaker = statement.speaker
    attribution = FragmentAttribution(
        source=FragmentSpan(((speaker.start, speaker.end),)) if speaker else None,
        cue=FragmentSpan(((statement.cue.start, statement.cue.end),)) if statement.cue else None,
        content=FragmentSpan(tuple(sorted(tuple(fragment) for fragment in statement.content.fragments))),
    )
    return in_polnear_form(attribution, [(relay.start, relay.end) for relay in statement.reported_via], text)


def evaluate_polnear(
    nlp: Language, polnear_dir: Path, split: str = "dev", *, limit: int | None = None, batch_size: int = 16
) -> dict:
    """Run the pipeline over a PolNeAR split and score its statements."""
    articles = list(itertools.islice(read_split(polnear_dir, split), limit))
    scorer = AttributionScorer()
    records = extract_many((article.text for article in articles), nlp=nlp, batch_size=batch_size)
    for article, record in zip(articles, records):
        # PolNeAR annotates no nesting: only statements no other statement reports are scored.
        outermost = [statement for statement in record.statements if statement.within is None]
        scorer.add(article.text, article.attributions, [a for s in outermost for a in attributions_of(s, article.text)])
    return scorer.result()
