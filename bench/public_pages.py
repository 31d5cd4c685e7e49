"""Public vacancy pages in-process (Django stack, PostgreSQL), against a hello-world view.

One client, one thread: the figures are the cost of one request through the whole Django
stack (middleware, queries, templates), not the throughput of a server. Anonymous visitors
get the list and detail from the per-language page cache; the "rendered" rows are a visitor
with a session, whom the cache never serves. The notice PDF is measured cold (rendered) and
warm (from the cache).
"""

from __future__ import annotations

import statistics
import time

from django.core.cache import cache
from django.test import Client, override_settings

from bench.measure import Result, print_table, time_requests
from vacancies.services import load_seed_vacancies

REPEAT = 300


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"])
def run() -> None:
    load_seed_vacancies()
    client = Client()
    baseline = time_requests(client, "hello world (baseline)", "/hello/", repeat=REPEAT)
    results = [
        baseline,
        time_requests(client, "vacancy list /en/vacancies/", "/en/vacancies/", repeat=REPEAT),
        time_requests(
            client, "vacancy list /fr/?division=PDD", "/fr/vacancies/?division=PDD", repeat=REPEAT
        ),
        time_requests(
            client, "vacancy detail /en/.../250715/", "/en/vacancies/250715/", repeat=REPEAT
        ),
        time_requests(
            client, "vacancy detail /fr/.../250711/", "/fr/vacancies/250711/", repeat=REPEAT
        ),
        time_requests(
            client, "info-session .ics", "/en/vacancies/250715/info-session.ics", repeat=REPEAT
        ),
        time_requests(
            client, "notice.pdf (cached)", "/en/vacancies/250715/notice.pdf", repeat=REPEAT
        ),
        _cold_pdf(client),
    ]
    # a visitor with a session cookie is never served from the page cache: the render cost
    rendering = Client()
    rendering.cookies["sessionid"] = "no-such-session"
    results[5:5] = [
        time_requests(
            rendering, "vacancy list, rendered (not cached)", "/en/vacancies/", repeat=REPEAT
        ),
        time_requests(
            rendering,
            "vacancy detail, rendered (not cached)",
            "/en/vacancies/250715/",
            repeat=REPEAT,
        ),
    ]
    print_table(results, baseline=baseline)


def _cold_pdf(client: Client, repeat: int = 5) -> Result:
    timings = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        response = client.get("/en/vacancies/250715/notice.pdf")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.append(statistics.mean(timings))  # quantiles need a few points
    return Result("notice.pdf (rendered, cache empty)", timings, queries=0)
