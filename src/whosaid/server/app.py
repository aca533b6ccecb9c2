"""`create_app()`: the HTTP API over the pipeline and the store, and the web page at /.

Limits that hold:
- request bodies over `max_body_bytes` get 413;
- extraction runs in a child process (whosaid.server.worker), one article at a
  time; one that takes longer than `timeout_seconds` is killed and gets 503, and
  the next request finds a fresh process;
- at most `max_queue` extractions wait; more get 503 with Retry-After; the wait counts
  against `timeout_seconds`;
- at most `max_exports` exports run at once (more get 503), each written to a temporary file
  and stopped (503) past `timeout_seconds`;
- each client (by address) may make `rate_limit` requests a minute (0: no limit);
  more get 429 with Retry-After;
- with `allowed_hosts`, a request naming another Host gets 400 (a DNS-rebinding
  page cannot reach a loopback server);
- every response carries nosniff, no-framing and a Content-Security-Policy
  without inline script.
Bad input gets a 4xx JSON error `{"detail": ...}`; queries are validated
(whosaid.store.filters) and use bound parameters only.
"""

from __future__ import annotations

import contextlib
import html
import math
import os
import re
import tempfile
import threading
import time
from pathlib import Path
from typing import Annotated

import anyio
import fastapi_offline
from fastapi import APIRouter, FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as PathParameter
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict
from starlette.background import BackgroundTask

from whosaid.errors import ExportTimeoutError, StoreDamagedError, WhosaidError
from whosaid.inputs import ArticleInput, ArticleMeta
from whosaid.pipeline.profile_options import DEFAULT_PROFILE
from whosaid.record.model import NAMED_SPEAKER_CONFIDENCE, SHOWN_CONFIDENCE, Article
from whosaid.server.pages import page_router
from whosaid.server.worker import ExtractionTimeout, ExtractionWorker
from whosaid.store.exports import MEDIA_TYPES, ExportFormat, ExportTable, write_export
from whosaid.store.filters import MAX_ID, ArticleFilter, ClaimFilter, MinConfidence, ProvenanceFilter, StatementFilter
from whosaid.store.results import Claim, ClaimHistory, EntityPage, StoredArticle, StoredStatement
from whosaid.store.store import Store

STATIC = Path(__file__).parent / "static"
# Swagger UI's script and styles, as fastapi-offline packages them: /docs needs no CDN.
SWAGGER_ASSETS = Path(fastapi_offline.__file__).parent / "static"
# The response header of GET /statements saying how many more match below min_confidence.
HELD_BACK_HEADER = "X-Whosaid-Held-Back"


class BodySizeLimit:
    """413 for a request body over `limit` bytes, whether it says its length or streams
    in chunks: the body is counted as it arrives, never read whole first."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = JSONResponse({"detail": f"request body over {self.limit} bytes"}, status_code=413)
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await too_large(scope, receive, send)
            return
        received = 0
        rejected = False

        async def counted_receive():
            nonlocal received, rejected
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit and not rejected:
                rejected = True
                await too_large(scope, receive, send)
                return {"type": "http.disconnect"}  # the app stops reading; its own reply is dropped
            return message

        async def guarded_send(message) -> None:
            if not rejected:
                await send(message)

        await self.app(scope, counted_receive, guarded_send)


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


# A Host header as RFC 9110 allows it: a name or an IPv4 address, or an IPv6 address in brackets,
# then an optional port; nothing else ("[::1].evil.example", "localhost:8765@evil.example").
_HOST_HEADER = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::[0-9]{1,5})?", re.IGNORECASE)


def host_name(header: str) -> str | None:
    """The host of a Host header, without its port ("[::1]:8000" -> "[::1]"); None when malformed."""
    found = _HOST_HEADER.fullmatch(header)
    return found.group(1) if found else None


class GuardMiddleware:
    """Host checking, per-client rate limiting and security headers, in one pass."""

    def __init__(self, app, allowed_hosts: tuple[str, ...] | None, rate_limit: int) -> None:
        self.app = app
        self.allowed_hosts = {host.lower() for host in allowed_hosts} if allowed_hosts else None
        self.rate_limit = rate_limit
        self.buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)

    def _allow(self, client: str) -> float:
        """0 if the client may go on, else the seconds until it may (token bucket)."""
        now = time.monotonic()
        tokens, then = self.buckets.get(client, (float(self.rate_limit), now))
        tokens = min(float(self.rate_limit), tokens + (now - then) * self.rate_limit / 60)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return (1 - tokens) * 60 / self.rate_limit
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > 10_000:  # forget idle clients
            self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < 60}
        return 0.0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self.allowed_hosts is not None:
            host = host_name(headers.get(b"host", b"").decode("latin-1").lower())
            if host not in self.allowed_hosts:
                await JSONResponse({"detail": "unknown Host header"}, status_code=400)(scope, receive, send)
                return
        if self.rate_limit:
            client = (scope.get("client") or ("?", 0))[0]
            wait = self._allow(client)
            if wait:
                retry = {"Retry-After": str(math.ceil(wait))}
                await JSONResponse({"detail": "too many requests"}, 429, headers=retry)(scope, receive, send)
                return

        async def secured_send(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
            await send(message)

        await self.app(scope, receive, secured_send)


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None


class Stored(BaseModel):
    id: str
    duplicate: bool


def create_app(
    db: str | Path | None = None,
    *,
    max_body_bytes: int = 2_000_000,
    timeout_seconds: float = 60.0,
    max_queue: int = 8,
    max_exports: int = 2,
    rate_limit: int = 600,
    allowed_hosts: tuple[str, ...] | None = None,
    profile: str = DEFAULT_PROFILE.value,
) -> FastAPI:
    store = Store(db)
    worker = ExtractionWorker(profile)
    waiting = 0  # extractions queued or running
    exports = threading.BoundedSemaphore(max_exports)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        await anyio.to_thread.run_sync(worker.start)
        yield
        worker.stop()
        store.close()

    app = FastAPI(
        title="whosaid",
        summary="Who said what, according to whom: extract, store and query claims.",
        lifespan=lifespan,
        docs_url=None,  # served below from packaged assets: /docs works offline
        redoc_url=None,
    )
    api = APIRouter(prefix="/api")
    app.state.worker = worker
    app.add_middleware(BodySizeLimit, limit=max_body_bytes)
    app.add_middleware(GuardMiddleware, allowed_hosts=allowed_hosts, rate_limit=rate_limit)

    async def extract_body(body: ArticleIn) -> Article:
        nonlocal waiting
        if len(body.text.encode("utf-8", "surrogatepass")) > max_body_bytes:
            raise HTTPException(413, f"text over {max_body_bytes} bytes")
        try:
            meta = ArticleMeta.create(title=body.title, url=body.url, outlet=body.outlet, published=body.published)
            article = ArticleInput(body.text, meta)
        except WhosaidError as error:
            raise HTTPException(400, str(error)) from None
        if waiting >= max_queue:
            raise HTTPException(503, "too many extractions waiting", headers={"Retry-After": "10"})
        waiting += 1
        try:
            return await anyio.to_thread.run_sync(worker.extract, article, timeout_seconds)
        except ExtractionTimeout as error:
            raise HTTPException(503, str(error), headers={"Retry-After": "5"}) from None
        except WhosaidError as error:
            raise HTTPException(400, str(error)) from None
        finally:
            waiting -= 1

    @api.post("/extract", response_model=Article, summary="Extract the record of an article (nothing is stored)")
    async def extract(body: ArticleIn) -> Article:
        return await extract_body(body)

    @api.post("/articles", response_model=Stored, summary="Extract and store an article")
    async def add_article(body: ArticleIn) -> Stored:
        article = await extract_body(body)
        try:
            article_id, duplicate = await anyio.to_thread.run_sync(store.add, article)
        except WhosaidError as error:
            raise HTTPException(400, str(error)) from None
        return Stored(id=article_id, duplicate=duplicate)

    @api.get("/articles/{article_id}", response_model=Article, summary="A stored article's record")
    def get_article(article_id: Annotated[str, PathParameter(max_length=200)]) -> Article:
        article = store.article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id}")
        return article

    @api.get("/statements", summary="Stored statements, newest first")
    def statements(filters: Annotated[StatementFilter, Query()], response: Response) -> list[StoredStatement]:
        # How many more match below min_confidence: shown with min_confidence=0.
        response.headers[HELD_BACK_HEADER] = str(store.held_back(filters))
        return store.statements(filters)

    @api.get("/entities/{entity_id}", summary="An entity: its names, what it said and what was said about it")
    def entity(entity_id: Annotated[int, PathParameter(ge=1, le=MAX_ID)]) -> EntityPage:
        page = store.entity(entity_id)
        if page is None:
            raise HTTPException(404, f"no entity {entity_id}")
        return page

    @api.get("/claims", summary="Figures grouped by what they count, with who reported them")
    def claims(filters: Annotated[ClaimFilter, Query()]) -> dict[str, list[Claim]]:
        return store.claims(filters)

    @api.get("/provenance", summary="Claims reported in several articles: their reports in order, and drift")
    def provenance(filters: Annotated[ProvenanceFilter, Query()]) -> list[ClaimHistory]:
        return store.claim_histories(filters)

    @api.get("/articles", summary="Stored articles, newest first")
    def articles(filters: Annotated[ArticleFilter, Query()]) -> list[StoredArticle]:
        return store.articles(filters)

    @api.get("/export/{table}.{file_format}", summary="Download a stored table: csv, xlsx or parquet")
    def export(
        table: ExportTable, file_format: ExportFormat, min_confidence: MinConfidence = SHOWN_CONFIDENCE
    ) -> Response:
        # Written to a temporary file, not built in memory; at most `max_exports` at once, each
        # under the server's timeout.
        if not exports.acquire(blocking=False):
            raise HTTPException(503, "too many exports running", headers={"Retry-After": "30"})
        handle = tempfile.NamedTemporaryFile(prefix="whosaid-export-", delete=False)
        try:
            with handle:
                deadline = time.monotonic() + timeout_seconds
                write_export(store, table, file_format, handle, deadline=deadline, min_confidence=min_confidence)
        except BaseException as error:
            os.unlink(handle.name)
            if isinstance(error, ExportTimeoutError):
                raise HTTPException(503, str(error), headers={"Retry-After": "60"}) from None
            raise
        finally:
            exports.release()
        disposition = f'attachment; filename="whosaid-{table.value}.{file_format.value}"'
        return FileResponse(
            handle.name,
            media_type=MEDIA_TYPES[file_format],
            headers={"Content-Disposition": disposition},
            background=BackgroundTask(os.unlink, handle.name),
        )

    app.include_router(api)

    @app.exception_handler(StoreDamagedError)
    async def damaged_store(request: Request, error: StoreDamagedError) -> Response:
        """A corrupt store is the server's trouble, not the request's: 503, with how to recover it."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(error)}, status_code=503)
        page = (
            "<!doctype html><html lang=en><meta charset=utf-8><title>whosaid: the store is damaged</title>"
            f"<h1>The store is damaged</h1><p>{html.escape(str(error))}</p></html>"
        )
        return HTMLResponse(page, status_code=503)

    @app.get("/extract", include_in_schema=False)
    def extract_page() -> HTMLResponse:
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        page = page.replace("{{shown_confidence}}", str(SHOWN_CONFIDENCE))
        return HTMLResponse(page.replace("{{named_speaker_confidence}}", str(NAMED_SPEAKER_CONFIDENCE)))

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    app.mount("/static/swagger", StaticFiles(directory=SWAGGER_ASSETS), name="swagger")
    app.include_router(page_router(store))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
