"""`whosaid serve`: the HTTP API and the web page."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from whosaid.cli.store import DB_HELP


def serve_command(
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    max_body_bytes: Annotated[int, typer.Option(help="Largest request body accepted.")] = 2_000_000,
    timeout: Annotated[float, typer.Option(help="Seconds an extraction may take.")] = 60.0,
) -> None:
    """Serve the API (OpenAPI docs at /docs) and the web page (at /)."""
    import uvicorn

    from whosaid.server.app import create_app

    uvicorn.run(create_app(db, max_body_bytes=max_body_bytes, timeout_seconds=timeout), host=host, port=port)
