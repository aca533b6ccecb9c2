"""Figures against a gold set labelled by hand (samples/figures; its README defines the fields).

The gold labels every figure of its articles. Each gold figure is matched to the recorded
quantity that overlaps it most (a recorded quantity matches one gold figure at most). Scores:
- found: the gold figures matched (recall), and the recorded quantities of the gold articles
  that match one (precision: the rest are numbers the gold says are no figure, or cut apart);
- of the found, the share right in each field: `value` (value and upper end within 0.5 %),
  `bound`, `unit` (an ISO currency code, percent or points exactly; a counted noun by its words,
  plurals folded), `per` (the same word, or none on both sides), `counts` (the gold's words
  among the words of what whosaid records it counts), `counts_acceptable` (that, or the words of
  another reading judged acceptable by hand, the gold's `counts_acceptable`), and
  `value_bound_unit`, all three.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from whosaid.errors import InputNotFoundError
from whosaid.processing.extraction import extract_many
from whosaid.record.model import Quantity

GOLD_SETS = {"wire": "wire.jsonl", "polnear-dev": "polnear-dev.jsonl"}
# The PolNeAR articles labelled whole, those with no figure too.
POLNEAR_ARTICLES = "polnear-dev-articles.txt"
FIELDS = ("value", "bound", "unit", "per", "counts", "counts_acceptable", "value_bound_unit")
RELATIVE_TOLERANCE = 0.005
# Units compared whole; any other unit is a counted noun, compared by its words.
CODED_UNITS = frozenset({"percent", "points"})


@dataclass
class FigureScores:
    gold: int = 0
    recorded: int = 0
    matched: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[dict] = field(default_factory=list)  # gold figures found wrong in a field, for reading

    def add(self, other: FigureScores) -> None:
        self.gold += other.gold
        self.recorded += other.recorded
        self.matched += other.matched
        for name, count in other.right.items():
            self.right[name] += count
        self.misses += other.misses

    def as_dict(self) -> dict:
        return {
            "gold": self.gold,
            "recorded": self.recorded,
            "found": {"recall": _share(self.matched, self.gold), "precision": _share(self.matched, self.recorded)},
            "right_of_found": {name: _share(count, self.matched) for name, count in self.right.items()},
        }


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def read_gold(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no figure gold file")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _same_number(gold: float | None, ours: float | None) -> bool:
    if gold is None or ours is None:
        return gold is None and ours is None
    return abs(gold - ours) <= RELATIVE_TOLERANCE * max(abs(gold), 1e-9)


def _words(text: str | None) -> set[str]:
    """Lower-case words, a plural's "s" dropped ("soldiers killed" -> soldier, killed)."""
    words = (text or "").lower().replace(",", " ").split()
    return {word[:-1] if word.endswith("s") and len(word) > 3 else word for word in words}


def _unit_right(gold: str | None, ours: str | None) -> bool:
    """Money and percent by the unit's first word ("percent of voters" is percent; percentage
    points are percent, as the gold labels them), a counted noun by its words."""
    first = (ours or "").replace(",", " ").split()[:1]
    main = {"percentage": "percent", "point": "points"}.get(first[0], first[0]) if first else ""
    if gold is None or gold.upper() == gold or gold in CODED_UNITS:
        return (gold or "") == main
    return bool(_words(gold)) and _words(gold) <= _words(ours)


def judge(gold: dict, ours: Quantity) -> dict[str, bool]:
    value = _same_number(gold["value"], ours.value) and _same_number(gold.get("value_max"), ours.value_max)
    bound = gold["bound"] == ours.bound
    unit = _unit_right(gold.get("unit"), ours.unit)
    counts = gold.get("counts")
    counts_right = counts is None or _names(counts, ours.counts)
    return {
        "value": value,
        "bound": bound,
        "unit": unit,
        "per": _words(gold.get("per")) == _words(ours.per),
        "counts": counts_right,
        "counts_acceptable": counts_right
        or any(_names(other, ours.counts) for other in gold.get("counts_acceptable", [])),
        "value_bound_unit": value and bound and unit,
    }


def _names(gold: str, ours: str | None) -> bool:
    """Whether what whosaid records a figure counts holds the words of a gold reading."""
    return bool(_words(gold)) and _words(gold) <= _words(ours)


def _overlap(gold: dict, ours: Quantity) -> int:
    return max(0, min(gold["end"], ours.end) - max(gold["start"], ours.start))


def score_article(text: str, gold: list[dict], quantities: list[Quantity], scores: FigureScores) -> None:
    scores.gold += len(gold)
    scores.recorded += len(quantities)
    taken: set[int] = set()
    for figure in gold:
        overlaps = [(overlap, index) for index, quantity in enumerate(quantities)
                    if index not in taken and (overlap := _overlap(figure, quantity)) > 0]  # fmt: skip
        if not overlaps:
            scores.misses.append({**figure, "figure": text[figure["start"] : figure["end"]], "found": None})
            continue
        index = max(overlaps)[1]
        taken.add(index)
        scores.matched += 1
        verdict = judge(figure, quantities[index])
        for name, right in verdict.items():
            scores.right[name] += right
        if not verdict["value_bound_unit"]:
            found = quantities[index]
            scores.misses.append({
                **figure, "figure": text[figure["start"] : figure["end"]],
                "found": {"value": found.value, "value_max": found.value_max, "bound": found.bound, "unit": found.unit},
            })  # fmt: skip


def gold_texts(gold_dir: Path, name: str, polnear_dir: Path | None) -> dict[str, str] | None:
    """The texts of a gold set's articles by name, or None where its corpus is not at hand."""
    if name == "wire":
        return {path.name: path.read_text(encoding="utf-8") for path in sorted((gold_dir / "wire").glob("*.txt"))}
    text_dir = polnear_dir / "dev" / "text" if polnear_dir is not None else None
    if text_dir is None or not text_dir.is_dir():
        return None
    articles = (gold_dir / POLNEAR_ARTICLES).read_text(encoding="utf-8").split()
    return {article: (text_dir / f"{article}.txt").read_text(encoding="utf-8") for article in articles}


def evaluate_figures(nlp: Language, gold_dir: Path, polnear_dir: Path | None = None) -> dict:
    """{set name: scores} for each gold set whose texts are at hand, and "all" pooled; a set whose
    corpus is missing is reported as skipped."""
    result, pooled = {}, FigureScores()
    for name, file_name in GOLD_SETS.items():
        gold = read_gold(gold_dir / file_name)
        texts = gold_texts(gold_dir, name, polnear_dir)
        if texts is None:
            result[name] = "skipped: no corpus at hand"
            continue
        scores = FigureScores()
        records = extract_many(texts.values(), nlp=nlp)
        for (article, text), record in zip(texts.items(), records):
            score_article(text, [figure for figure in gold if figure["article"] == article], record.quantities, scores)
        pooled.add(scores)
        result[name] = scores.as_dict()
        result[name]["wrong"] = scores.misses
    result["all"] = pooled.as_dict()
    return result
