"""How far PolNeAR's annotators agree with one another, judged as the audit judges whosaid.

The audit (whosaid.evaluation.audit) scores whosaid's statements against one annotator's file
per article. A few articles were annotated by five or six annotators each; on those, each
annotator's attributions are judged against each other annotator's as gold, by the audit's own
rules for content and speaker (`judge_parts`; an annotator marks no relays).
An annotator's source counts as resolved to the name its mention has in the article (CoreNLP's
chain, or the hand-read referent where the dev file gives one; else its own words where they
read as a name): a pronoun is judged as whosaid's resolved pronouns are.

Each attribution is also given a confidence: the share of the remaining annotators (neither the
gold's nor its own) who marked it too, by the same rules. Judged at the audit's thresholds, that
is an annotator who knows what colleagues marked, the best confidence a person could give: the
ceiling of the audit's precision at each recall, as the data sets it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from whosaid.corpora.polnear import PolnearArticle, parse_ann, read_split
from whosaid.evaluation.audit import (
    AuditScores,
    Judgement,
    add_article,
    characters,
    judge_parts,
    reads_as_name,
    silver_of,
    source_names,
)
from whosaid.record.fragments import FragmentAttribution
from whosaid.record.model import SourceRef

SPLITS = ("train", "dev", "annotator-training")
# Annotators an article needs for the others' share to mean something once the pair is set aside.
LEAST_ANNOTATORS = 3


@dataclass(frozen=True)
class AnnotatedArticle:
    """One article as several annotators marked it (each file's attributions that have a content)."""

    article: PolnearArticle  # the text, and the file `read_split` takes for the audit
    annotations: list[list[FragmentAttribution]]
    split: str


def multiply_annotated(polnear_dir: Path, split: str, least: int = LEAST_ANNOTATORS) -> list[AnnotatedArticle]:
    """The split's articles with at least `least` (three or more) annotation files."""
    if least < LEAST_ANNOTATORS:
        raise ValueError(f"an article needs {LEAST_ANNOTATORS} annotators at least, not {least}")
    files: dict[str, list[Path]] = defaultdict(list)
    for path in sorted((polnear_dir / split / "attributions").glob("*.ann")):
        files[path.stem.rsplit("_", 1)[0]].append(path)
    found = []
    for article in read_split(polnear_dir, split):
        paths = files.get(article.name, [])
        if len(paths) >= least:
            annotations = [
                [a for a in parse_ann(path.read_text(encoding="utf-8")) if a.content is not None] for path in paths
            ]
            found.append(AnnotatedArticle(article, annotations, split))
    return found


def as_speaker(attribution: FragmentAttribution, names: dict[tuple[int, int], str], text: str) -> SourceRef | None:
    """An annotator's source as a speaker: resolved to its mention's name in the article, or to
    its own words where they read as a name; else its words alone."""
    source = attribution.source
    if source is None:
        return None
    written = text[source.start : source.end]
    name = names.get((source.start, source.end)) or next(
        (part for part in source_names(written) if reads_as_name(part)), None
    )
    return SourceRef(text=written, start=source.start, end=source.end, name=name)


def article_agreement(
    annotated: AnnotatedArticle, names: dict[tuple[int, int], str]
) -> Iterator[tuple[int, list[tuple[float, Judgement]]]]:
    """For every ordered pair of the article's annotators (gold, given): the gold's count, and each
    given attribution's judgement with the share of the other annotators who marked it too."""
    text = annotated.article.text
    files = annotated.annotations
    for gold_index, given_index in itertools.permutations(range(len(files)), 2):
        others = [i for i in range(len(files)) if i not in (gold_index, given_index)]
        rows = []
        for attribution in files[given_index]:
            content, speaker = characters(attribution.content), as_speaker(attribution, names, text)
            # as the audit judges a statement; an annotator marks no relays
            shared = sum(judge_parts(content, speaker, [], files[other], names, text).right for other in others)
            rows.append((shared / len(others), judge_parts(content, speaker, [], files[gold_index], names, text)))
        yield len(files[gold_index]), rows


def evaluate_agreement(polnear_dir: Path, splits: tuple[str, ...] = SPLITS) -> dict:
    """{split: audit scores, ..., "all": pooled}: annotators judged against each other, by the
    share of their colleagues who agree (the module's docstring)."""
    result: dict = {}
    pooled = AuditScores()
    articles = 0
    for split in splits:
        if not (polnear_dir / split / "attributions").is_dir():
            continue
        scores = AuditScores()
        found = multiply_annotated(polnear_dir, split)
        for annotated in found:
            for gold_count, rows in article_agreement(annotated, silver_of(polnear_dir, split, annotated.article)):
                add_article(scores, gold_count, rows)
                add_article(pooled, gold_count, rows)
        result[split] = scores.as_dict() | {"articles": len(found)}
        articles += len(found)
    result["all"] = pooled.as_dict() | {"articles": articles}
    return result
