"""Drive `whosaid serve` on loopback with concurrent requests for a bounded time.

    .venv/bin/python benchmarks/server_load.py [--seconds 30] [--concurrency 8]

Starts the server in a subprocess with a fresh store holding the samples, then
runs a mix of queries (statements, full-text, claims, entity pages, stored
articles) and extractions (POST /extract of a short article), and prints
requests/s, p50/p99 latency per kind, and the errors (target: none, no crash).
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SHORT = "The minister said on Tuesday that more than 300 engineers had arrived, officials said."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as scratch:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "whosaid"), "serve", "--db", f"{scratch}/load.db", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            client = httpx.Client(base_url=base, timeout=120)
            for _ in range(120):
                try:
                    client.get("/openapi.json")
                    break
                except httpx.TransportError:
                    time.sleep(0.5)
            ids = [
                client.post("/articles", json={"text": path.read_text("utf-8"), "published": "2026-03-12"}).json()["id"]
                for path in sorted(SAMPLES.glob("*.txt"))
            ]
            entity = next(r["speaker_entity_id"] for r in client.get("/statements").json() if r["speaker_entity_id"])
            requests = {
                "statements": lambda c: c.get("/statements", params={"limit": 20}),
                "search": lambda c: c.get("/statements", params={"q": random.choice(["dam", "engineers", "minister"])}),
                "claims": lambda c: c.get("/claims"),
                "entity": lambda c: c.get(f"/entities/{entity}"),
                "article": lambda c: c.get(f"/articles/{random.choice(ids)}"),
                "extract": lambda c: c.post("/extract", json={"text": SHORT, "published": "2026-03-12"}),
            }
            latencies: dict[str, list[float]] = {kind: [] for kind in requests}
            errors: list[str] = []
            deadline = time.perf_counter() + args.seconds
            lock = threading.Lock()

            def worker() -> None:
                with httpx.Client(base_url=base, timeout=120) as own:
                    while time.perf_counter() < deadline:
                        kind = random.choice(list(requests))
                        start = time.perf_counter()
                        try:
                            response = requests[kind](own)
                            failed = response.status_code >= 400 and f"{kind}: HTTP {response.status_code}"
                        except httpx.HTTPError as error:
                            failed = f"{kind}: {type(error).__name__}"
                        with lock:
                            latencies[kind].append(time.perf_counter() - start)
                            if failed:
                                errors.append(failed)

            started = time.perf_counter()
            threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            total = sum(len(values) for values in latencies.values())
            alive = server.poll() is None
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 1),
                "concurrency": args.concurrency,
                "requests": total,
                "requests_per_second": round(total / elapsed, 1),
                "errors": len(errors),
                "error_kinds": sorted(set(errors)),
                "server_alive_at_end": alive,
                "latency_ms": {
                    kind: {
                        "n": len(values),
                        "p50": round(1000 * percentile(values, 0.5), 1),
                        "p99": round(1000 * percentile(values, 0.99), 1),
                    }
                    for kind, values in latencies.items()
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
