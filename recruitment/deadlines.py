"""The deadline job: what happens to a vacancy once its deadline has passed.

For every published vacancy past its deadline and not yet processed, in order, each step in
its own transaction and recorded in its DeadlineRun, so a crash resumes at the next step:

1. close it for changes (from then on every change is refused, however early it arrived);
2. expire the drafts nobody submitted;
3. screen the submitted applications;
4. put the candidates with an eligible application in the cycle's pool;
5. queue the e-mails: candidates (closed for changes / draft not submitted) and the
   division focal points (the pool has grown, with counts and a link);
6. mark it processed.

Each step holds the vacancy's row lock (SELECT ... FOR UPDATE SKIP LOCKED): two workers
running the job at once do each step once, and the job never runs beside a submission in
flight (the submission holds a share lock on the same row). Re-running changes nothing and
sends nothing twice: e-mails are keyed in the outbox.

Reminders: 72 and 24 hours before a deadline, each candidate with an unsubmitted draft for
the vacancy gets one e-mail, once, in their language.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from applicants.models import Application
from applicants.pool import build_pool_entries, eligible_applications
from applicants.screening import screen_vacancy
from outbox.services import queue_email, site_url
from vacancies.models import FocalPoint, Vacancy

from .models import DeadlineRun

logger = logging.getLogger(__name__)
Step = DeadlineRun.Step

EMAIL_CHUNK = 500
# (name, the deadline is more than ... and at most ... away)
REMINDERS = (
    ("72h", dt.timedelta(hours=24), dt.timedelta(hours=72)),
    ("24h", dt.timedelta(0), dt.timedelta(hours=24)),
)


@dataclass(frozen=True)
class Outcome:
    vacancy: str
    completed: bool


def due_vacancies(*, at: dt.datetime):
    """Published vacancies whose deadline has passed and that are not processed yet."""
    return (
        Vacancy.objects.published()
        .filter(closes_at__lte=at)
        .exclude(deadline_run__completed_at__isnull=False)
        .order_by("closes_at", "pk")
    )


def process_deadlines(*, at: dt.datetime) -> list[Outcome]:
    """Run the deadline job for every vacancy that is due."""
    outcomes = []
    for vacancy_id, reference in due_vacancies(at=at).values_list("pk", "reference"):
        try:
            completed = process_vacancy_deadline(vacancy_id=vacancy_id, at=at)
        except Exception:
            # the steps done so far are recorded: the next run resumes after them
            logger.exception("deadline job: vacancy %s failed; the next run resumes", reference)
            completed = False
        outcomes.append(Outcome(reference, completed))
    return outcomes


def process_vacancy_deadline(*, vacancy_id: int, at: dt.datetime) -> bool:
    """Do the steps this vacancy still needs. True once it is completely processed.

    Returns False without doing anything when another worker, or a submission in flight,
    holds the vacancy: the next run (a minute later) picks it up.
    """
    for step, action in STEPS:
        with transaction.atomic():
            vacancy = (
                # of=self: the cycle and division rows stay unlocked, or a draft being
                # created in another vacancy of the cycle would make the job skip this one
                Vacancy.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("cycle", "division")
                .filter(pk=vacancy_id, closes_at__lte=at)
                .first()
            )
            if vacancy is None:
                return False
            run, _created = DeadlineRun.objects.get_or_create(
                vacancy=vacancy, defaults={"started_at": at, "step_done_at": at}
            )
            if run.completed_at:
                return True
            if run.step >= step:
                continue
            action(vacancy, run, at)
            run.step = step
            run.step_done_at = at
            if step == Step.NOTIFIED:
                run.completed_at = at
            run.save()
            logger.info("deadline job: %s %s", vacancy.reference, run.get_step_display())
    return True


def _close_for_changes(vacancy: Vacancy, run: DeadlineRun, at: dt.datetime) -> None:
    vacancy.closed_for_changes_at = at
    vacancy.save(update_fields=["closed_for_changes_at"])


def _expire_drafts(vacancy: Vacancy, run: DeadlineRun, at: dt.datetime) -> None:
    run.expired_drafts = Application.objects.filter(
        vacancy=vacancy, status=Application.Status.DRAFT
    ).update(status=Application.Status.EXPIRED, updated_at=at)


def _screen(vacancy: Vacancy, run: DeadlineRun, at: dt.datetime) -> None:
    run.screened = screen_vacancy(vacancy=vacancy, at=at)


def _build_pool(vacancy: Vacancy, run: DeadlineRun, at: dt.datetime) -> None:
    candidates = eligible_applications(cycle=vacancy.cycle).filter(vacancy=vacancy)
    run.pool_entries = build_pool_entries(
        cycle=vacancy.cycle,
        candidate_ids=candidates.values_list("candidate_id", flat=True),
        at=at,
    )


def _notify(vacancy: Vacancy, run: DeadlineRun, at: dt.datetime) -> None:
    applications = Application.objects.filter(
        vacancy=vacancy,
        status__in=[Application.Status.SUBMITTED, Application.Status.EXPIRED],
    ).select_related("candidate__user", "latest_submission")
    for application in applications.iterator(chunk_size=EMAIL_CHUNK):
        candidate = application.candidate
        submitted = application.status == Application.Status.SUBMITTED
        queue_email(
            key=f"{'closed' if submitted else 'expired'}:{application.pk}",
            to=candidate.user,
            template="email/application_closed" if submitted else "email/draft_expired",
            context={
                "application": application,
                "vacancy": vacancy,
                "url": site_url("applicants:dashboard", language=candidate.correspondence_language),
            },
            language=candidate.correspondence_language,
        )
    pool_size = vacancy.cycle.pool_entries.count()
    for focal_point in FocalPoint.objects.select_related("user", "division"):
        queue_email(
            key=f"pool:{vacancy.pk}:{focal_point.user_id}",
            to=focal_point.user,
            template="email/pool_published",
            context={
                "vacancy": vacancy,
                "run": run,
                "pool_size": pool_size,
                "url": site_url("applicants:pool", language=focal_point.language),
            },
            language=focal_point.language,
        )


STEPS: list[tuple[int, Callable]] = [
    (Step.CLOSED_FOR_CHANGES, _close_for_changes),
    (Step.DRAFTS_EXPIRED, _expire_drafts),
    (Step.SCREENED, _screen),
    (Step.POOL_BUILT, _build_pool),
    (Step.NOTIFIED, _notify),
]


def send_deadline_reminders(*, at: dt.datetime) -> int:
    """E-mail the candidates with an unsubmitted draft 72 and 24 hours before the deadline.

    Each reminder is keyed in the outbox, so running every 15 minutes sends each once.
    """
    queued = 0
    for name, after, before in REMINDERS:
        drafts = Application.objects.filter(
            status=Application.Status.DRAFT,
            vacancy__status=Vacancy.Status.PUBLISHED,
            vacancy__closes_at__gt=at + after,
            vacancy__closes_at__lte=at + before,
        ).select_related("candidate__user", "vacancy")
        for application in drafts.iterator(chunk_size=EMAIL_CHUNK):
            language = application.candidate.correspondence_language
            email = queue_email(
                key=f"reminder-{name}:{application.pk}",
                to=application.candidate.user,
                template="email/deadline_reminder",
                context={
                    "application": application,
                    "vacancy": application.vacancy,
                    "hours": int(before.total_seconds() // 3600),
                    "url": site_url(
                        "applicants:application",
                        kwargs={"public_id": application.public_id},
                        language=language,
                    ),
                },
                language=language,
            )
            queued += email is not None
    return queued
