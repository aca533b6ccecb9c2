"""`create_app()`: the HTTP API over the pipeline and the store, and the web page at /.

Limits: request bodies over `max_body_bytes` get 413; an extraction that takes
longer than `timeout_seconds` gets 503 (the pipeline runs one article at a time
in a worker thread); bad input gets a 4xx JSON error `{"detail": ...}`. Queries
use bound parameters only (whosaid.store).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict

from whosaid.api import ArticleInput, extract_many, load
from whosaid.errors import WhosaidError
from whosaid.record.meta import ArticleMeta
from whosaid.record.model import Article
from whosaid.store.store import Store

STATIC = Path(__file__).parent / "static"


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
    db: str | Path | None = None, *, max_body_bytes: int = 2_000_000, timeout_seconds: float = 60.0
) -> FastAPI:
    app = FastAPI(title="whosaid", summary="Who said what, according to whom: extract, store and query claims.")
    store = Store(db)
    pipeline_lock = threading.Lock()  # one extraction at a time: the pipeline is not shared between threads

    app.add_middleware(BodySizeLimit, limit=max_body_bytes)

    def run_pipeline(body: ArticleIn) -> Article:
        meta = ArticleMeta.create(title=body.title, url=body.url, outlet=body.outlet, published=body.published)
        with pipeline_lock:
            return next(extract_many([ArticleInput(body.text, meta)], nlp=load()))

    async def extract_body(body: ArticleIn) -> Article:
        if len(body.text.encode("utf-8")) > max_body_bytes:
            raise HTTPException(413, f"text over {max_body_bytes} bytes")
        try:
            with anyio.fail_after(timeout_seconds):
                return await anyio.to_thread.run_sync(run_pipeline, body, abandon_on_cancel=True)
        except TimeoutError:
            raise HTTPException(503, f"extraction took longer than {timeout_seconds:g} s") from None
        except WhosaidError as error:
            raise HTTPException(400, str(error)) from None

    @app.post("/extract", response_model=Article, summary="Extract the record of an article (nothing is stored)")
    async def extract(body: ArticleIn) -> Article:
        return await extract_body(body)

    @app.post("/articles", response_model=Stored, summary="Extract and store an article")
    async def add_article(body: ArticleIn) -> Stored:
        article = await extract_body(body)
        try:
            article_id, duplicate = await anyio.to_thread.run_sync(store.add, article)
        except WhosaidError as error:
            raise HTTPException(400, str(error)) from None
        return Stored(id=article_id, duplicate=duplicate)

    @app.get("/articles/{article_id}", response_model=Article, summary="A stored article's record")
    def get_article(article_id: str) -> Article:
        article = store.article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id}")
        return article

    @app.get("/statements", summary="Stored statements, newest first")
    def statements(
        speaker: Annotated[str | None, Query(description="Part of the speaker's name.")] = None,
        entity: Annotated[int | None, Query(description="A stored entity's id: statements that mention it.")] = None,
        speaker_entity: Annotated[int | None, Query(description="A stored entity's id: what it said.")] = None,
        q: str | None = None,
        since: str | None = None,
        until: str | None = None,
        source_type: str | None = None,
        outlet: str | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[dict[str, Any]]:
        return store.statements(
            speaker=speaker,
            speaker_entity=speaker_entity,
            mentions=entity,
            q=q,
            since=since,
            until=until,
            source_type=source_type,
            outlet=outlet,
            limit=limit,
            offset=offset,
        )

    @app.get("/entities/{entity_id}", summary="An entity: its names, what it said and what was said about it")
    def entity(entity_id: int) -> dict[str, Any]:
        page = store.entity(entity_id)
        if page is None:
            raise HTTPException(404, f"no entity {entity_id}")
        return page

    @app.get("/claims", summary="Figures grouped by what they count, with who reported them")
    def claims(unit: str | None = None, q: str | None = None) -> dict[str, list[dict[str, Any]]]:
        return store.claims(unit=unit, q=q)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    return app
