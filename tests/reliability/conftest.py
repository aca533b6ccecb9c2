"""Helpers for the fault-injection tests: the CLI as users run it, and poison inputs."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time

from whosaid.record.model import Article, Content, Cue, Entity, Mention, SourceRef, Statement, article_id

LONE_SURROGATE_LINES = [
    b'{"id": "s1", "text": "Lone surrogate \\ud800 said Kim."}',
    b'{"id": "s2", "text": "The minister said the dam was finished.", "title": "Dam \\udc00"}',
    b'{"id": "s3", "text": "Officials said 300 homes were lost.", "outlet": "Wire \\ud83d"}',
]
DEEP_JSON_LINE = b'{"id": "deep", "text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"


def good_line(number: int) -> bytes:
    return json.dumps({"id": f"g{number}", "text": f"Mayor Lee Ann Park said {number} bridges were repaired."}).encode()


def poison_jsonl() -> bytes:
    lines = [good_line(1), *LONE_SURROGATE_LINES, good_line(2), DEEP_JSON_LINE, good_line(3)]
    return b"\n".join(lines) + b"\n"


SPEAKER = '=HYPERLINK("http://x","y")'
CONTENT = '-2+3 "Nobody will stop us"'
TEXT = f"{SPEAKER} said {CONTENT}."
TITLE = "@SUM(A1:A9)"


def hostile_article() -> Article:
    """A record whose title, speaker, entity and content all begin like formulas."""
    speaker_end = len(SPEAKER)
    cue_start = speaker_end + 1
    content_start = TEXT.index(CONTENT)
    content_end = content_start + len(CONTENT)
    speaker = Mention(text=SPEAKER, start=0, end=speaker_end)
    return Article(
        id=article_id(TEXT),
        title=TITLE,
        outlet="+Wire",
        published="2025-01-02",
        text=TEXT,
        entities=[Entity(id="e1", name=SPEAKER, type="PERSON", mentions=[speaker])],
        statements=[
            Statement(
                id="s1",
                speaker=SourceRef(**speaker.model_dump(), entity="e1", name=SPEAKER, type="PERSON", confidence=0.9),
                cue=Cue(text="said", start=cue_start, end=cue_start + 4, lemma="say", type="assert"),
                content=Content(
                    text=CONTENT, start=content_start, end=content_end, fragments=[(content_start, content_end)]
                ),
                kind="direct",
                confidence=0.9,
            )
        ],
    )


def run_cli(*args: str, stdin=None, timeout: float = 600, env: dict | None = None):
    """The CLI in a subprocess; `stdin` is bytes to send, or an open file to read from."""
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    environment.pop("WHOSAID_DEBUG", None)
    feed = {"input": stdin} if stdin is None or isinstance(stdin, bytes) else {"stdin": stdin}
    return subprocess.run(
        [sys.executable, "-m", "whosaid", *args], **feed, capture_output=True, env=environment, timeout=timeout
    )


def assert_no_traceback(result) -> None:
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    assert "[SQL:" not in stderr, stderr


@contextlib.contextmanager
def serving(app):
    """The app on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 300
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
