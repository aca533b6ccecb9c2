"""A Doc's statements drawn by displaCy, a colour per role (an Article draws itself: whosaid.record.model.article_html).

Each span's label names its statement ("s2 SOURCE"), so the parts of one
statement read as a pair.
"""

from __future__ import annotations

from spacy import displacy
from spacy.tokens import Doc

from whosaid.pipeline.attribution_spans import attributions_in
from whosaid.pipeline.extensions import STATEMENTS, register_extensions
from whosaid.record.model import ROLE_COLOURS


def statement_spans(doc: Doc) -> list[dict]:
    """displaCy's manual span data for every statement's roles, labelled "s1 SOURCE", ..."""
    register_extensions()
    grouped = attributions_in(doc)
    spans = []
    for statement in doc._.get(STATEMENTS) or []:
        for role, role_spans in grouped[statement["attribution"]].items():
            spans += [
                {"start_token": span.start, "end_token": span.end, "label": f"{statement['id']} {role}"}
                for span in role_spans
            ]
    return sorted(spans, key=lambda span: (span["start_token"], -span["end_token"]))


def render_statements(doc: Doc, *, jupyter: bool | None = None, page: bool = False) -> str:
    """The Doc's statements drawn by displaCy's span renderer, a colour per role.

    In Jupyter it is displayed (and None returned) unless `jupyter=False`; elsewhere it returns HTML.
    """
    spans = statement_spans(doc)
    data = {"text": doc.text, "tokens": [token.text for token in doc], "spans": spans, "title": None}
    colours = {span["label"]: ROLE_COLOURS[span["label"].split()[1]] for span in spans}
    return displacy.render(data, style="span", manual=True, jupyter=jupyter, page=page, options={"colors": colours})
