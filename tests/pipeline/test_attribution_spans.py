from spacy.tokens import Span

from whosaid.pipeline.attribution_spans import (
    CONTENT,
    CUE,
    SOURCE,
    SPANS_KEY,
    attributions_in,
    content_owners,
    outermost,
    reporters,
)


def test_spans_are_grouped_by_attribution_and_role(blank_nlp):
    doc = blank_nlp("“We agreed,” Ibarra said, “and we will build it.” Officials said so.")
    doc.spans[SPANS_KEY] = [
        Span(doc, 8, 16, label="CONTENT", span_id="a1"),
        Span(doc, 0, 5, label="CONTENT", span_id="a1"),
        Span(doc, 5, 6, label="SOURCE", span_id="a1"),
        Span(doc, 6, 7, label="CUE", span_id="a1"),
        Span(doc, 16, 17, label="SOURCE", span_id="a2"),
        Span(doc, 17, 18, label="CUE", span_id="a2"),
    ]
    grouped = attributions_in(doc)
    assert list(grouped) == ["a1", "a2"]
    assert [s.text for s in grouped["a1"]["CONTENT"]] == ["“We agreed,”", "“and we will build it.”"]
    assert [s.text for s in grouped["a2"]["CUE"]] == ["said"]
    assert grouped["a2"]["CONTENT"] == []


def with_roles(doc, **attributions):
    """The Doc with each attribution's (source, cue, content) token ranges as its role spans."""
    doc.spans[SPANS_KEY] = [
        Span(doc, start, end, label=label, span_id=attribution)
        for attribution, ranges in attributions.items()
        for label, (start, end) in zip((SOURCE, CUE, CONTENT), ranges)
    ]
    return doc


def test_doc_without_attributions(blank_nlp):
    assert attributions_in(blank_nlp("Nothing here.")) == {}


def test_outermost_drops_attributions_inside_another_content(blank_nlp):
    doc = with_roles(
        blank_nlp("KCNA reported that Kim said it works"), a1=((0, 1), (1, 2), (2, 7)), a2=((3, 4), (4, 5), (5, 7))
    )
    grouped = attributions_in(doc)
    assert list(outermost(grouped)) == ["a1"]


def test_contents_that_hold_each_others_cue_make_no_endless_chain(blank_nlp):
    # a1's content holds a2's cue and a2's content holds a1's cue: the longer content is outermost
    doc = blank_nlp("Lee said that Kim said that the dam held , officials added")
    doc = with_roles(doc, a1=((0, 1), (1, 2), (2, 10)), a2=((3, 4), (4, 5), (0, 2)))
    grouped = attributions_in(doc)
    assert reporters(grouped, content_owners(grouped)) == {"a1": None, "a2": "a1"}
    assert list(outermost(grouped)) == ["a1"]
