"""Celery tasks: thin, idempotent wrappers over the deadline job (acknowledged late)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .deadlines import process_deadlines, send_deadline_reminders


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def process_deadlines_task() -> None:
    process_deadlines(at=timezone.now())


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_deadline_reminders_task() -> None:
    send_deadline_reminders(at=timezone.now())
