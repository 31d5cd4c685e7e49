from __future__ import annotations

import datetime as dt
import smtplib
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from applicants import services
from outbox.models import Email
from outbox.services import drain_outbox, queue_email, send_email
from tests.celery_broker import broker
from tests.factories import ApplicationFactory, RecruitmentCycleFactory, VacancyFactory
from vacancies.models import BRUSSELS

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 20, 10, 0, tzinfo=BRUSSELS)


def queue(key: str = "test:1") -> Email | None:
    return queue_email(
        key=key,
        to="someone@example.org",
        template="account/email/password_reset_key",
        context={"password_reset_url": "https://example.org/reset"},
        language="fr",
    )


def test_an_email_is_rendered_in_its_language_and_queued_once():
    first = queue()
    second = queue()

    assert second is None
    assert Email.objects.count() == 1
    assert first.subject == "Choisir un nouveau mot de passe"
    assert "https://example.org/reset" in first.body_text
    assert first.body_html.startswith("<!doctype html>")


def test_an_email_says_which_language_it_is_in():
    email = queue()  # rendered by a worker, with no request

    assert '<html lang="fr">' in email.body_html


def test_sending_twice_sends_once():
    email = queue()

    assert send_email(email_id=email.pk, at=NOW) is True
    assert send_email(email_id=email.pk, at=NOW) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_an_smtp_failure_is_retried_with_growing_delays():
    email = queue()

    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send",
        side_effect=smtplib.SMTPServerDisconnected("gone"),
    ):
        for _ in range(3):
            email.refresh_from_db()
            assert send_email(email_id=email.pk, at=email.next_attempt_at) is False

    email.refresh_from_db()
    assert email.attempts == 3
    assert email.sent_at is None
    assert "SMTPServerDisconnected" in email.last_error
    assert drain_outbox(at=email.next_attempt_at - dt.timedelta(seconds=1)) == 0
    assert drain_outbox(at=email.next_attempt_at) == 1
    assert len(mail.outbox) == 1


def test_the_drain_sends_what_is_due_and_only_that():
    queue("a")
    later = queue("b")
    Email.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + dt.timedelta(hours=1))

    assert drain_outbox() == 1
    assert [email.to for email in mail.outbox] == [["someone@example.org"]]
    assert Email.objects.filter(sent_at__isnull=True).get() == later


@pytest.fixture
def unreachable_broker():
    """Celery as in production (not eager), publishing to a port where nothing listens."""
    with broker("redis://127.0.0.1:9/0"):
        yield


def test_a_submission_succeeds_while_redis_is_down_and_its_email_goes_later(
    unreachable_broker, django_capture_on_commit_callbacks
):
    cycle = RecruitmentCycleFactory(closes_at=dt.datetime(2025, 6, 23, tzinfo=BRUSSELS))
    application = ApplicationFactory(vacancy=VacancyFactory(cycle=cycle))

    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submit_application(
            application=application, token=uuid.uuid4(), at=NOW
        )

    assert submission.pk
    email = Email.objects.get()
    assert email.sent_at is None  # the broker was down: not sent, not lost
    assert mail.outbox == []

    assert drain_outbox() == 1  # what the periodic drain does once Redis is back
    assert mail.outbox[0].to == [application.candidate.user.email]
