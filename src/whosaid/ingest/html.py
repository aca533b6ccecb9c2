"""HTML pages as articles: main text and metadata by trafilatura."""

from __future__ import annotations

import codecs
import re

from whosaid.errors import InvalidRecordError, WhosaidError
from whosaid.ingest.reading import decode
from whosaid.inputs import ArticleInput, ArticleMeta

# Where a page declares its encoding: <meta charset="..."> or <meta http-equiv=... content="...; charset=...">,
# looked for, as browsers do, in its first 1024 bytes.
_DECLARED_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
PRESCAN_BYTES = 1024


def declared_encoding(data: bytes) -> str | None:
    """The Python codec of the charset a page declares, or None. As in browsers, Latin-1 and
    ASCII mean windows-1252, and a UTF-16 declaration in bytes that were read as ASCII means UTF-8."""
    found = _DECLARED_CHARSET.search(data[:PRESCAN_BYTES])
    if found is None:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def article_from_html(data: bytes, where: str) -> ArticleInput:
    """The page's main text (paragraphs separated by blank lines, as whosaid reads them),
    title, date, outlet (site name) and URL, read in the encoding the page declares (its byte
    order mark first). A page without main text is an error."""
    import trafilatura

    document = trafilatura.bare_extraction(decode(data, where, declared_encoding(data)), with_metadata=True)
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
