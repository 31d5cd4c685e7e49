"""A submission racing the deadline job on PostgreSQL: never a receipt the job missed."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
import time_machine
from django.db import connection, transaction

from applicants import services
from applicants.models import PoolEntry, Submission
from eligibility.models import Assessment
from recruitment.deadlines import process_deadlines, process_vacancy_deadline
from recruitment.models import DeadlineRun
from tests.factories import ApplicationFactory, RecruitmentCycleFactory, VacancyFactory
from vacancies.models import BRUSSELS, Division

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

CLOSES_AT = dt.datetime(2025, 6, 23, 0, 0, tzinfo=BRUSSELS)
ARRIVED_IN_TIME = CLOSES_AT - dt.timedelta(milliseconds=1)


@pytest.mark.parametrize("round_", range(10))
def test_a_submission_at_the_deadline_is_either_screened_or_refused(round_):
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=CLOSES_AT))
    application = ApplicationFactory(vacancy=vacancy)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def submit():
        barrier.wait()
        try:
            results["submit"] = services.submit_application(
                application=application, token=uuid.uuid4(), at=ARRIVED_IN_TIME
            )
        except services.DeadlinePassed as refusal:
            results["submit"] = refusal
        finally:
            connection.close()

    def job():
        barrier.wait()
        try:
            results["job"] = process_deadlines(at=CLOSES_AT)
        finally:
            connection.close()

    with time_machine.travel(CLOSES_AT, tick=False):
        threads = [threading.Thread(target=submit), threading.Thread(target=job)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        # the job skips a vacancy a submission holds: its next run (a minute later) does it
        while not DeadlineRun.objects.filter(vacancy=vacancy, completed_at__isnull=False):
            process_deadlines(at=CLOSES_AT + dt.timedelta(minutes=1))

    if isinstance(results["submit"], Submission):
        # accepted: then the job saw it
        assert Assessment.objects.filter(application=application).exists()
        assert PoolEntry.objects.filter(candidate=application.candidate).exists()
    else:
        assert isinstance(results["submit"], services.DeadlinePassed)
        assert not Submission.objects.filter(application=application).exists()
        application.refresh_from_db()
        assert application.status == "expired"


def test_the_job_is_not_held_up_by_work_in_other_vacancies_of_the_cycle():
    """A draft being created elsewhere in the cycle holds the cycle row (a foreign key's
    share lock) for its transaction: the job closes this vacancy all the same."""
    cycle = RecruitmentCycleFactory(closes_at=CLOSES_AT)
    vacancy = VacancyFactory(cycle=cycle)
    ApplicationFactory(vacancy=vacancy)
    holding, release = threading.Event(), threading.Event()

    def create_a_draft_elsewhere():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for model, pk in ((type(cycle), cycle.pk), (Division, vacancy.division_id)):
                    cursor.execute(
                        f"SELECT 1 FROM {model._meta.db_table} WHERE id = %s FOR KEY SHARE",  # noqa: S608 (a table name from the model)
                        [pk],
                    )
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    elsewhere = threading.Thread(target=create_a_draft_elsewhere)
    elsewhere.start()
    try:
        assert holding.wait(timeout=30)
        with time_machine.travel(CLOSES_AT, tick=False):
            assert process_vacancy_deadline(vacancy_id=vacancy.pk, at=CLOSES_AT)
    finally:
        release.set()
        elsewhere.join(timeout=30)
