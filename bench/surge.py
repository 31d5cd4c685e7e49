"""Deadline night: candidates browse, save drafts and submit while the deadline passes.

gunicorn (4 sync workers) on PostgreSQL, Redis as broker and cache, on this 2-core
machine. Each simulated candidate, signed in, reads the vacancy list and a notice, opens the
dashboard, autosaves a draft twice and submits four applications (one more than the cap);
anonymous visitors read the public pages in between. Requests of all candidates are
interleaved and sent from CONCURRENCY clients; the vacancies' deadline passes when half the
submits have been answered. Afterwards the database is checked: nothing submitted at or after the
deadline, no candidate above three, and every submit answered with a receipt is recorded.

The peak we plan for: about 30,000 candidates a cycle, most of them in the last 48 hours; in
the last hour perhaps 2,000 of them, each making some 30 requests (pages, autosaves,
submits), i.e. 60,000 requests in an hour, about 17 a second, 40 a second in the busiest
minutes. 4x that peak is 160 requests a second: the target is that throughput with no error
and a p95 under 500 ms. Baseline in the same run: a hello-world view on the same server; the
cached public pages should reach at least half its throughput.
"""

from __future__ import annotations

import datetime as dt
import http.client
import itertools
import random
import secrets
import statistics
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from applicants.demo import generate_candidates, make_demo_vacancies
from applicants.models import Application, Candidate, Submission
from bench.http_load import gunicorn, run_load
from bench.submit import _session_cookie
from vacancies.models import RecruitmentCycle, Vacancy

CANDIDATES = 400
CONCURRENCY = 16
WORKERS = 4
REDIS = "redis://127.0.0.1:6379/14"
TARGET_RPS, TARGET_P95_MS = 160, 500
EXPECTED_PEAK_RPS = 40


@dataclass
class Outcome:
    kind: str
    path: str
    status: int
    location: str
    started: float
    ms: float


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    wall_seconds: float = 0.0
    closes_at: dt.datetime | None = None


def run() -> None:
    now = timezone.now()
    _cycle, demo_vacancies = make_demo_vacancies(now=now)
    have = Candidate.objects.filter(user__username__startswith="generated-").count()
    if have < CANDIDATES:
        generate_candidates(count=CANDIDATES - have, vacancies=demo_vacancies[:1], now=now)
    vacancies = _surge_vacancies(demo_vacancies[1], now=now)
    candidates = list(
        Candidate.objects.filter(user__username__startswith="generated-")
        .exclude(documents__language__in=["de"])
        .order_by("pk")[:CANDIDATES]
    )
    plans = [_plan(candidate, vacancies) for candidate in candidates]
    subprocess.run(["redis-cli", "-n", "14", "flushdb"], check=False, capture_output=True)

    # refusals after the deadline are expected: the server logs errors only
    server_env = {"REDIS_URL": REDIS, "CACHE_URL": REDIS, "LOG_LEVEL": "ERROR"}
    with gunicorn(workers=WORKERS, extra_env=server_env) as port:
        hello = [("GET", "/hello/", {"Host": "127.0.0.1"}, None)] * 3000
        run_load(port=port, label="warm-up", requests=hello[:300], concurrency=CONCURRENCY)
        baseline = run_load(port=port, label="hello", requests=hello, concurrency=CONCURRENCY)
        public = {
            "vacancy list (anonymous)": "/en/vacancies/",
            "vacancy detail (anonymous)": f"/fr/vacancies/{vacancies[0].reference}/",
        }
        pages = {
            label: run_load(
                port=port,
                label=label,
                requests=[("GET", path, {"Host": "127.0.0.1"}, None)] * 3000,
                concurrency=CONCURRENCY,
            )
            for label, path in public.items()
        }
        requests = _interleave(plans)
        surge = _surge(port, requests, vacancies)
        closes_at = surge.closes_at

    _print(baseline, pages, surge, closes_at, len(candidates))
    _verify(surge, vacancies, closes_at)


def _surge_vacancies(template: Vacancy, *, now) -> list[Vacancy]:
    cycle, _created = RecruitmentCycle.objects.get_or_create(
        code="surge",
        defaults={
            "name_en": "Surge cycle",
            "name_fr": "Cycle de pointe",
            "closes_at": now + dt.timedelta(days=1),
        },
    )
    # a run starts from drafts: what an earlier run (BENCH_KEEPDB=1) submitted goes
    Application.objects.filter(cycle=cycle).delete()
    vacancies = []
    for number in range(1, 5):
        vacancy = Vacancy.objects.filter(reference=f"SURGE{number}").first()
        if vacancy is None:
            vacancy = Vacancy.objects.get(pk=template.pk)
            vacancy.pk = vacancy.id = None
            vacancy.reference = f"SURGE{number}"
            vacancy.cycle = cycle
            # the template may come from a cycle another benchmark closed
            vacancy.closed_for_changes_at = None
            vacancy.save()
        vacancies.append(vacancy)
    Vacancy.objects.filter(pk__in=[v.pk for v in vacancies]).update(closed_for_changes_at=None)
    _set_deadline(vacancies, now + dt.timedelta(days=1))
    return vacancies


def _set_deadline(vacancies: list[Vacancy], closes_at) -> None:
    RecruitmentCycle.objects.filter(code="surge").update(closes_at=closes_at)
    for vacancy in vacancies:
        vacancy.closes_at = closes_at
        vacancy.save(update_fields=["closes_at"])  # also makes cached pages stale


def _plan(candidate: Candidate, vacancies: list[Vacancy]) -> list[tuple]:
    """One candidate's evening: read, check, autosave twice, submit four times."""
    csrf = secrets.token_hex(16)
    cookie = f"sessionid={_session_cookie(candidate.user)}; csrftoken={csrf}"
    signed_in = {"Host": "127.0.0.1", "Cookie": cookie}
    anonymous = {"Host": "127.0.0.1"}
    applications = []
    for number, vacancy in enumerate(vacancies):
        application, _created = Application.objects.get_or_create(
            candidate=candidate,
            vacancy=vacancy,
            defaults={
                "cycle": vacancy.cycle,
                "reference": f"SURGE-{number}-{candidate.pk}",
                "motivation": "Measured on deadline night.",
                "declared_accurate": True,
                "declared_no_generative_ai": True,
            },
        )
        application.documents.set(candidate.documents.all())
        applications.append(application)
    documents = [document.pk for document in candidate.documents.all()]
    plan = [
        ("browse", "GET", "/en/vacancies/", anonymous, None),
        ("browse", "GET", f"/en/vacancies/{vacancies[0].reference}/", signed_in, None),
        ("dashboard", "GET", "/en/me/", signed_in, None),
    ]
    for application in applications[:2]:
        body = _body(application, documents, csrf, autosave=True)
        headers = {
            **signed_in,
            "X-Autosave": "1",
            "X-CSRFToken": csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        plan.append(
            ("autosave", "POST", f"/en/me/applications/{application.public_id}/", headers, body)
        )
    for application in applications:
        headers = {**signed_in, "Content-Type": "application/x-www-form-urlencoded"}
        path = f"/en/me/applications/{application.public_id}/submit/"
        plan.append(("submit", "POST", path, headers, _body(application, documents, csrf)))
    plan.append(("browse", "GET", f"/fr/vacancies/{vacancies[1].reference}/", anonymous, None))
    return plan


def _body(application, documents, csrf: str, *, autosave: bool = False) -> bytes:
    fields = {
        "motivation": "Measured on deadline night.",
        "documents": documents,
        "declared_accurate": "on",
        "declared_no_generative_ai": "on",
        "csrfmiddlewaretoken": csrf,
    }
    if not autosave:
        fields["submit_token"] = str(uuid.uuid4())
    return urlencode(fields, doseq=True).encode()


def _interleave(plans: list[list[tuple]]) -> list[tuple]:
    """Step k of every candidate, then step k+1: everyone is mid-way at the same time."""
    rng = random.Random(2026)  # noqa: S311 (load shape, not secrets)
    shuffled = [list(plan) for plan in plans]
    rng.shuffle(shuffled)
    steps = itertools.zip_longest(*shuffled)
    return [request for step in steps for request in step if request is not None]


def _surge(port: int, requests: list[tuple], vacancies: list[Vacancy]) -> Run:
    """Send the requests from CONCURRENCY clients; the deadline passes when half the submits
    have been answered (a second later), while the other half are still coming."""
    result = Run()
    lock = threading.Lock()
    queue = list(reversed(requests))
    submits = sum(1 for request in requests if request[0] == "submit")
    done = threading.Event()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                kind, method, path, headers, body = queue.pop()
            started = time.time()
            begin = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status, location = response.status, response.getheader("Location") or ""
                conn.close()
            except OSError:
                status, location = 0, ""
            ms = (time.perf_counter() - begin) * 1000
            with lock:
                result.outcomes.append(Outcome(kind, path, status, location, started, ms))

    def deadline():
        while not done.is_set():
            with lock:
                answered = sum(1 for outcome in result.outcomes if outcome.kind == "submit")
            if answered >= submits // 2:
                result.closes_at = timezone.now() + dt.timedelta(seconds=1)
                _set_deadline(vacancies, result.closes_at)
                connection.close()
                return
            time.sleep(0.02)

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    clock = threading.Thread(target=deadline)
    began = time.perf_counter()
    clock.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall_seconds = time.perf_counter() - began
    done.set()
    clock.join()
    return result


def _is_error(outcome: Outcome) -> bool:
    # refusals after the deadline (a redirect with a message, 409 for an autosave) are answers
    return outcome.status == 0 or outcome.status >= 500 or outcome.status in (400, 403)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def _print(baseline, pages, surge: Run, closes_at, candidates: int) -> None:
    print(
        f"gunicorn: {WORKERS} sync workers, {CONCURRENCY} concurrent clients, PostgreSQL, "
        f"Redis (broker and cache); {candidates} signed-in candidates.\n"
        f"Assumed peak {EXPECTED_PEAK_RPS} req/s; target {TARGET_RPS} req/s (4x) with no "
        f"error and p95 < {TARGET_P95_MS} ms.\n"
    )
    header = (
        f"| {'requests':<28} | {'n':>6} | {'req/s':>7} | {'p50 ms':>7} | {'p95 ms':>7} "
        f"| {'p99 ms':>7} | {'errors':>6} | {'vs hello':>8} |"
    )
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")

    def row(label, timings, throughput, errors):
        print(
            f"| {label:<28} | {len(timings):>6} | {throughput:>7.0f} "
            f"| {statistics.median(timings):>7.1f} | {_percentile(timings, 0.95):>7.1f} "
            f"| {_percentile(timings, 0.99):>7.1f} | {errors:>6} "
            f"| {throughput / baseline.throughput:>7.2f}x |"
        )

    row("hello world (baseline)", baseline.timings_ms, baseline.throughput, baseline.errors)
    for label, result in pages.items():
        row(label, result.timings_ms, result.throughput, result.errors)
    everything = [o.ms for o in surge.outcomes]
    row(
        "surge, all requests",
        everything,
        len(everything) / surge.wall_seconds,
        sum(_is_error(o) for o in surge.outcomes),
    )
    for kind in ("browse", "dashboard", "autosave", "submit"):
        mine = [o for o in surge.outcomes if o.kind == kind]
        row(
            f"  {kind}",
            [o.ms for o in mine],
            len(mine) / surge.wall_seconds,
            sum(_is_error(o) for o in mine),
        )
    total = len(everything) / surge.wall_seconds
    p95 = _percentile(everything, 0.95)
    errors = sum(_is_error(o) for o in surge.outcomes)
    met = total >= TARGET_RPS and p95 < TARGET_P95_MS and errors == 0
    print(
        f"\nsurge: {total:.0f} req/s, p95 {p95:.0f} ms, {errors} errors: target "
        f"{'met' if met else 'NOT met'}; deadline passed at "
        f"{timezone.localtime(closes_at):%H:%M:%S}, {surge.wall_seconds:.0f} s run"
    )
    ratios = {label: r.throughput / baseline.throughput for label, r in pages.items()}
    print(
        "cached public pages: "
        + ", ".join(f"{label} {ratio:.2f}x hello" for label, ratio in ratios.items())
        + (" (target: at least 0.5x: met)" if min(ratios.values()) >= 0.5 else " (NOT met)")
    )


def _verify(surge: Run, vacancies, closes_at) -> None:
    submissions = Submission.objects.filter(application__vacancy__in=vacancies)
    late = submissions.filter(submitted_at__gte=closes_at).count()
    per_candidate = (
        Application.objects.filter(vacancy__in=vacancies, status=Application.Status.SUBMITTED)
        .values("candidate_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
    )
    receipts = [o for o in surge.outcomes if o.kind == "submit" and "/receipts/" in o.location]
    recorded = set(submissions.values_list("application__public_id", "number").iterator())
    missing = 0
    for outcome in receipts:
        parts = outcome.location.rstrip("/").split("/")
        if (uuid.UUID(parts[-3]), int(parts[-1])) not in recorded:
            missing += 1
    after = [o for o in receipts if o.started >= closes_at.timestamp() + 1]
    print(
        f"checks: {submissions.count()} submissions recorded, {late} at or after the deadline "
        f"(must be 0); most submitted by one candidate: {per_candidate} (at most 3); "
        f"{len(receipts)} receipts answered, {missing} not in the database (must be 0); "
        f"{len(after)} receipts for requests started after the deadline (must be 0)"
    )
    assert late == 0, "a submission at or after the deadline"
    assert (per_candidate or 0) <= 3, "a candidate above the cap"
    assert missing == 0, "a receipt for a submission the database does not hold"
    assert not after, "a receipt for a request that started after the deadline"
