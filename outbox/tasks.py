from __future__ import annotations

from celery import shared_task

from .services import drain_outbox, send_email


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_email_task(email_id: int) -> None:
    # idempotent (a sent e-mail is skipped), so acknowledging late is safe
    send_email(email_id=email_id)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def drain_outbox_task() -> None:
    drain_outbox()
