"""Timing helpers shared by the benchmarks: repeated requests, percentiles, a table."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class Result:
    label: str
    timings_ms: list[float]
    queries: int

    @property
    def median(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.timings_ms, n=20)[-1]

    @property
    def per_second(self) -> float:
        return 1000 / statistics.mean(self.timings_ms)


def time_requests(client: Client, label: str, url: str, *, repeat: int, warmup: int = 3) -> Result:
    for _ in range(warmup):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # read now: every request_started signal empties the connection's query log
    query_count = len(queries)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return Result(label, timings, query_count)


def print_table(results: list[Result], *, baseline: Result) -> None:
    header = (
        f"| {'request':<34} | {'n':>5} | {'median ms':>9} | {'p95 ms':>8} | {'req/s':>7} "
        f"| {'queries':>7} | {'vs baseline':>11} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for result in results:
        ratio = result.per_second / baseline.per_second
        print(
            f"| {result.label:<34} | {len(result.timings_ms):>5} | {result.median:>9.2f} "
            f"| {result.p95:>8.2f} | {result.per_second:>7.0f} | {result.queries:>7} "
            f"| {ratio:>10.2f}x |"
        )
