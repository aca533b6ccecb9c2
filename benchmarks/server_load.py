"""Drive `whosaid serve` on loopback with concurrent requests for a bounded time.

    .venv/bin/python benchmarks/server_load.py [--seconds 30] [--concurrency 8] [--hostile-share 0.05]

Starts the server in a subprocess with a fresh store holding the samples, then
runs a mix of queries (statements, full-text, claims, entity pages, stored
articles) and extractions (POST /extract of a short article), and prints
requests/s, p50/p99 latency per kind, the errors and the server's peak RSS
(its process and the extraction process together, sampled every 0.2 s).

With --hostile-share, that share of requests is hostile: oversized bodies (3 MB,
expect 413) and slow extractions (a 150 KB article against `--timeout 3`, expect
503 when it runs over). Targets: queries answer with no error and p99 < 250 ms,
the server stays up, and its RSS stays <= 1 GB. Extractions refused with 503
(queue full, or behind a killed slow one) are counted apart, not as errors.
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
SLOW = "\n\n".join(f'"We repaired {n} bridges," Mayor Lee Ann Park said on Monday, the Harbor Daily reported.'
                   for n in range(1700))  # fmt: skip
OVERSIZED = "x" * 3_000_000
QUERIES = ("statements", "search", "claims", "entity", "article")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    tasks = Path(f"/proc/{pid}/task").iterdir()  # children started from any thread
    children = [child for task in tasks for child in (task / "children").read_text().split()]
    for process in [str(pid), *children]:
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


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
    parser.add_argument("--hostile-share", type=float, default=0.0)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as scratch:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "whosaid"),
                "serve",
                "--db",
                f"{scratch}/load.db",
                "--port",
                str(port),
                "--timeout",
                "3",
                "--rate-limit",
                "0",
            ],  # fmt: skip
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
                client.post("/api/articles", json={"text": path.read_text("utf-8"), "published": "2026-03-12"}).json()[
                    "id"
                ]
                for path in sorted(SAMPLES.glob("*.txt"))
            ]
            entity = next(
                r["speaker_entity_id"] for r in client.get("/api/statements").json() if r["speaker_entity_id"]
            )
            requests = {
                "statements": lambda c: c.get("/api/statements", params={"limit": 20}),
                "search": lambda c: c.get(
                    "/api/statements", params={"q": random.choice(["dam", "engineers", "minister"])}
                ),
                "claims": lambda c: c.get("/api/claims"),
                "entity": lambda c: c.get(f"/api/entities/{entity}"),
                "article": lambda c: c.get(f"/api/articles/{random.choice(ids)}"),
                "extract": lambda c: c.post("/api/extract", json={"text": SHORT, "published": "2026-03-12"}),
            }
            hostile = {
                "oversized": lambda c: c.post("/api/extract", json={"text": OVERSIZED}),
                "slow": lambda c: c.post("/api/extract", json={"text": SLOW}),
            }
            expected = {"oversized": {413}, "slow": {200, 503}, "extract": {200, 503}}
            refused: dict[str, int] = {}
            peak_rss = [0.0]
            sampling = threading.Event()

            def sample_memory() -> None:
                while not sampling.wait(0.2):
                    peak_rss[0] = max(peak_rss[0], tree_rss_mb(server.pid))

            threading.Thread(target=sample_memory, daemon=True).start()
            latencies: dict[str, list[float]] = {kind: [] for kind in (*requests, *hostile)}
            errors: list[str] = []
            deadline = time.perf_counter() + args.seconds
            lock = threading.Lock()

            def worker() -> None:
                with httpx.Client(base_url=base, timeout=120) as own:
                    while time.perf_counter() < deadline:
                        is_hostile = random.random() < args.hostile_share
                        kind = random.choice(list(hostile if is_hostile else requests))
                        start = time.perf_counter()
                        try:
                            response = (hostile if is_hostile else requests)[kind](own)
                            status = response.status_code
                            refusal = status >= 400 and status in expected.get(kind, ())
                            failed = status >= 400 and not refusal and f"{kind}: HTTP {status}"
                        except httpx.HTTPError as error:
                            refusal, failed = False, f"{kind}: {type(error).__name__}"
                        with lock:
                            latencies[kind].append(time.perf_counter() - start)
                            if failed:
                                errors.append(failed)
                            if refusal:
                                refused[f"{kind} {status}"] = refused.get(f"{kind} {status}", 0) + 1

            started = time.perf_counter()
            threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            total = sum(len(values) for values in latencies.values())
            alive = server.poll() is None
            sampling.set()
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
                "hostile_share": args.hostile_share,
                "errors": len(errors),
                "expected_refusals": refused,
                "server_peak_rss_mb": round(peak_rss[0]),
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
                "queries_p99_ms": round(1000 * percentile([v for k in QUERIES for v in latencies[k]], 0.99), 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
