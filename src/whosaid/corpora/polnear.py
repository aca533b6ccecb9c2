"""Read PolNeAR: article texts, brat attribution annotations and metadata.

Layout (as in ../shared/data/polnear): DIR/SPLIT/text/NAME.txt,
DIR/SPLIT/attributions/NAME_ANNOTATOR.ann, DIR/metadata.tsv. When several
annotators annotated one article, the alphabetically first annotator id is
used (the first one metadata.tsv lists).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whosaid.errors import InputNotFoundError
from whosaid.record.fragments import ROLES, FragmentAttribution, FragmentSpan

_SPAN_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_EVENT_LINE = re.compile(r"^E\d+\t(.*)$")
# Brat span types that are parts of attributions; annotators' other labels
# ("Discuss", "Discard") are notes, not annotations.
_ROLE_OF_TYPE = {"Source": "source", "Cue": "cue", "Content": "content"}
_ANCHOR_TYPES = {"Attribution", "Attribution-no-source"}


@dataclass
class PolnearArticle:
    name: str
    text: str
    attributions: list[FragmentAttribution]
    annotator: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def parse_ann(content: str) -> list[FragmentAttribution]:
    """Attributions from a brat .ann file's text.

    A span's text may run over several lines; offsets are what count, so
    continuation lines are skipped.
    """
    spans: dict[str, tuple[str, FragmentSpan]] = {}
    events: list[list[str]] = []
    for line in content.splitlines():
        if match := _SPAN_LINE.match(line):
            span_id, span_type, offsets = match.groups()
            fragments = tuple(sorted(tuple(map(int, piece.split())) for piece in offsets.split(";")))
            spans[span_id] = (span_type, FragmentSpan(fragments))
        elif match := _EVENT_LINE.match(line):
            events.append([argument.split(":", 1)[1] for argument in match.group(1).split() if ":" in argument])
    attributions = []
    for arguments in events:
        by_role: dict[str, list[FragmentSpan]] = {role: [] for role in ROLES}
        is_attribution = False
        for span_id in arguments:
            if span_id not in spans:
                continue
            span_type, span = spans[span_id]
            is_attribution |= span_type in _ANCHOR_TYPES
            if span_type in _ROLE_OF_TYPE:
                by_role[_ROLE_OF_TYPE[span_type]].append(span)
        if is_attribution and any(by_role.values()):
            merged = {role: FragmentSpan.merge(found) if found else None for role, found in by_role.items()}
            attributions.append(FragmentAttribution(**merged))
    return attributions


def read_metadata(polnear_dir: Path) -> dict[str, dict[str, str]]:
    path = polnear_dir / "metadata.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}


def annotation_files(polnear_dir: Path, split: str) -> dict[str, Path]:
    """One .ann file per article name: the alphabetically first annotator's."""
    chosen: dict[str, Path] = {}
    for path in sorted((polnear_dir / split / "attributions").glob("*.ann")):
        name = path.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, path)
    return chosen


def read_split(polnear_dir: Path, split: str) -> Iterator[PolnearArticle]:
    """Every article of a split that has both a text and an annotation."""
    text_dir = polnear_dir / split / "text"
    if not text_dir.is_dir():
        raise InputNotFoundError(f"{text_dir}: no PolNeAR text directory")
    metadata = read_metadata(polnear_dir)
    annotations = annotation_files(polnear_dir, split)
    for text_path in sorted(text_dir.glob("*.txt")):
        ann_path = annotations.get(text_path.stem)
        if ann_path is None:
            continue
        yield PolnearArticle(
            name=text_path.stem,
            text=text_path.read_text(encoding="utf-8"),
            attributions=parse_ann(ann_path.read_text(encoding="utf-8")),
            annotator=ann_path.stem.rsplit("_", 1)[1],
            metadata=metadata.get(text_path.stem, {}),
        )
