"""The analyst's web app: server-rendered pages over the store, each at its own URL.

/articles (a filtered list), /articles/{id} (the text with every statement marked,
and the statements with hedges, negation, confidence, figures and dates),
/entities/{id}, /claims (figures by what they count, charted by date), /search,
/provenance (claims reported in several articles: a timeline of outlets, each report's
wording beside the first report's with the differences marked, the drift).
Every result links to its evidence: the article, scrolled to the marked span
(`#s3` for a statement, `#q2` for a figure). Templates escape every value
(Jinja2 autoescape); the only markup built in code is the marked text and the
charts, which escape their text themselves.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
from pathlib import Path
from typing import Annotated, Any, get_args
from urllib.parse import urlencode, urlparse

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import BaseModel

from whosaid.errors import InvalidQueryError
from whosaid.provenance.claims import content_words
from whosaid.provenance.history import UNKNOWN_OUTLET
from whosaid.record.figures import format_figure, format_quantity
from whosaid.record.model import SHOWN_CONFIDENCE, Article, SourceType, article_html, reporting_chain, resolved_as
from whosaid.store.filters import (
    MAX_ID,
    ArticleFilter,
    ClaimFilter,
    MinConfidence,
    ProvenanceFilter,
    StatementFilter,
    validated,
)
from whosaid.store.results import Claim, ClaimHistory, evidence_path
from whosaid.store.store import Store

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
TEMPLATES.env.filters["chain"] = lambda relays, speaker: reporting_chain(speaker, list(relays))
TEMPLATES.env.globals["default_confidence"] = SHOWN_CONFIDENCE


def _filters(model: type[BaseModel], request: Request) -> tuple[Any, dict[str, str], str | None]:
    """The filter from the query string (blank fields left out), the values to show back, an error."""
    shown = {key: value for key, value in request.query_params.items() if key in model.model_fields}
    given = {key: value for key, value in shown.items() if value.strip()}
    try:
        return validated(model, given), shown, None
    except InvalidQueryError as error:
        return validated(model, {}), shown, str(error)


def _next_page(request: Request, filters: Any, count: int) -> str | None:
    if count < filters.limit:
        return None
    values = {**request.query_params, "offset": str(filters.offset + filters.limit)}
    return f"{request.url.path}?{urlencode(values)}"


def _safe_url(url: str | None) -> str | None:
    """A link only to http(s) pages: never javascript: or data: URLs from an article's metadata."""
    return url if url and urlparse(url).scheme in ("http", "https") else None


def _statement_rows(article: Article, entity_ids: dict[str, int]) -> list[dict[str, Any]]:
    quantities = {q.id: q for q in article.quantities}
    times = {t.id: t for t in article.times}
    rows = []
    for statement in article.statements:
        speaker = statement.speaker
        named = speaker.shown_name() if speaker else None
        canonical = entity_ids.get(speaker.entity) if named and speaker.entity else None
        rows.append(
            {
                "statement": statement,
                "speaker": (named or speaker.text) if speaker else None,
                # "→ a spokesman for the port authority (unnamed)" for a "he" given to one
                "unnamed": resolved_as(speaker) if speaker and not named else "",
                "speaker_link": f"/entities/{canonical}" if canonical else None,
                "via": [source.name or source.text for source in statement.reported_via],
                "figures": [{"id": i, "label": format_quantity(quantities[i])} for i in statement.quantities],
                "times": [times[i] for i in statement.times],
            }
        )
    return rows


def _date_axis(days: list[dt.date], left: float, right: float):
    """(first day, last day, x of a day) for dots spread by date between `left` and `right`."""
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    return first, last, lambda day: left + (right - left) * ((day - first).days / span if last != first else 0.5)


def _chart(label: str, width: int, height: int, body: str) -> Markup:
    return Markup(
        f'<svg class="chart" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">{body}</svg>'
    )


def claims_chart(claims: list[Claim], measure: str, width: int = 640, height: int = 160) -> Markup:
    """The figures of one measure as dots by publication date, the value axis labelled with the
    measure (inline SVG; no script)."""
    points = [
        (dt.date.fromisoformat(c.published), c.value, c)
        for c in claims
        if c.published and c.value is not None and len(c.published) == 10
    ]
    if len(points) < 2:  # one dot says nothing a table row does not
        return Markup("")
    first, last, x_of = _date_axis([p[0] for p in points], 40, width - 20)
    top = max(p[1] for p in points) or 1.0
    dots = []
    for day, value, claim in points:
        y = height - 20 - (height - 40) * value / top
        figure = format_figure(value, claim.value_max, claim.bound, None, claim.text)
        label = f"{figure} · {claim.outlet or '?'} · {day}"
        dots.append(f'<circle cx="{x_of(day):.1f}" cy="{y:.1f}" r="5"><title>{html.escape(label)}</title></circle>')
    highest = html.escape(format_figure(top, None, "=", None, ""))
    axis = (
        f'<text x="40" y="{height - 4}">{first}</text><text x="{width - 20}" y="{height - 4}" '
        f'text-anchor="end">{last}</text><text x="4" y="16">{highest}</text>'
        f'<line x1="40" y1="{height - 20}" x2="{width - 20}" y2="{height - 20}" stroke="#999"/>'
        f'<text x="{width - 20}" y="16" text-anchor="end">{html.escape(measure)}</text>'
    )
    return _chart(f"values of {html.escape(measure)} by date", width, height, axis + "".join(dots))


def outlets_timeline(history: ClaimHistory, width: int = 640, row: int = 22) -> Markup:
    """The claim's reports as dots by date, one row per outlet in order of its first report
    (inline SVG; no script); nothing when fewer than two reports are dated."""
    dated = [(dt.date.fromisoformat(r.published), r) for r in history.reports if r.published and len(r.published) == 10]
    if len(dated) < 2:
        return Markup("")
    outlets = list(dict.fromkeys(report.outlet or UNKNOWN_OUTLET for _, report in dated))
    first, last, x_of = _date_axis([day for day, _ in dated], 150, width - 20)
    height = row * len(outlets) + 24
    parts = [f'<text x="4" y="{row * i + 16}">{html.escape(outlet[:18])}</text>' for i, outlet in enumerate(outlets)]
    for day, report in dated:
        outlet = report.outlet or UNKNOWN_OUTLET
        y = row * outlets.index(outlet) + 12
        parts.append(
            f'<circle cx="{x_of(day):.1f}" cy="{y}" r="5"><title>{html.escape(f"{outlet} · {day}")}</title></circle>'
        )
    parts.append(
        f'<text x="150" y="{height - 4}">{first}</text>'
        f'<text x="{width - 20}" y="{height - 4}" text-anchor="end">{last}</text>'
    )
    return _chart("reports by outlet and date", width, height, "".join(parts))


def marked_differences(first: str, report: str) -> Markup:
    """The report's wording with the words the first report does not have marked (<mark>)."""

    def keys(text: str) -> list[str]:
        return [" ".join(content_words(word)) for word in text.split()]

    words = report.split()
    matcher = difflib.SequenceMatcher(a=keys(first), b=keys(report), autojunk=False)
    kept = {j for block in matcher.get_matching_blocks() for j in range(block.b, block.b + block.size)}
    return Markup(" ".join(
        html.escape(word) if i in kept or not content_words(word) else f"<mark>{html.escape(word)}</mark>"
        for i, word in enumerate(words)
    ))  # fmt: skip


def page_router(store: Store) -> APIRouter:
    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

    def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, template, context, status_code=status)

    @router.get("/")
    def home() -> RedirectResponse:
        return RedirectResponse("/articles")

    @router.get("/articles")
    def articles(request: Request) -> HTMLResponse:
        filters, shown, error = _filters(ArticleFilter, request)
        found = store.articles(filters)
        filtered = any(shown.get(key) for key in ("q", "outlet", "since", "until"))
        return render(request, "articles.html", 400 if error else 200, articles=found, query=shown, error=error,
                      filtered=filtered, next_page=_next_page(request, filters, len(found)))  # fmt: skip

    @router.get("/articles/{article_id}")
    def article(
        request: Request,
        article_id: Annotated[str, PathParameter(max_length=200)],
        min_confidence: Annotated[MinConfidence, Query()] = SHOWN_CONFIDENCE,
    ) -> HTMLResponse:
        record = store.article(article_id)
        if record is None:
            return render(request, "base.html", 404, error=f"No article {article_id} in the store.")
        shown = record.model_copy(
            update={"statements": [s for s in record.statements if s.confidence >= min_confidence]}
        )
        return render(
            request,
            "article.html",
            article=record,
            source_url=_safe_url(record.url),
            text_html=Markup(article_html(shown, inline_style=False, figures=True)),
            statements=_statement_rows(shown, store.entity_ids(article_id)),
            held_back=len(record.statements) - len(shown.statements),
            below_default=sum(s.confidence < SHOWN_CONFIDENCE for s in record.statements),
            min_confidence=min_confidence,
        )

    @router.get("/entities/{entity_id}")
    def entity(
        request: Request,
        entity_id: Annotated[int, PathParameter(ge=1, le=MAX_ID)],
        min_confidence: Annotated[MinConfidence, Query()] = SHOWN_CONFIDENCE,
    ) -> HTMLResponse:
        page = store.entity(entity_id, min_confidence=min_confidence)
        if page is None:
            return render(request, "base.html", 404, error=f"No entity {entity_id} in the store.")
        return render(request, "entity.html", entity=page, min_confidence=min_confidence)

    @router.get("/search")
    def search(request: Request) -> HTMLResponse:
        filters, shown, error = _filters(StatementFilter, request)
        rows = store.statements(filters) if not error else []
        held_back = store.held_back(filters) if not error else 0
        show_all = f"/search?{urlencode({**request.query_params, 'min_confidence': '0', 'offset': '0'})}"
        return render(request, "search.html", 400 if error else 200, rows=rows, query=shown, error=error,
                      source_types=get_args(SourceType), next_page=_next_page(request, filters, len(rows)),
                      held_back=held_back, min_confidence=filters.min_confidence, show_all=show_all)  # fmt: skip

    @router.get("/claims")
    def claims(request: Request) -> HTMLResponse:
        filters, shown, error = _filters(ClaimFilter, request)
        grouped = store.claims(filters) if not error else {}
        groups = [
            {
                "measure": measure,
                "chart": claims_chart(found, measure) if found[0].comparable else "",
                "claims": [
                    {
                        **claim.model_dump(),
                        "evidence": evidence_path(claim.article_id, claim.quantity_id, claim.confidence),
                    }
                    for claim in found
                ],
            }
            for measure, found in grouped.items()
        ]
        return render(request, "claims.html", 400 if error else 200, groups=groups, query=shown, error=error,
                      min_confidence=filters.min_confidence)  # fmt: skip

    @router.get("/provenance")
    def provenance(request: Request) -> HTMLResponse:
        filters, shown, error = _filters(ProvenanceFilter, request)
        histories = store.claim_histories(filters) if not error else []
        claims = [
            {
                "history": history,
                "timeline": outlets_timeline(history),
                "wordings": [marked_differences(history.reports[0].content, r.content) for r in history.reports],
            }
            for history in histories
        ]
        return render(request, "provenance.html", 400 if error else 200, claims=claims, query=shown, error=error,
                      next_page=_next_page(request, filters, len(histories)))  # fmt: skip

    return router
