"""A bounded load on ``anecdata serve`` over loopback, from a cold start: latency percentiles and peak memory.

The server is a real ``anecdata serve`` process started for the run; clients start the moment it accepts
connections (its caches are warmed before it listens, its reports are not built yet), each a thread with its own
keep-alive connection, taking the next request of one shared, seeded mix of pages: overview, thread list,
threads, searches, condition reports with their charts and evidence lists, static files. Peak memory is the
server's ``VmHWM`` (the most resident memory it ever had, from ``/proc``), read when the load ends.

Used by ``tests/reliability/test_web_load.py`` (few requests, for CI) and ``bench/web_load.py`` (2,000 requests
from 20 clients, written to ``bench/results/web_load.json``).
"""

from __future__ import annotations

import http.client
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import quote

START_SECONDS = 120.0
REQUEST_SECONDS = 60.0
SEARCHES = ("ibuprofen", "knee pain", "stretching helped", '"plantar fasciitis"', "worse OR better", "back*")


@dataclass(frozen=True)
class LoadResult:
    """What one load run measured: seconds per request by kind, errors, and the server's peak memory."""

    requests: int
    clients: int
    seconds: float
    latencies: dict[str, list[float]]
    errors: list[str] = field(default_factory=list)
    peak_rss_mib: float = 0.0
    start_rss_mib: float = 0.0
    cold_start_seconds: float = 0.0

    def all_latencies(self) -> list[float]:
        return sorted(s for kind in self.latencies.values() for s in kind)

    def summary(self) -> dict[str, object]:
        """Percentiles over all requests and per kind of page, in seconds, and memory in MiB."""
        every = self.all_latencies()
        return {
            "requests": self.requests,
            "clients": self.clients,
            "errors": len(self.errors),
            "first_errors": self.errors[:5],
            "wall_seconds": round(self.seconds, 2),
            "requests_per_second": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "cold_start_seconds": round(self.cold_start_seconds, 2),
            **percentiles(every),
            "by_kind": {kind: {"n": len(v), **percentiles(sorted(v))} for kind, v in sorted(self.latencies.items())},
            "server_rss_mib_at_start": round(self.start_rss_mib, 1),
            "server_peak_rss_mib": round(self.peak_rss_mib, 1),
        }


def percentiles(ordered: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and max of sorted values (nearest rank), rounded to milliseconds."""
    if not ordered:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}

    def rank(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, int(-(-p * len(ordered) // 100)) - 1))], 3)

    return {"p50": rank(50), "p95": rank(95), "p99": rank(99), "max": round(ordered[-1], 3)}


def page_mix(store_url: str, count: int, seed: int = 7) -> list[tuple[str, str]]:
    """``count`` (kind, path) requests over what the store holds, in a seeded random order."""
    from anecdata.store import open_store
    from anecdata.store.experiences import ExperienceIndex

    with open_store(store_url, create=False) as store:
        threads = [r[0] for r in store.query("SELECT id FROM threads ORDER BY id")]
        ranked = [c for c, _, _ in ExperienceIndex(store).conditions(limit=None)]
    conditions = ranked[:8] + ranked[-4:] if len(ranked) > 12 else ranked  # the most named, and rare ones
    pool: list[tuple[str, str]] = [("overview", "/"), ("threads", "/threads"), ("conditions", "/conditions")]
    pool += [("thread", f"/threads/{quote(t, safe='')}") for t in threads[:40]]
    pool += [("search", f"/search?q={quote(q)}") for q in SEARCHES]
    for c in conditions:
        base = f"/conditions/{quote(c, safe='')}"
        pool += [("report", base), ("chart", f"{base}/charts/forest.svg"), ("chart", f"{base}/charts/outcomes.svg")]
        pool += [("sources", f"{base}/sources?count=people")]
    pool += [("static", "/static/web.css"), ("static", "/static/view.js")]
    rng = random.Random(seed)
    return [rng.choice(pool) for _ in range(count)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int, field_name: str = "VmRSS") -> float:
    """A process's resident memory (``VmRSS``) or its peak (``VmHWM``) in MiB, from ``/proc``."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no {field_name} for process {pid}")


def start_server(store_url: str, port: int, log: IO[bytes]) -> tuple[subprocess.Popen[bytes], float]:
    """``anecdata serve`` on 127.0.0.1:``port``, once it accepts connections; with the seconds that took."""
    command = [sys.executable, "-m", "anecdata", "serve", "--db", store_url, "--port", str(port)]
    started = time.monotonic()
    # The server logs to a file, not a pipe: a pipe nobody reads fills up and stalls the server.
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    while time.monotonic() - started < START_SECONDS:
        if server.poll() is not None:
            log.seek(0)
            raise AssertionError(f"anecdata serve exited {server.returncode}: {log.read().decode()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, time.monotonic() - started
        except OSError:
            time.sleep(0.05)
    server.kill()
    server.wait()
    raise AssertionError(f"anecdata serve did not listen within {START_SECONDS:.0f} s")


def drive(port: int, mix: Sequence[tuple[str, str]], clients: int) -> tuple[dict[str, list[float]], list[str], float]:
    """Send ``mix`` from ``clients`` threads at once; each request's seconds by kind, the errors, the wall time."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    queue = iter(enumerate(mix))
    go = threading.Barrier(clients)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_SECONDS)
        go.wait()
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                break
            _, (kind, path) = item
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as e:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_SECONDS)
                status, path = 0, f"{path} ({type(e).__name__}: {e})"
            seconds = time.perf_counter() - started
            with lock:
                latencies[kind].append(seconds)
                if status != 200:
                    errors.append(f"{status} {path}")
        connection.close()

    workers = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return dict(latencies), errors, time.perf_counter() - started


def load_test(store_url: str, requests: int, clients: int, seed: int = 7) -> LoadResult:
    """Start a server on the store, send ``requests`` requests from ``clients`` clients, stop it, and report."""
    mix = page_mix(store_url, requests, seed)
    port = free_port()
    with tempfile.TemporaryFile() as log:
        return _measure(store_url, port, log, mix, requests, clients)


def _measure(
    store_url: str, port: int, log: IO[bytes], mix: Sequence[tuple[str, str]], requests: int, clients: int
) -> LoadResult:
    server, cold = start_server(store_url, port, log)
    try:
        start_rss = rss_mib(server.pid)
        latencies, errors, seconds = drive(port, mix, clients)
        peak = rss_mib(server.pid, "VmHWM")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return LoadResult(requests, clients, seconds, latencies, errors, peak, start_rss, cold)
