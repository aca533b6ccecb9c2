"""Extraction in a child process that can be killed.

A thread cannot be stopped in Python, so an extraction that runs past the server's
time limit would keep the pipeline busy (and its memory held) long after its client
got a 503. The server therefore extracts in one child process: when an extraction
runs over time, the child is killed and a fresh one is started, loaded and ready for
the next request.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from multiprocessing.connection import Connection

from whosaid.errors import WhosaidError
from whosaid.inputs import ArticleInput, ArticleMeta
from whosaid.pipeline.profile_options import DEFAULT_PROFILE
from whosaid.record.model import Article

READY = "ready"
# How long a new child may take to load the pipeline.
START_SECONDS = 300.0


class ExtractionTimeout(Exception):
    """The extraction ran over its time limit; its process was killed."""


class ExtractionFailed(WhosaidError):
    """The child could not extract the article; the message is the child's, code included."""

    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)


def _serve(connection: Connection, profile: str) -> None:
    """The child's loop: load once, then extract each article it is sent."""
    from whosaid.processing.extraction import extract_results, shared_pipeline

    nlp = shared_pipeline(profile=profile)
    connection.send(READY)
    while True:
        try:
            text, meta = connection.recv()
        except EOFError:  # the server went away
            return
        try:
            result = next(extract_results([ArticleInput(text, ArticleMeta.from_dict(meta))], nlp=nlp))
            if isinstance(result, Article):
                connection.send(("ok", result.to_json()))
            else:
                connection.send(("error", result.reason))
        except WhosaidError as error:
            connection.send(("error", str(error)))


class ExtractionWorker:
    """One child process running the pipeline; `extract` is blocking and thread-safe."""

    def __init__(self, profile: str = DEFAULT_PROFILE.value) -> None:
        self.profile = profile
        self._context = multiprocessing.get_context("spawn")
        self._process = None
        self._connection: Connection | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start a child and wait until its pipeline is loaded (no-op if one is running)."""
        if self._process is not None and self._process.is_alive():
            return
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.profile), daemon=True, name="whosaid-extract")
        process.start()
        child.close()
        if not parent.poll(START_SECONDS) or parent.recv() != READY:
            process.kill()
            raise RuntimeError("the extraction process did not start")
        self._process, self._connection = process, parent

    def extract(self, article: ArticleInput, timeout: float) -> Article:
        """The article's record; ExtractionTimeout when waiting for the process (behind other
        requests) and extracting take longer than `timeout` seconds together. Loading a fresh
        process is not counted: that is the server's cost, not the request's."""
        arrived = time.monotonic()
        busy = ExtractionTimeout(f"waited {timeout:g} s for the extraction process; it is busy")
        if not self._lock.acquire(timeout=timeout):
            raise busy
        try:
            left = timeout - (time.monotonic() - arrived)
            if left <= 0:  # the wait used the time up: the process is left for the next request
                raise busy
            self.start()
            self._connection.send((article.text, article.meta.to_dict()))
            if not self._connection.poll(left):
                self.stop()
                raise ExtractionTimeout(f"extraction took longer than {timeout:g} s")
            try:
                status, payload = self._connection.recv()
            except EOFError:  # the child died (out of memory, a crash): start afresh next time
                self.stop()
                raise RuntimeError("the extraction process died") from None
        finally:
            self._lock.release()
        if status == "ok":
            return Article.model_validate_json(payload)
        raise ExtractionFailed(payload)

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._connection.close()
        self._process = self._connection = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None
