"""Submitting applications under gunicorn on PostgreSQL, against a hello-world view.

Logged-in candidates (a session each) submit a complete draft, each once, from concurrent
clients; Redis is the broker, so the receipt e-mail is queued, not sent, in the request, as
in production. The same server answers a hello-world view in the same run: the ratio of
throughputs is the figure to watch. Queries per submit are counted once in-process.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applicants.demo import generate_candidates, make_demo_vacancies
from applicants.models import Application, Candidate, Submission
from bench.http_load import gunicorn, print_load_table, run_load
from vacancies.models import RecruitmentCycle, Vacancy

CANDIDATES = 600
CONCURRENCY = 8
WORKERS = 4
REDIS_BENCH_URL = "redis://127.0.0.1:6379/15"


def run() -> None:
    now = timezone.now()
    _cycle, demo_vacancies = make_demo_vacancies(now=now)
    generate_candidates(count=CANDIDATES, vacancies=demo_vacancies[:1], now=now)
    target = _open_bench_vacancy(demo_vacancies[1], now=now)
    drafts = _drafts(target)
    queries = _queries_per_submit(drafts.pop())

    csrf = secrets.token_hex(16)
    submits = [_submit_request(application, csrf) for application in drafts]
    hello = [("GET", "/hello/", {}, None)] * (2 * len(submits))

    with gunicorn(workers=WORKERS, extra_env={"REDIS_URL": REDIS_BENCH_URL}) as port:
        run_load(port=port, label="warm-up", requests=hello[:200], concurrency=CONCURRENCY)
        baseline = run_load(
            port=port, label="hello world (baseline)", requests=hello, concurrency=CONCURRENCY
        )
        submitted = run_load(
            port=port,
            label="POST …/submit/ (logged in)",
            requests=submits,
            concurrency=CONCURRENCY,
            ok=lambda status: status == 302,
        )
    submitted.queries = queries
    baseline.queries = 0
    print(
        f"gunicorn: {WORKERS} sync workers; {CONCURRENCY} concurrent clients; "
        f"PostgreSQL; Redis as broker\n"
    )
    print_load_table([baseline, submitted], baseline=baseline)
    done = Submission.objects.filter(application__vacancy=target).count()
    print(
        f"\nsubmissions recorded: {done} of {len(submits) + 1} "
        f"(every 302 must be one; errors above count anything else)"
    )


def _open_bench_vacancy(template: Vacancy, *, now) -> Vacancy:
    cycle = RecruitmentCycle.objects.create(
        code="bench",
        name_en="Bench cycle",
        name_fr="Cycle de mesure",
        closes_at=(now + dt.timedelta(days=7)).replace(second=0, microsecond=0),
    )
    vacancy = Vacancy.objects.get(pk=template.pk)
    vacancy.pk = vacancy.id = None
    vacancy.reference = "BENCH1"
    vacancy.cycle = cycle
    vacancy.closes_at = cycle.closes_at
    vacancy.save()
    return vacancy


def _drafts(vacancy: Vacancy) -> list[Application]:
    """A complete draft for every generated candidate whose diploma needs no translation."""
    applications = []
    candidates = Candidate.objects.filter(user__username__startswith="generated-").exclude(
        documents__language__in=["de"]
    )
    for candidate in candidates:
        application = Application.objects.create(
            candidate=candidate,
            vacancy=vacancy,
            cycle=vacancy.cycle,
            reference=f"BENCH-{candidate.pk}",
            motivation="Measured.",
            declared_accurate=True,
            declared_no_generative_ai=True,
        )
        application.documents.set(candidate.documents.all())
        applications.append(application)
    return applications


def _session_cookie(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _form(application: Application, token: str | None = None) -> dict:
    return {
        "motivation": application.motivation,
        "documents": [document.pk for document in application.documents.all()],
        "declared_accurate": "on",
        "declared_no_generative_ai": "on",
        "submit_token": token or str(uuid.uuid4()),
    }


def _submit_request(application: Application, csrf: str):
    body = urlencode({**_form(application), "csrfmiddlewaretoken": csrf}, doseq=True).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"sessionid={_session_cookie(application.candidate.user)}; csrftoken={csrf}",
        "Host": "127.0.0.1",
    }
    return ("POST", f"/en/me/applications/{application.public_id}/submit/", headers, body)


def _queries_per_submit(application: Application) -> int:
    client = Client()
    client.force_login(application.candidate.user)
    url = f"/en/me/applications/{application.public_id}/submit/"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, _form(application))
    count = len(queries)
    assert response.status_code == 302, response.status_code
    return count
