"""Pool search for a division focal point with 100,000 candidates in the pool, on PostgreSQL.

The candidates come from generate_demo_data, are screened, and enter the pool through the
same builder the deadline job uses (the build time is printed). Each search is a full page
request (filters, count, 25 cards, their reservations) by a logged-in focal point,
in-process, one at a time, next to a hello-world view in the same run. Target: p95 under
100 ms for a text search plus two filters.
"""

from __future__ import annotations

import math
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applicants.demo import generate_candidates, make_demo_vacancies
from applicants.models import Application, PoolEntry
from applicants.pool import eligible_applications, rebuild_pool
from applicants.screening import screen_submitted
from vacancies.models import Division, FocalPoint, Vacancy

SIZE = 100_000
REPEAT = 40
TARGET_MS = 100
SEARCHES = [
    ("hello world (baseline)", "/hello/", False),
    ("pool, first page (no filter)", "/en/pool/", False),
    ("text + 2 filters: data, EN>=C1, march", "/en/pool/?q=data&english=C1&start=march", True),
    (
        "text + 2 filters: leuven, BE, master+",
        "/en/pool/?q=leuven&nationality=BE&education=master",
        True,
    ),
    (
        "2 words + 2 filters: political sciences",
        "/en/pool/?q=political+science&french=B2&min_score=2",
        True,
    ),
    ("text, rare: sociologie, IT", "/en/pool/?q=sociologie&nationality=IT", True),
    ("sorted by name, page 200", "/en/pool/?sort=name&page=200", False),
]


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"])
def run() -> None:
    now = timezone.now()
    cycle, vacancies = make_demo_vacancies(now=now)
    built_seconds = _grow_pool(cycle, vacancies, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh bulk-loaded tables have no statistics yet
    client = Client()
    client.force_login(_focal_point())
    pool_size = PoolEntry.objects.filter(cycle=cycle).count()
    applications = Application.objects.submitted().filter(cycle=cycle).count()
    print(
        f"{pool_size:,} candidates in the pool (from {applications:,} submitted applications);"
        f" last build {built_seconds:.1f} s\n"
    )
    header = (
        f"| {'request':<40} | {'matches':>7} | {'median ms':>9} | {'p95 ms':>7} "
        f"| {'queries':>7} | {'target':>6} |"
    )
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    for label, url, targeted in SEARCHES:
        median, p95, queries, matches = _measure(client, url)
        met = "—" if not targeted else ("met" if p95 < TARGET_MS else "NOT met")
        print(
            f"| {label:<40} | {matches:>7} | {median:>9.1f} | {p95:>7.1f} "
            f"| {queries:>7} | {met:>6} |"
        )


def _grow_pool(cycle, vacancies, now) -> float:
    """Generate, screen and pool candidates until the pool holds SIZE; the last build's time."""
    Vacancy.objects.filter(cycle=cycle).update(closed_for_changes_at=now)
    while True:
        eligible = eligible_applications(cycle=cycle).values("candidate_id").distinct().count()
        if eligible >= SIZE:
            break
        # about 80 % of generated candidates are eligible
        generate_candidates(
            count=max(math.ceil((SIZE - eligible) * 1.3), 1000), vacancies=vacancies, now=now
        )
        screen_submitted(
            applications=Application.objects.filter(cycle=cycle, assessment__isnull=True), at=now
        )
    started = time.perf_counter()
    rebuild_pool(cycle=cycle, at=now)
    return time.perf_counter() - started


def _focal_point():
    user, _created = get_user_model().objects.get_or_create(
        username="bench-focal-point", defaults={"email": "bench-focal@example.org"}
    )
    division = Division.objects.get(code="PDD")
    FocalPoint.objects.get_or_create(division=division, user=user)
    return user


def _measure(client: Client, url: str) -> tuple[float, float, int, int | str]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    page = response.context["page_obj"] if response.context else None
    matches = page.paginator.count if page else "—"
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    p95 = sorted(timings)[math.ceil(0.95 * REPEAT) - 1]
    return statistics.median(timings), p95, len(queries), matches
