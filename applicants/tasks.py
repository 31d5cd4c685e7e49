from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .pool_digest import send_pool_digests
from .retention import apply_retention
from .review import build_dossier_export


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def build_dossier_export_task(export_id: int) -> None:
    # idempotent: a finished export is left as it is, an unfinished one is built again
    build_dossier_export(export_id=export_id)


@shared_task(acks_late=True, ignore_result=True)
def send_pool_digests_task() -> None:
    # idempotent: each focal point's digest of a week is keyed in the outbox
    send_pool_digests(at=timezone.now())


@shared_task(acks_late=True, ignore_result=True)
def apply_retention_task() -> None:
    # idempotent: a purged cycle has its RetentionRun and is not purged again
    apply_retention(at=timezone.now())
