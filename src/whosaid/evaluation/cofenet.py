"""Score attributions with CofeNet's protocol (Wang et al., COLING 2022), on its PolNeAR dev split.

The split (`cofenet/polnear-dev.jsonl`) has one line per sentence-like segment of one
annotator's file, as CoreNLP tokens with BIO labels per role. Definitions (also in
docs/BENCHMARKS.md):

- Each line's tokens are found in the article text, in order (PTB forms such as
  -LRB- and `` are matched to the characters they stand for).
- A token takes a role from whosaid's outermost statements when its characters lie
  inside one of their fragments of that role; consecutive tokens in the same
  fragment form one span (B- then I-).
- Spans are read back from the labels as CofeNet does: a span starts at B-X and goes
  on over I-X; an I- tag that does not continue its role starts nothing.
- A predicted span is correct when a gold span of the same role in the same line has
  the same tokens. Counts are pooled over all lines and every annotator's file;
  P, R and F1 per role.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from whosaid.pipeline.attribution.scoring import Tally, attributions_from_doc
from whosaid.record.fragments import ROLES

# PTB token forms and the characters they may stand for in the text.
_PTB_FORMS = {
    "-LRB-": ("(",), "-RRB-": (")",), "-LSB-": ("[",), "-RSB-": ("]",), "-LCB-": ("{",), "-RCB-": ("}",),
    "``": ('"', "\u201c", "``", "''", "\u201d"), "''": ('"', "\u201d", "''", "\u201c"),
    "`": ("'", "\u2018", "`"), "'": ("'", "\u2019"), "...": ("...", "\u2026"),
    "--": ("--", "\u2014", "\u2013", "\u2015"),
}  # fmt: skip
# How far past a token the next token of its line may be found (skipped characters).
_REACH = 40


@dataclass
class CofenetLine:
    id: str
    tokens: list[str]
    labels: list[str]

    @property
    def article(self) -> str:
        return self.id.rsplit("_", 1)[0]


def read_lines(path: Path) -> list[CofenetLine]:
    with path.open(encoding="utf-8") as handle:
        return [
            CofenetLine(record["id"], record["tokens"], record["labels"])
            for record in map(json.loads, filter(str.strip, handle))
        ]


def _surfaces(token: str) -> tuple[str, ...]:
    """The strings a CoreNLP token may be in the text ("'s" may be "\u2019s")."""
    if token in _PTB_FORMS:
        return (token, *_PTB_FORMS[token])
    return (token, token.replace("'", "\u2019")) if "'" in token else (token,)


def align(text: str, lines: list[CofenetLine]) -> list[list[tuple[int, int] | None]]:
    """Character offsets of each line's tokens in `text` (None for a token not found).

    A line starts where its first few tokens follow each other, searched from the end
    of the line before (then from the start of the text); its tokens follow each other.
    """
    result = []
    position = 0
    for line in lines:
        start = _line_start(text, line.tokens, position)
        if start is None:
            start = _line_start(text, line.tokens, 0)
        offsets = _follow(text, line.tokens, start if start is not None else position)
        result.append(offsets)
        found = [offset for offset in offsets if offset is not None]
        position = found[-1][1] if found else position
    return result


def _follow(text: str, tokens: list[str], position: int) -> list[tuple[int, int] | None]:
    offsets: list[tuple[int, int] | None] = []
    for index, token in enumerate(tokens):
        # CoreNLP repeats the period of an abbreviation that ends a sentence ("Del." "."): it
        # stands for that same period; searched for, it would take a later one and skip words.
        if token == "." and index > 0 and len(tokens[index - 1]) > 1 and tokens[index - 1].endswith("."):
            offsets.append((position - 1, position) if offsets[-1] is not None else None)
            continue
        found = _find(text, _surfaces(token), position, position + _REACH)
        offsets.append(found)
        if found is not None:
            position = found[1]
    return offsets


def _line_start(text: str, tokens: list[str], position: int, anchor: int = 4) -> int | None:
    """The first place from `position` where the line's first `anchor` tokens all follow each other."""
    head = tokens[:anchor]
    while (first := _find(text, _surfaces(head[0]), position, len(text))) is not None:
        if all(offset is not None for offset in _follow(text, head, first[0])):
            return first[0]
        position = first[0] + 1
    return None


def _find(text: str, surfaces: tuple[str, ...], start: int, limit: int) -> tuple[int, int] | None:
    best = None
    for surface in surfaces:
        at = text.find(surface, start, limit + len(surface))
        if at >= 0 and (best is None or at < best[0]):
            best = (at, at + len(surface))
    return best


def spans_from_labels(labels: list[str]) -> dict[str, set[tuple[int, int]]]:
    """{role: {(first token, end token)}} read as CofeNet reads them."""
    spans: dict[str, set[tuple[int, int]]] = {role: set() for role in ROLES}
    role, start = None, 0
    for index, label in enumerate([*labels, "O"]):
        if role is not None and label != f"I-{role}":
            spans[role].add((start, index))
            role = None
        if label.startswith("B-"):
            role, start = label[2:], index
    return spans


def predicted_labels(offsets: list[tuple[int, int] | None], fragments: dict[str, list[tuple[int, int]]]) -> list[str]:
    """BIO labels of a line's tokens from predicted fragments (role -> [(start, end)])."""
    labels = []
    previous = None
    for token in offsets:
        owner = None
        if token is not None:
            for role, pieces in fragments.items():
                for piece in pieces:
                    if piece[0] <= token[0] and token[1] <= piece[1]:
                        owner = (role, piece)
        if owner is None:
            labels.append("O")
        else:
            labels.append(("I-" if owner == previous else "B-") + owner[0])
        previous = owner
    return labels


@dataclass
class CofenetScorer:
    tallies: dict[str, Tally] = field(default_factory=lambda: {role: Tally() for role in ROLES})
    lines: int = 0
    unaligned_tokens: int = 0
    tokens: int = 0

    def add(self, gold_labels: list[str], labels: list[str]) -> None:
        self.lines += 1
        gold, predicted = spans_from_labels(gold_labels), spans_from_labels(labels)
        for role in ROLES:
            matched = len(gold[role] & predicted[role])
            self.tallies[role].add(matched, len(predicted[role]), matched, len(gold[role]))

    def result(self) -> dict:
        return {
            **{role: tally.scores() for role, tally in self.tallies.items()},
            "lines": self.lines,
            "tokens_not_found": self.unaligned_tokens,
            "tokens": self.tokens,
        }


def _by_article(lines: Iterable[CofenetLine]) -> Iterator[tuple[str, dict[str, list[CofenetLine]]]]:
    """(article, {annotator file id: its lines in order}) in order of first appearance."""
    grouped: dict[str, dict[str, list[CofenetLine]]] = {}
    for line in lines:
        grouped.setdefault(line.article, {}).setdefault(line.id, []).append(line)
    yield from grouped.items()


def evaluate_cofenet(nlp: Language, cofenet_file: Path, polnear_dir: Path, split: str = "dev") -> dict:
    """CofeNet-protocol scores of `nlp` on the lines of `cofenet_file`."""
    scorer = CofenetScorer()
    text_dir = polnear_dir / split / "text"
    for article, files in _by_article(read_lines(cofenet_file)):
        text_path = text_dir / f"{article}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        fragments: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
        for attribution in attributions_from_doc(nlp(text)):
            for role in ROLES:
                if (span := attribution.role(role)) is not None:
                    fragments[role].extend(span.fragments)
        for lines in files.values():
            for line, offsets in zip(lines, align(text, lines)):
                scorer.tokens += len(offsets)
                scorer.unaligned_tokens += sum(offset is None for offset in offsets)
                scorer.add(line.labels, predicted_labels(offsets, fragments))
    return scorer.result()
