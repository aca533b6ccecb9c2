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


def attributions_in(doc: Doc) -> dict[str, dict[str, list[Span]]]:
    """{attribution id: {role label: [spans, in text order]}}, in order of first appearance."""
    grouped: dict[str, dict[str, list[Span]]] = defaultdict(lambda: {label: [] for label in (*ROLE_LABELS, VIA)})
    if SPANS_KEY in doc.spans:
        for span in sorted(doc.spans[SPANS_KEY], key=lambda s: (s.start, s.end)):
            grouped[span.id_][span.label_].append(span)
    return dict(grouped)


def outermost(grouped: dict[str, dict[str, list[Span]]]) -> dict[str, dict[str, list[Span]]]:
    """The attributions no other attribution's content holds (PolNeAR annotates no nesting)."""
    in_content: set[tuple[str, int]] = set()
    for key, roles in grouped.items():
        in_content.update((key, i) for span in roles[CONTENT] for i in range(span.start, span.end))
    content_tokens: dict[int, set[str]] = defaultdict(set)
    for key, i in in_content:
        content_tokens[i].add(key)
    return {
        key: roles
        for key, roles in grouped.items()
        if not (content_tokens.get((roles[CUE] or roles[CONTENT] or roles[SOURCE])[0].start, set()) - {key})
    }


def prefix_attribution_ids(doc: Doc, prefix: str) -> dict[str, float]:
    """Make a chunk's attribution ids unique before chunks are merged into one Doc.

    Returns the chunk's confidences under the new ids.
    """
    if SPANS_KEY in doc.spans:
        doc.spans[SPANS_KEY] = [
            Span(doc, span.start, span.end, label=span.label_, span_id=f"{prefix}{span.id_}")
            for span in doc.spans[SPANS_KEY]
        ]
    confidence = doc._.get(CONFIDENCE_EXTENSION) if doc.has_extension(CONFIDENCE_EXTENSION) else None
    return {f"{prefix}{key}": value for key, value in (confidence or {}).items()}


def whole_words(span: Span) -> Span:
    """The span grown over word parts glued to it ("Tae" "-" "song")."""
    doc, start, end = span.doc, span.start, span.end
    while end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].is_alpha or doc[end].text == "-"):
        end += 1
    while start > 0 and not doc[start - 1].whitespace_ and (doc[start - 1].is_alpha or doc[start - 1].text == "-"):
        start -= 1
    while end > start and doc[end - 1].text == "-":
        end -= 1
    return doc[start:end]
