"""Retention: a closed cycle's personal data deleted after the period, placed candidates kept."""

from __future__ import annotations

import datetime as dt
import io
import logging
import uuid

import pytest
import time_machine
from botocore.exceptions import EndpointConnectionError
from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

from applicants import services
from applicants.models import (
    Application,
    Candidate,
    Document,
    PoolEntry,
    RetentionRun,
    Submission,
)
from applicants.retention import apply_retention
from outbox.models import Email
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    DocumentFactory,
    RecruitmentCycleFactory,
    UserFactory,
    VacancyFactory,
)
from vacancies.models import BRUSSELS

pytestmark = pytest.mark.django_db

CLOSES_AT = dt.datetime(2025, 6, 23, tzinfo=BRUSSELS)
BEFORE = dt.datetime(2025, 6, 1, tzinfo=BRUSSELS)
DUE = CLOSES_AT + dt.timedelta(days=365)


def submitted(cycle, candidate=None):
    kwargs = {"candidate": candidate} if candidate else {}
    application = ApplicationFactory(vacancy=VacancyFactory(cycle=cycle), **kwargs)
    at = min(BEFORE, cycle.closes_at - dt.timedelta(days=1))
    services.submit_application(application=application, token=uuid.uuid4(), at=at)
    return application


def pool(application, status="available"):
    return PoolEntry.objects.create(
        cycle=application.cycle,
        candidate=application.candidate,
        full_name="x",
        status=status,
        institution_countries="",
        nationalities=",BE,",
        vacancies="",
        built_at=CLOSES_AT,
    )


@pytest.fixture
def cycles(private_storage, django_capture_on_commit_callbacks):
    old = RecruitmentCycleFactory(code="2025", closes_at=CLOSES_AT)
    later = RecruitmentCycleFactory(code="2026", closes_at=CLOSES_AT + dt.timedelta(days=300))
    with django_capture_on_commit_callbacks(execute=True):
        gone = submitted(old)  # only in the old cycle: everything goes
        staying = submitted(old)  # applied again in the later cycle: keeps the profile
        submitted(later, candidate=staying.candidate)
        placed = submitted(old)  # placed from the old cycle's pool: kept whole
    pool(gone)
    pool(placed, status=PoolEntry.Status.PLACED)
    Email.objects.create(
        key="x",
        to=gone.candidate.user.email,
        recipient=gone.candidate.user,
        subject="s",
        body_text="b",
        language="en",
        next_attempt_at=CLOSES_AT,
    )
    media, _uploads = private_storage
    return old, gone, staying, placed, media


def test_a_closed_cycle_is_purged_after_the_period_files_included(
    cycles, django_capture_on_commit_callbacks, caplog
):
    old, gone, staying, placed, media = cycles
    gone_files = [media / d.file.name for d in gone.candidate.documents.all()]
    assert all(path.exists() for path in gone_files)

    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        (purge,) = apply_retention(at=DUE)

    assert (purge.applications, purge.candidates, purge.placed_kept) == (2, 1, 1)
    # the candidate with nothing left: account, profile, documents, files, e-mails
    assert not get_user_model().objects.filter(pk=gone.candidate.user_id).exists()
    assert not Candidate.objects.filter(pk=gone.candidate_id).exists()
    assert not Document.objects.filter(candidate_id=gone.candidate_id).exists()
    assert not any(path.exists() for path in gone_files)
    assert not Email.objects.filter(to=gone.candidate.user.email).exists()
    assert not PoolEntry.objects.filter(candidate_id=gone.candidate_id).exists()
    # the one who applied again keeps profile and documents, loses the old application
    assert Candidate.objects.filter(pk=staying.candidate_id).exists()
    assert list(
        Application.objects.filter(candidate_id=staying.candidate_id).values_list(
            "cycle__code", flat=True
        )
    ) == ["2026"]
    assert staying.candidate.documents.exists()
    # the placed candidate is kept whole
    assert Application.objects.filter(pk=placed.pk).exists()
    assert Submission.objects.filter(application=placed).exists()
    assert PoolEntry.objects.filter(candidate_id=placed.candidate_id).exists()
    # recorded and logged, once
    run = RetentionRun.objects.get(cycle=old)
    assert (run.applications_deleted, run.candidates_deleted, run.placed_kept) == (2, 1, 1)
    assert any("retention: cycle 2025 purged" in r.getMessage() for r in caplog.records)
    assert apply_retention(at=DUE + dt.timedelta(days=1)) == []


def test_a_file_storage_cannot_delete_leaves_the_others_deleted(
    cycles, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    _old, gone, _staying, _placed, media = cycles
    with django_capture_on_commit_callbacks(execute=True):
        DocumentFactory.create_batch(2, candidate=gone.candidate)
    names = [d.file.name for d in gone.candidate.documents.all()]
    assert len(names) == 3
    delete = FileSystemStorage.delete
    refused = []

    def first_one_unreachable(storage, name):
        # S3's errors are not OSError: botocore's when the endpoint does not answer
        if not refused:
            refused.append(name)
            raise EndpointConnectionError(endpoint_url="https://s3.example.org")
        delete(storage, name)

    monkeypatch.setattr(FileSystemStorage, "delete", first_one_unreachable)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        apply_retention(at=DUE)

    [left] = refused
    assert (media / left).exists()
    assert [name for name in names if (media / name).exists()] == [left]
    messages = [record.getMessage() for record in caplog.records]
    assert f"retention: could not delete the stored file {left}" in messages
    assert "retention: 1 of 3 stored files could not be deleted" in messages
    assert not Candidate.objects.filter(pk=gone.candidate_id).exists()


def test_nothing_goes_a_day_before_the_period_ends(cycles):
    assert apply_retention(at=DUE - dt.timedelta(days=1)) == []
    assert Application.objects.count() == 4
    assert not RetentionRun.objects.exists()


def test_a_dry_run_counts_and_deletes_nothing(cycles):
    out = io.StringIO()
    with time_machine.travel(DUE, tick=False):
        call_command("apply_retention", "--dry-run", stdout=out)
    assert "2025: would delete 2 applications, 1 candidates, 1 files; 1 placed" in out.getvalue()
    assert Application.objects.count() == 4
    assert not RetentionRun.objects.exists()


def test_a_failure_half_way_leaves_every_row_and_file(cycles, monkeypatch):
    old, gone, _staying, _placed, media = cycles
    files = [media / d.file.name for d in Document.objects.all()]

    def broken(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(RetentionRun.objects.__class__, "create", broken)
    with pytest.raises(RuntimeError):
        apply_retention(at=DUE)

    assert Application.objects.count() == 4
    assert Candidate.objects.filter(pk=gone.candidate_id).exists()
    assert all(path.exists() for path in files)


def test_the_retention_runs_daily_on_the_beat(settings):
    assert settings.CELERY_BEAT_SCHEDULE["apply-retention"]["task"] == (
        "applicants.tasks.apply_retention_task"
    )


def test_a_candidate_who_never_applied_goes_with_the_cycle_they_signed_up_for(
    private_storage, django_capture_on_commit_callbacks
):
    cycle = RecruitmentCycleFactory(code="2025", closes_at=CLOSES_AT)
    with django_capture_on_commit_callbacks(execute=True):
        never_applied = DocumentFactory(
            candidate=CandidateFactory(user=UserFactory(date_joined=BEFORE))
        ).candidate
        signed_up_since = CandidateFactory(
            user=UserFactory(date_joined=CLOSES_AT + dt.timedelta(days=1))
        )
    media, _uploads = private_storage
    files = [media / document.file.name for document in never_applied.documents.all()]
    assert all(path.exists() for path in files)

    with django_capture_on_commit_callbacks(execute=True):
        (purge,) = apply_retention(at=DUE)

    assert purge.candidates == 1
    assert RetentionRun.objects.get(cycle=cycle).candidates_deleted == 1
    assert not get_user_model().objects.filter(pk=never_applied.user_id).exists()
    assert not Document.objects.filter(candidate_id=never_applied.pk).exists()
    assert not any(path.exists() for path in files)
    assert Candidate.objects.filter(pk=signed_up_since.pk).exists()  # the next cycle's
