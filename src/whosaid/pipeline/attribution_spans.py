"""How attributions live in a Doc.

All role spans go into one span group, `doc.spans[SPANS_KEY]`, labelled
SOURCE, CUE, CONTENT or VIA; spans of one attribution share a `span.id_`. A
content split around its cue is several CONTENT spans with the same id. An
attribution whose cue lies inside another's content is reported through it. The
same layout serves as gold annotation in training and as the attribution
components' output; `doc._.whosaid_attribution_confidence` maps ids to the
component's confidence.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Span

SPANS_KEY = "whosaid_attributions"
# {attribution id: confidence in 0..1}, set by the attribution component.
CONFIDENCE_EXTENSION = "whosaid_attribution_confidence"
SOURCE, CUE, CONTENT = "SOURCE", "CUE", "CONTENT"
ROLE_LABELS = (SOURCE, CUE, CONTENT)
# A source the statement was relayed through ("in a message carried by Z").
VIA = "VIA"
# The fast attribution model's spans where another model's attributions stand (the accurate and
# precise profiles): a second opinion the statement confidence reads, in the same layout.
SECOND_OPINION_KEY = "whosaid_second_opinion"


def attributions_in(doc: Doc, key: str = SPANS_KEY) -> dict[str, dict[str, list[Span]]]:
    """{attribution id: {role label: [spans, in text order]}}, in order of first appearance."""
    grouped: dict[str, dict[str, list[Span]]] = defaultdict(lambda: {label: [] for label in (*ROLE_LABELS, VIA)})
    if key in doc.spans:
        for span in sorted(doc.spans[key], key=lambda s: (s.start, s.end)):
            grouped[span.id_][span.label_].append(span)
    return dict(grouped)


def statements_in(doc: Doc, key: str = SPANS_KEY) -> dict[str, dict[str, list[Span]]]:
    """The attributions that have a content: the statements."""
    return {attribution: roles for attribution, roles in attributions_in(doc, key).items() if roles[CONTENT]}


def content_owners(grouped: dict[str, dict[str, list[Span]]]) -> dict[int, str]:
    """For each token in some content, the innermost attribution whose content holds it."""
    owners: dict[int, str] = {}
    for key in sorted(grouped, key=lambda key: -sum(len(span) for span in grouped[key][CONTENT])):
        for span in grouped[key][CONTENT]:
            owners.update(dict.fromkeys(range(span.start, span.end), key))
    return owners


def reporters(grouped: dict[str, dict[str, list[Span]]], owners: dict[int, str]) -> dict[str, str | None]:
    """For each attribution, the innermost other one whose content holds its cue (its
    first span without a cue): "KCNA reported that Kim said ..." -> Kim's is KCNA's."""
    result = {}
    for key, roles in grouped.items():
        reporter = owners.get((roles[CUE] or roles[CONTENT] or roles[SOURCE])[0].start)
        result[key] = reporter if reporter != key else None
    # Contents that overlap can each hold the other's cue: the longest content of such a cycle
    # is reported by none (else the chain of reporters never ends).
    for key in grouped:
        seen = [key]
        while (current := result[seen[-1]]) is not None and current not in seen:
            seen.append(current)
        if current is not None:
            cycle = seen[seen.index(current) :]
            result[max(cycle, key=lambda k: (sum(len(span) for span in grouped[k][CONTENT]), k))] = None
    return result


def outermost(grouped: dict[str, dict[str, list[Span]]]) -> dict[str, dict[str, list[Span]]]:
    """The attributions no other attribution reports (PolNeAR annotates no nesting)."""
    reported = reporters(grouped, content_owners(grouped))
    return {key: roles for key, roles in grouped.items() if reported[key] is None}


def prefix_attribution_ids(doc: Doc, prefix: str) -> dict[str, float]:
    """Make a chunk's attribution ids unique before chunks are merged into one Doc.

    Returns the chunk's confidences under the new ids.
    """
    for key in (SPANS_KEY, SECOND_OPINION_KEY):
        if key in doc.spans:
            doc.spans[key] = [
                Span(doc, span.start, span.end, label=span.label_, span_id=f"{prefix}{span.id_}")
                for span in doc.spans[key]
            ]
    confidence = doc._.get(CONFIDENCE_EXTENSION) if doc.has_extension(CONFIDENCE_EXTENSION) else None
    return {f"{prefix}{key}": value for key, value in (confidence or {}).items()}
