"""An Article as HTML: its text with each statement's parts marked, exact to the character.

Jupyter shows an Article this way (`Article._repr_html_`). Each role has its
colour, and each mark's title names its statement ("s2 SOURCE").
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whosaid.record.model import Article, Quantity, SourceRef

ROLE_COLOURS = {"SOURCE": "#a5d6f7", "CUE": "#ffd54f", "CONTENT": "#c5e1a5", "VIA": "#d1c4e9", "FIGURE": "#ffccbc"}


# A mark: (start, end, label "s2 CONTENT" / "q1 FIGURE", anchor id for its first piece or "",
# whom a speaker's or relay's words were given to, "→ Ann Lee · 0.82", or "").
Mark = tuple[int, int, str, str, str]


def resolved_as(source: SourceRef) -> str:
    """Whom a speaker's or relay's words were resolved to, where the words do not name it: "→ Ann
    Lee · 0.82" for "he" or "Lee"; "" for "Mayor Ann Lee", an unresolved source or one resolved
    too unsurely to be shown (SourceRef.shown_name)."""
    name = source.shown_name()
    if not name or name in source.text:
        return ""
    return f"→ {name}" + (f" · {source.confidence:.2f}" if source.confidence is not None else "")


def _article_marks(article: Article, figures: bool) -> list[Mark]:
    marks: list[Mark] = []
    for statement in article.statements:
        sources = [("SOURCE", statement.speaker), *(("VIA", source) for source in statement.reported_via)]
        marks += [
            (part.start, part.end, f"{statement.id} {role}", "", resolved_as(part))
            for role, part in sources
            if part is not None
        ]
        if statement.cue is not None:
            marks.append((statement.cue.start, statement.cue.end, f"{statement.id} CUE", "", ""))
        marks += [
            (start, end, f"{statement.id} CONTENT", statement.id if number == 0 else "", "")
            for number, (start, end) in enumerate(statement.content.fragments)
        ]
    if figures:
        marks += [(q.start, q.end, f"{q.id} FIGURE", q.id, "") for q in article.quantities]
    return marks


def article_html(article: Article, *, inline_style: bool = True, figures: bool = False) -> str:
    """The article's text with its statements' parts marked (nested where they nest), exact to the character.

    With `inline_style` the colours are in each mark (Jupyter); without, marks carry classes
    (`role-source`, ...) for a stylesheet, the id of what they are part of (`data-part="s2"`),
    and each statement's content and each figure (with `figures`) an id to link to (`#s2`, `#q1`).
    """
    marks = _article_marks(article, figures)
    boundaries = sorted({0, len(article.text), *(m[0] for m in marks), *(m[1] for m in marks)})
    pieces = []
    for start, end in zip(boundaries, boundaries[1:]):
        text = html.escape(article.text[start:end])
        for first, last, label, anchor, resolved in marks:
            if not first <= start < end <= last:
                continue
            role = label.split()[1]
            look = (
                f'style="background:{ROLE_COLOURS[role]}"'
                if inline_style
                else f'class="role-{role.lower()}" data-part="{label.split()[0]}"'
            )
            where = f' id="{anchor}"' if anchor and start == first and not inline_style else ""
            # shown after the words by the stylesheet (::after), so the page's text stays the article's
            shown = f' data-resolved="{html.escape(resolved)}"' if resolved and end == last else ""
            title = html.escape(f"{label} {resolved}".strip())
            text = f'<mark {look}{where}{shown} title="{title}">{text}</mark>'
        pieces.append(text)
    look = ' style="white-space:pre-wrap;line-height:2"' if inline_style else ""
    return f'<div class="whosaid-article"{look}>{"".join(pieces)}</div>'


_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_BOUNDS = {"=": "", "~": "~", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ "}


def _number(value: float, scale: tuple[float, str] | None) -> str:
    if scale is not None:
        value /= scale[0]
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def format_figure(value: float | None, value_max: float | None, bound: str, unit: str | None, text: str) -> str:
    """A figure as people write it: "> 1,200 homes", "~70 million EUR", "3–5 million USD", "52% of voters"
    (the words of the text when it has no value)."""
    if value is None:
        return text
    top = max(abs(value), abs(value_max or 0))
    scale = next((item for item in _SCALES if top >= item[0]), None)
    number = _number(value, scale)
    if value_max is not None:
        number += "–" + _number(value_max, scale)
    if scale is not None:
        number += f" {scale[1]}"
    if unit and unit.startswith("percent"):  # "percent", "percent of voters"
        return f"{_BOUNDS[bound]}{number}%{unit[len('percent') :]}"
    return f"{_BOUNDS[bound]}{number}" + (f" {unit}" if unit else "")


def format_quantity(quantity: Quantity) -> str:
    return format_figure(quantity.value, quantity.value_max, quantity.bound, quantity.unit, quantity.text)
