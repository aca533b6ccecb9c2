"""HTML pages as articles: main text and metadata by trafilatura."""

from __future__ import annotations

from whosaid.errors import InvalidRecordError, WhosaidError
from whosaid.ingest.reading import decode
from whosaid.inputs import ArticleInput, ArticleMeta


def article_from_html(data: bytes, where: str) -> ArticleInput:
    """The page's main text (paragraphs separated by blank lines, as whosaid reads them),
    title, date, outlet (site name) and URL. A page without main text is an error."""
    import trafilatura

    document = trafilatura.bare_extraction(decode(data, where), with_metadata=True)
    fields = document.as_dict() if document is not None else {}
    text = (fields.get("text") or "").strip()
    if not text:
        raise InvalidRecordError(f"{where}: no article text found in the HTML")
    try:
        meta = ArticleMeta.create(
            title=fields.get("title"),
            url=fields.get("url"),
            outlet=fields.get("sitename") or fields.get("hostname"),
            published=fields.get("date"),
        )
    except WhosaidError:  # a date the page states badly: keep the article, drop the date
        meta = ArticleMeta.create(title=fields.get("title"), url=fields.get("url"), outlet=fields.get("sitename"))
    return ArticleInput("\n\n".join(line for line in text.split("\n") if line.strip()), meta)
