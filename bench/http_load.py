"""A gunicorn server on the bench database, and concurrent HTTP clients to measure it."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(
    *, workers: int | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[int]:
    """Serve bench.wsgi (the project plus a hello-world view) as production runs it.

    Production mode (DEBUG off, collected static files), deploy/gunicorn.conf.py (two
    workers per core unless `workers` says otherwise, JSON access log, written to nowhere),
    on the bench database. The secret key is this process's, so that the sessions the
    benchmarks make here are valid there. Plain HTTP: no TLS in front, as behind the proxy.
    """
    port = _free_port()
    database = settings.DATABASES["default"]
    env = {
        # this process caches in its own memory (bench/__main__.py); the server uses REDIS_URL
        **{key: value for key, value in os.environ.items() if key != "CACHE_URL"},
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "VAR_DIR": str(settings.VAR_DIR),
        "EMAIL_URL": "dummymail://",
        "PORT": str(port),
        **({"WEB_CONCURRENCY": str(workers)} if workers else {}),
        **(extra_env or {}),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with tempfile.NamedTemporaryFile(
        prefix="bench-gunicorn-", suffix=".log", delete=False
    ) as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "bench.wsgi", "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,  # the access log: written, as in production, then dropped
            stderr=errors,
        )
        try:
            _wait_for(process, port, errors.name)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)
            connection.close()


def _wait_for(process: subprocess.Popen, port: int, log: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: see {log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not start: see {log}")


@dataclass
class LoadResult:
    label: str
    concurrency: int
    timings_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    wall_seconds: float = 0.0
    queries: int | None = None

    @property
    def throughput(self) -> float:
        return len(self.timings_ms) / self.wall_seconds if self.wall_seconds else 0.0

    def percentile(self, fraction: float) -> float:
        return percentile(self.timings_ms, fraction)

    @property
    def median(self) -> float:
        return statistics.median(self.timings_ms) if self.timings_ms else 0.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


Request = tuple[str, str, dict[str, str], bytes | None]  # method, path, headers, body


def run_load(
    *,
    port: int,
    label: str,
    requests: list[Request],
    concurrency: int,
    ok: Callable[[int], bool] = lambda status: status < 400,
) -> LoadResult:
    """Send every request once, from `concurrency` threads, and time each response."""
    result = LoadResult(label=label, concurrency=concurrency)
    lock = threading.Lock()
    queue = list(reversed(requests))

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                method, path, headers, body = queue.pop()
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                conn.close()
            except OSError:
                status = 0
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                result.timings_ms.append(elapsed)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if not ok(status):
                    result.errors += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall_seconds = time.perf_counter() - began
    return result


def print_load_table(results: list[LoadResult], *, baseline: LoadResult) -> None:
    header = (
        f"| {'request':<30} | {'conc.':>5} | {'n':>5} | {'req/s':>7} | {'median ms':>9} "
        f"| {'p95 ms':>8} | {'errors':>6} | {'queries':>7} | {'vs baseline':>11} |"
    )
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    for result in results:
        ratio = result.throughput / baseline.throughput if baseline.throughput else 0
        queries = "-" if result.queries is None else str(result.queries)
        print(
            f"| {result.label:<30} | {result.concurrency:>5} | {len(result.timings_ms):>5} "
            f"| {result.throughput:>7.0f} | {result.median:>9.1f} "
            f"| {result.percentile(0.95):>8.1f} "
            f"| {result.errors:>6} | {queries:>7} | {ratio:>10.2f}x |"
        )
