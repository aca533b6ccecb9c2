"""`whosaid serve`: the HTTP API and the web page."""

from __future__ import annotations

import ipaddress
import logging
from typing import Annotated, Optional

import typer

from whosaid.cli.store import DB_HELP
from whosaid.pipeline.profile_options import DEFAULT_PROFILE, PROFILE_HELP, Profile

logger = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_command(
    db: Annotated[Optional[str], typer.Option(help=DB_HELP)] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    max_body_bytes: Annotated[int, typer.Option(min=1, help="Largest request body accepted.")] = 2_000_000,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds an extraction may take.")] = 60.0,
    max_queue: Annotated[int, typer.Option(min=1, help="Extractions that may wait; more get 503.")] = 8,
    rate_limit: Annotated[int, typer.Option(min=0, help="Requests a minute per client (0: no limit).")] = 600,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Serve beyond loopback on purpose (no Host check).")
    ] = False,
    profile: Annotated[Profile, typer.Option(help=PROFILE_HELP)] = DEFAULT_PROFILE,
) -> None:
    """Serve the API (OpenAPI docs at /docs) and the web page (at /).

    On a loopback address (the default) only requests naming localhost or a loopback
    address in their Host header are answered, so web pages elsewhere cannot reach
    the server through DNS rebinding.
    """
    import uvicorn

    from whosaid.server.app import LOOPBACK_HOSTS, create_app

    if is_loopback(host):
        allowed_hosts: tuple[str, ...] | None = LOOPBACK_HOSTS
    else:
        allowed_hosts = None
        if not allow_remote:
            logger.warning(
                "serving on %s, beyond loopback: anyone who can reach it can read and write the store "
                "(pass --allow-remote to say this is meant)",
                host,
            )
    app = create_app(
        db,
        max_body_bytes=max_body_bytes,
        timeout_seconds=timeout,
        max_queue=max_queue,
        rate_limit=rate_limit,
        allowed_hosts=allowed_hosts,
        profile=profile.value,
    )
    uvicorn.run(app, host=host, port=port)
