"""Screening applications: the rules of eligibility/ applied to submissions and to drafts."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Case, F, OuterRef, QuerySet, Subquery, Value, When

from eligibility.models import Assessment
from eligibility.rules import Screening, screen
from eligibility.services import SubmittedSnapshot, override_verdict, record_screenings
from vacancies.models import RecruitmentCycle, Vacancy

from .models import Application, Candidate, Education, LanguageSkill, ReviewStatus, Submission
from .pool import refresh_pool
from .snapshots import assemble_snapshot, profile_section

BATCH_SIZE = 1000


def screen_submitted(
    *, applications: QuerySet[Application], at: dt.datetime, batch_size: int = BATCH_SIZE
) -> int:
    """Screen the latest submission of each submitted application, cycle by cycle.

    Batches walk the primary key (no OFFSET): the ids of a batch, its snapshots by primary
    key, one upsert of the assessments, one update of the applications (score, review
    status): four queries a batch, and none that scans the table.
    Returns how many applications were screened.
    """
    screened = 0
    submitted = applications.submitted().filter(latest_submission__isnull=False)
    cycles = RecruitmentCycle.objects.filter(pk__in=submitted.values("cycle_id"))
    for cycle in cycles:
        last_pk = 0
        while True:
            batch = list(
                submitted.filter(cycle=cycle, pk__gt=last_pk)
                .order_by("pk")
                .values_list("pk", "latest_submission_id")[:batch_size]
            )
            if not batch:
                break
            snapshots = dict(
                Submission.objects.filter(
                    pk__in=[submission for _pk, submission in batch]
                ).values_list("pk", "snapshot")
            )
            screened += record_screenings(
                rows=[
                    SubmittedSnapshot(pk, submission, snapshots[submission])
                    for pk, submission in batch
                ],
                reference_date=cycle.reference_date,
                at=at,
            )
            # the score kept on the application (TA's list sorts on it), and "screened" for
            # the ones nobody reviewed yet, in one statement
            Application.objects.filter(pk__in=[pk for pk, _submission in batch]).update(
                score=Subquery(
                    Assessment.objects.filter(application=OuterRef("pk")).values("score")[:1]
                ),
                review_status=Case(
                    When(review_status=ReviewStatus.NEW, then=Value(ReviewStatus.SCREENED)),
                    default=F("review_status"),
                ),
            )
            last_pk = batch[-1][0]
    return screened


def rescreen(*, applications: QuerySet[Application], at: dt.datetime) -> int:
    """TA screens again: a candidate of a closed vacancy enters or leaves the pool at once
    with the new outcome, not at the next rebuild."""
    with transaction.atomic():
        screened = screen_submitted(applications=applications, at=at)
        _refresh_pool_of(applications.submitted(), at)
    return screened


def override_outcome(
    *, assessment: Assessment, verdict: str, reason: str, by, at: dt.datetime
) -> Assessment:
    """TA's outcome for an application (a reason required, kept); the pool follows it."""
    with transaction.atomic():
        assessment = override_verdict(
            assessment=assessment, verdict=verdict, reason=reason, by=by, at=at
        )
        _refresh_pool_of(Application.objects.filter(pk=assessment.application_id), at)
    return assessment


def _refresh_pool_of(applications: QuerySet[Application], at: dt.datetime) -> None:
    by_cycle: dict[int, set[int]] = {}
    for cycle_id, candidate_id in applications.values_list("cycle_id", "candidate_id"):
        by_cycle.setdefault(cycle_id, set()).add(candidate_id)
    for cycle in RecruitmentCycle.objects.filter(pk__in=by_cycle):
        refresh_pool(cycle=cycle, candidate_ids=by_cycle[cycle.pk], at=at)


def screen_vacancy(*, vacancy: Vacancy, at: dt.datetime) -> int:
    return screen_submitted(applications=Application.objects.filter(vacancy=vacancy), at=at)


def screen_cycle(*, cycle: RecruitmentCycle, at: dt.datetime) -> int:
    return screen_submitted(applications=Application.objects.filter(cycle=cycle), at=at)


def precheck_application(*, application: Application, at: dt.datetime) -> Screening:
    """The rules on what the application would send now: a warning, never a block."""
    candidate = application.candidate
    snapshot = assemble_snapshot(
        application=application,
        candidate=candidate,
        education=list(candidate.education.all()),
        languages=list(candidate.languages.all()),
        documents=list(application.documents.all()),
        work_areas=list(application.vacancy.work_areas.all()),
        at=at,
    )
    return screen(snapshot, application.cycle.reference_date)


def precheck_profile(
    *,
    candidate: Candidate,
    cycle: RecruitmentCycle,
    education: list[Education] | None = None,
    languages: list[LanguageSkill] | None = None,
) -> Screening:
    """The rules on the profile alone (documents are checked per application).

    Callers that check several cycles pass the education and languages they loaded.
    """
    profile = profile_section(
        candidate=candidate,
        education=list(candidate.education.all()) if education is None else education,
        languages=list(candidate.languages.all()) if languages is None else languages,
    )
    return screen({"profile": profile}, cycle.reference_date, check_documents=False)
