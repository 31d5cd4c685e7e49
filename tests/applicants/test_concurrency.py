"""Races on a real PostgreSQL: threads with their own connections, as gunicorn workers have."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applicants.models import Application, Submission
from outbox.models import Email
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    RecruitmentCycleFactory,
    VacancyFactory,
)
from tests.html import Page

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def _open_cycle():
    closes_at = (timezone.now() + dt.timedelta(days=30)).replace(second=0, microsecond=0)
    return RecruitmentCycleFactory(closes_at=closes_at)


def _submit_data(application: Application, token: str) -> dict:
    return {
        "motivation": application.motivation,
        "documents": [document.pk for document in application.documents.all()],
        "declared_accurate": "on",
        "declared_no_generative_ai": "on",
        "submit_token": token,
    }


def _run_together(jobs) -> list:
    """Start every job at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # surfaced by the assertions below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("round_", range(20))
def test_eight_concurrent_submissions_to_eight_vacancies_give_exactly_three(round_):
    cycle = _open_cycle()
    candidate = CandidateFactory()
    applications = [
        ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))
        for _ in range(8)
    ]
    clients = []
    for _ in applications:
        client = Client()
        client.force_login(candidate.user)
        clients.append(client)

    def job(client, application):
        def post():
            url = reverse("applicants:application_submit", args=[application.public_id])
            response = client.post(url, _submit_data(application, str(uuid.uuid4())))
            page = client.get(response["Location"])
            return response.status_code, page.status_code, Page(page.content).main_text

        return post

    results = _run_together([job(c, a) for c, a in zip(clients, applications, strict=True)])

    assert all(not isinstance(result, Exception) for result in results), results
    assert [status for status, _page_status, _text in results] == [302] * 8  # no 500
    assert all(page_status == 200 for _status, page_status, _text in results)
    refusals = [
        text for _s, _p, text in results if "You have already submitted 3 applications" in text
    ]
    assert len(refusals) == 5
    submitted = Application.objects.filter(candidate=candidate, status="submitted")
    assert submitted.count() == 3
    assert sorted(submitted.values_list("slot", flat=True)) == [1, 2, 3]
    assert Submission.objects.filter(application__candidate=candidate).count() == 3


def test_the_same_submission_twice_at_once_gives_one_submission_and_one_email():
    cycle = _open_cycle()
    candidate = CandidateFactory()
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))
    data = _submit_data(application, str(uuid.uuid4()))
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(candidate.user)
        clients.append(client)
    mail.outbox.clear()

    def job(client):
        def post():
            url = reverse("applicants:application_submit", args=[application.public_id])
            return client.post(url, data)

        return post

    results = _run_together([job(client) for client in clients])

    assert [response.status_code for response in results] == [302, 302]
    assert results[0]["Location"] == results[1]["Location"]
    assert Submission.objects.filter(application=application).count() == 1
    assert Email.objects.count() == 1
    assert len(mail.outbox) == 1


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def test_a_double_click_straddling_the_deadline_answers_with_the_receipt():
    """The first click arrives in time and is still committing when the second, with the
    same form, arrives after the deadline: the second shows the receipt, not a refusal."""
    from applicants import services

    closes_at = dt.datetime(2025, 6, 23, tzinfo=dt.UTC)
    application = ApplicationFactory(
        vacancy=VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=closes_at))
    )
    token = uuid.uuid4()
    committing, commit = threading.Event(), threading.Event()
    answers: dict[str, object] = {}

    def first_click():
        try:
            with transaction.atomic():  # its commit waits until the second click is in
                answers["first"] = services.submit_application(
                    application=application,
                    token=token,
                    at=closes_at - dt.timedelta(milliseconds=200),
                )
                committing.set()
                commit.wait(timeout=30)
        finally:
            connection.close()

    def second_click():
        try:
            answers["second"] = services.submit_application(
                application=application, token=token, at=closes_at + dt.timedelta(milliseconds=100)
            )
        except services.ApplicationRefused as refusal:
            answers["second"] = refusal
        finally:
            connection.close()

    first = threading.Thread(target=first_click)
    first.start()
    assert committing.wait(timeout=30)
    second = threading.Thread(target=second_click)
    second.start()
    for _ in range(3000):  # until the second click has answered or waits for the first
        if not second.is_alive() or _someone_waits_for_a_lock():
            break
        second.join(timeout=0.01)
    commit.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert isinstance(answers["first"], Submission)
    assert answers["second"] == answers["first"]
    assert Submission.objects.filter(application=application).count() == 1
