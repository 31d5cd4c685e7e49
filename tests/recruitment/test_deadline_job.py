from __future__ import annotations

import datetime as dt
import uuid
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError

from applicants import services
from applicants.models import Application, PoolEntry
from eligibility.models import Assessment
from outbox.models import Email
from recruitment.deadlines import process_deadlines, send_deadline_reminders
from recruitment.models import DeadlineRun
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    RecruitmentCycleFactory,
    UserFactory,
    VacancyFactory,
)
from vacancies.models import BRUSSELS, FocalPoint

pytestmark = pytest.mark.django_db

CLOSES_AT = dt.datetime(2025, 6, 23, 0, 0, tzinfo=BRUSSELS)
LAST_SECOND = dt.datetime(2025, 6, 22, 23, 59, 59, tzinfo=BRUSSELS)
BEFORE = dt.datetime(2025, 6, 20, 10, 0, tzinfo=BRUSSELS)


@pytest.fixture
def closing(django_capture_on_commit_callbacks):
    """A vacancy with an eligible and an ineligible submission, a draft, and a focal point."""
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=CLOSES_AT))
    eligible = ApplicationFactory(vacancy=vacancy)
    too_young = ApplicationFactory(
        vacancy=vacancy, candidate=CandidateFactory(date_of_birth=dt.date(2006, 1, 1))
    )
    draft = ApplicationFactory(
        vacancy=vacancy, candidate=CandidateFactory(correspondence_language="fr")
    )
    with django_capture_on_commit_callbacks(execute=True):
        for application in (eligible, too_young):
            services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    focal_point = UserFactory(email="focal@example.org")
    FocalPoint.objects.create(division=vacancy.division, user=focal_point, language="fr")
    mail.outbox.clear()
    return vacancy, eligible, too_young, draft


def run_job(at, capture) -> None:
    with time_machine.travel(at, tick=False), capture(execute=True):
        process_deadlines(at=at)


def test_one_second_before_midnight_the_job_does_nothing(
    closing, django_capture_on_commit_callbacks
):
    vacancy, _eligible, _young, draft = closing

    run_job(LAST_SECOND, django_capture_on_commit_callbacks)

    assert not DeadlineRun.objects.exists()
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT
    assert not Assessment.objects.exists()
    assert mail.outbox == []
    vacancy.refresh_from_db()
    assert vacancy.closed_for_changes_at is None


def test_at_midnight_the_job_does_everything(closing, django_capture_on_commit_callbacks):
    vacancy, eligible, too_young, draft = closing

    run_job(CLOSES_AT, django_capture_on_commit_callbacks)

    run = DeadlineRun.objects.get(vacancy=vacancy)
    assert run.completed_at == CLOSES_AT
    assert (run.expired_drafts, run.screened, run.pool_entries) == (1, 2, 1)
    vacancy.refresh_from_db()
    assert vacancy.closed_for_changes_at == CLOSES_AT
    draft.refresh_from_db()
    assert draft.status == Application.Status.EXPIRED
    assert Assessment.objects.get(application=eligible).verdict == "eligible"
    assert Assessment.objects.get(application=too_young).verdict == "ineligible"
    [entry] = PoolEntry.objects.all()
    assert entry.candidate == eligible.candidate
    assert entry.vacancies == f",{vacancy.reference},"

    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == sorted(
        [
            f"Your application {eligible.reference} is closed for changes",
            f"Your application {too_young.reference} is closed for changes",
            "Votre brouillon de candidature à l'offre de stage "
            f"{vacancy.reference} n'a pas été soumis",
            f"Pool de candidat(e)s du {vacancy.cycle.name_fr} : nouveaux candidat(e)s",
        ]
    )
    [focal] = [message for message in mail.outbox if message.to == ["focal@example.org"]]
    assert "Le pool du" in focal.body
    assert "compte 1 candidat(e)." in focal.body
    assert "2 candidatures soumises ont été vérifiées." in focal.body
    assert "1 candidat(e) admissible de cette offre figure dans le pool" in focal.body
    assert "/fr/pool/" in focal.body


def test_running_twice_changes_nothing_and_sends_each_email_once(
    closing, django_capture_on_commit_callbacks
):
    run_job(CLOSES_AT, django_capture_on_commit_callbacks)
    state = (
        list(Application.objects.values_list("pk", "status").order_by("pk")),
        list(Assessment.objects.values_list("application_id", "verdict").order_by("pk")),
        list(PoolEntry.objects.values_list("candidate_id", "score")),
    )
    sent = len(mail.outbox)
    queued = Email.objects.count()

    run_job(CLOSES_AT + dt.timedelta(minutes=1), django_capture_on_commit_callbacks)

    assert (
        list(Application.objects.values_list("pk", "status").order_by("pk")),
        list(Assessment.objects.values_list("application_id", "verdict").order_by("pk")),
        list(PoolEntry.objects.values_list("candidate_id", "score")),
    ) == state
    assert len(mail.outbox) == sent == 4
    assert Email.objects.count() == queued


def test_a_failure_after_screening_resumes_and_each_email_goes_once(
    closing, django_capture_on_commit_callbacks
):
    vacancy = closing[0]
    with mock.patch(
        "recruitment.deadlines.build_pool_entries",
        side_effect=RuntimeError("the pool step crashed"),
    ):
        run_job(CLOSES_AT, django_capture_on_commit_callbacks)

    run = DeadlineRun.objects.get(vacancy=vacancy)
    assert run.step == DeadlineRun.Step.SCREENED
    assert run.completed_at is None
    assert not PoolEntry.objects.exists()
    assert mail.outbox == []

    run_job(CLOSES_AT + dt.timedelta(minutes=1), django_capture_on_commit_callbacks)
    run_job(CLOSES_AT + dt.timedelta(minutes=2), django_capture_on_commit_callbacks)

    run.refresh_from_db()
    assert run.completed_at is not None
    assert PoolEntry.objects.count() == 1
    assert len(mail.outbox) == 4
    assert len({tuple(message.to) + (message.subject,) for message in mail.outbox}) == 4


def test_after_the_job_a_request_that_started_in_time_is_refused(
    closing, django_capture_on_commit_callbacks
):
    vacancy = closing[0]
    run_job(CLOSES_AT, django_capture_on_commit_callbacks)
    late = ApplicationFactory(vacancy=vacancy)

    with pytest.raises(services.DeadlinePassed):
        # the clock says it is still open (the request arrived at 23:59:59), but the job
        # has closed the vacancy for changes
        services.submit_application(application=late, token=uuid.uuid4(), at=LAST_SECOND)


def test_the_command_runs_the_same_job(closing, django_capture_on_commit_callbacks, capsys):
    with (
        time_machine.travel(CLOSES_AT, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("process_deadlines")

    assert DeadlineRun.objects.get().completed_at is not None
    assert "processed" in capsys.readouterr().out


def test_reminders_go_72_and_24_hours_before_once_each_in_the_candidates_language(
    django_capture_on_commit_callbacks,
):
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=CLOSES_AT))
    draft = ApplicationFactory(
        vacancy=vacancy, candidate=CandidateFactory(correspondence_language="fr")
    )
    submitted = ApplicationFactory(vacancy=vacancy)
    services.submit_application(application=submitted, token=uuid.uuid4(), at=BEFORE)

    def remind(at):
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return send_deadline_reminders(at=at)

    assert remind(CLOSES_AT - dt.timedelta(hours=73)) == 0
    assert remind(CLOSES_AT - dt.timedelta(hours=72)) == 1
    assert remind(CLOSES_AT - dt.timedelta(hours=60)) == 0
    assert remind(CLOSES_AT - dt.timedelta(hours=24)) == 1
    assert remind(CLOSES_AT - dt.timedelta(hours=1)) == 0
    assert remind(CLOSES_AT) == 0

    assert [message.to for message in mail.outbox] == [[draft.candidate.user.email]] * 2
    assert mail.outbox[0].subject == (
        f"Moins de 72 heures pour soumettre votre candidature à l'offre de stage "
        f"{vacancy.reference}"
    )
    assert "Moins de 24 heures" in mail.outbox[1].subject


def test_healthz_reports_the_database_and_the_broker(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "not configured"}

    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_without_redis_is_degraded_not_down(client, settings):
    """Candidates still sign in and submit without Redis: a load balancer keeps the node."""
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens there

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["broker"].startswith("error:")


def test_healthz_without_the_database_is_down(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("recruitment.views.connection.cursor", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "database": "error: OperationalError",
        "broker": "not configured",
    }
