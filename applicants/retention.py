"""Retention: a closed cycle's personal data is deleted after the configured period.

For each cycle whose deadline is more than RETENTION_DAYS old, in one transaction: the
applications (with their submissions, assessments and review history), the pool entries
(with their reservations), and every candidate left with nothing in any cycle: profile,
documents (rows, and files once the transaction has committed), e-mails sent to them and
their account. So do the candidates who signed up by the cycle's deadline and never
applied to anything. Candidates placed from the cycle's pool are kept, whole. A candidate who
also applied in a later cycle keeps the profile and documents that cycle still needs.
Each purge is recorded (RetentionRun) and logged; a cycle is purged once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from outbox.models import Email
from vacancies.models import FocalPoint, RecruitmentCycle

from .models import Application, Candidate, Document, DossierExport, PoolEntry, RetentionRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purge:
    cycle: str
    applications: int
    candidates: int
    files: int
    placed_kept: int


def cycles_due(*, at: dt.datetime):
    cutoff = at - dt.timedelta(days=settings.RETENTION_DAYS)
    return RecruitmentCycle.objects.filter(
        closes_at__lte=cutoff, retention_run__isnull=True
    ).order_by("closes_at")


def apply_retention(*, at: dt.datetime, dry_run: bool = False) -> list[Purge]:
    """Purge every cycle that is due; with dry_run, only say what would go."""
    return [purge_cycle(cycle=cycle, at=at, dry_run=dry_run) for cycle in cycles_due(at=at)]


def purge_cycle(*, cycle: RecruitmentCycle, at: dt.datetime, dry_run: bool = False) -> Purge:
    with transaction.atomic():
        placed = set(
            PoolEntry.objects.filter(cycle=cycle, status=PoolEntry.Status.PLACED).values_list(
                "candidate_id", flat=True
            )
        )
        applications = Application.objects.filter(cycle=cycle).exclude(candidate_id__in=placed)
        concerned = set(applications.values_list("candidate_id", flat=True))
        application_count = applications.count()
        # candidates with nothing left once this cycle is gone
        leaving = (
            Candidate.objects.filter(pk__in=concerned)
            .exclude(applications__in=Application.objects.exclude(cycle=cycle))
            .exclude(pool_entries__in=PoolEntry.objects.exclude(cycle=cycle))
            .select_related("user")
        )
        leaving = [*leaving, *_never_applied(cycle)]
        files = list(Document.objects.filter(candidate__in=leaving).values_list("file", flat=True))
        old_exports = DossierExport.objects.filter(requested_at__lte=cycle.closes_at + _period())
        exports = list(old_exports.exclude(file="").values_list("file", flat=True))
        purge = Purge(cycle.code, application_count, len(leaving), len(files), len(placed))
        if dry_run:
            transaction.set_rollback(True)
            return purge
        applications.delete()
        PoolEntry.objects.filter(cycle=cycle).exclude(candidate_id__in=placed).delete()
        old_exports.delete()
        kept_users = Candidate.objects.filter(pk__in=placed).values_list("user_id", flat=True)
        Email.objects.filter(
            Q(recipient__in=[candidate.user_id for candidate in leaving])
            | Q(created_at__lte=cycle.closes_at + _period())
        ).exclude(recipient__in=kept_users).delete()
        keep_accounts = set(FocalPoint.objects.values_list("user_id", flat=True)) | set(
            get_user_model().objects.filter(is_staff=True).values_list("pk", flat=True)
        )
        for candidate in leaving:
            if candidate.user_id in keep_accounts:
                candidate.delete()
            else:
                candidate.user.delete()
        RetentionRun.objects.create(
            cycle=cycle,
            ran_at=at,
            applications_deleted=purge.applications,
            candidates_deleted=purge.candidates,
            files_deleted=purge.files + len(exports),
            placed_kept=purge.placed_kept,
        )
        storage = Document._meta.get_field("file").storage
        transaction.on_commit(lambda: _delete_files(storage, [*files, *exports]))
    logger.info(
        "retention: cycle %s purged",
        cycle.code,
        extra={
            "cycle": cycle.code,
            "applications_deleted": purge.applications,
            "candidates_deleted": purge.candidates,
            "files_deleted": purge.files + len(exports),
            "placed_kept": purge.placed_kept,
        },
    )
    return purge


def _never_applied(cycle: RecruitmentCycle) -> list[Candidate]:
    """Candidates who signed up by the cycle's deadline and never applied to anything."""
    return list(
        Candidate.objects.filter(
            user__date_joined__lte=cycle.closes_at,
            applications__isnull=True,
            pool_entries__isnull=True,
        ).select_related("user")
    )


def _period() -> dt.timedelta:
    return dt.timedelta(days=settings.RETENTION_DAYS)


def _delete_files(storage, names: list[str]) -> None:
    """Delete each stored file; one that cannot be deleted is logged and the rest still go."""
    failed = 0
    for name in names:
        try:
            storage.delete(name)
        # any error, not only OSError: S3's (ClientError, EndpointConnectionError) are not, and
        # one of them must not leave every later file of the cycle in storage
        except Exception:
            failed += 1
            # stored names are generated (documents/<uuid>.pdf): they name no one
            logger.warning(
                "retention: could not delete the stored file %s",
                name,
                exc_info=True,
                extra={"stored_name": name},
            )
    if failed:
        logger.warning(
            "retention: %d of %d stored files could not be deleted",
            failed,
            len(names),
            extra={"files_not_deleted": failed, "files": len(names)},
        )
