"""An Article as HTML: its text with each statement's parts marked, exact to the character.

Jupyter shows an Article this way (`Article._repr_html_`). Each role has its
colour, and each mark's title names its statement ("s2 SOURCE").
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whosaid.record.model import Article

ROLE_COLOURS = {"SOURCE": "#a5d6f7", "CUE": "#ffd54f", "CONTENT": "#c5e1a5", "VIA": "#d1c4e9"}


def _article_marks(article: Article) -> list[tuple[int, int, str]]:
    marks = []
    for statement in article.statements:
        parts = [("SOURCE", statement.speaker), ("CUE", statement.cue)]
        parts += [("VIA", source) for source in statement.reported_via]
        marks += [(part.start, part.end, f"{statement.id} {role}") for role, part in parts if part is not None]
        marks += [(start, end, f"{statement.id} CONTENT") for start, end in statement.content.fragments]
    return marks


def article_html(article: Article) -> str:
    """The article's text with its statements' parts marked (nested where they nest), exact to the character."""
    marks = _article_marks(article)
    boundaries = sorted({0, len(article.text), *(start for start, _, _ in marks), *(end for _, end, _ in marks)})
    pieces = []
    for start, end in zip(boundaries, boundaries[1:]):
        text = html.escape(article.text[start:end])
        covering = [label for first, last, label in marks if first <= start and end <= last]
        for label in covering:
            colour = ROLE_COLOURS[label.split()[1]]
            text = f'<mark style="background:{colour}" title="{html.escape(label)}">{text}</mark>'
        pieces.append(text)
    return f'<div class="whosaid-article" style="white-space:pre-wrap;line-height:2">{"".join(pieces)}</div>'
