"""Attributions as character fragments: the shape in which gold annotations and the
pipeline's predictions are compared (whosaid.pipeline.attribution.scoring) and read from corpora."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("source", "cue", "content")


@dataclass(frozen=True, order=True)
class FragmentSpan:
    """A span of one or more (start, end) fragments, sorted."""

    fragments: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]

    @classmethod
    def merge(cls, spans: list[FragmentSpan]) -> FragmentSpan:
        return cls(tuple(sorted(fragment for span in spans for fragment in span.fragments)))


@dataclass(frozen=True)
class FragmentAttribution:
    source: FragmentSpan | None
    cue: FragmentSpan | None
    content: FragmentSpan | None

    def role(self, name: str) -> FragmentSpan | None:
        return getattr(self, name)
