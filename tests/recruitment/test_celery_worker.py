"""The deadline job through a real Celery worker (a subprocess) on the local Redis."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.utils import timezone

from applicants import services
from applicants.models import PoolEntry
from recruitment.celery import app
from recruitment.models import DeadlineRun
from recruitment.tasks import process_deadlines_task
from tests.celery_broker import broker
from tests.factories import ApplicationFactory, RecruitmentCycleFactory, UserFactory, VacancyFactory
from vacancies.models import FocalPoint

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BROKER = "redis://127.0.0.1:6379/13"


def wait_until(condition, *, timeout: float = 90, what: str) -> None:
    """Poll another process's work, for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)  # the worker is another process: there is no clock to freeze here


@pytest.fixture
def worker(tmp_path):
    redis.Redis.from_url(BROKER).flushdb()
    mail_dir = tmp_path / "mail"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": BROKER,
        "CACHE_URL": "locmemcache://",
        # four slashes: django-environ drops one, and the path must stay absolute
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "VAR_DIR": str(tmp_path / "var"),
        "LOG_FORMAT": "json",  # as in production
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "recruitment",
            "worker",
            "--pool",
            "solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # this process publishes to the same broker, as the web processes do in production
        with broker(BROKER):
            yield mail_dir
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        redis.Redis.from_url(BROKER).flushdb()


def test_a_worker_processes_a_vacancy_whose_deadline_passed(worker):
    closes_at = (timezone.now() - dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=closes_at))
    application = ApplicationFactory(vacancy=vacancy)
    services.submit_application(
        application=application, token=uuid.uuid4(), at=closes_at - dt.timedelta(hours=1)
    )
    FocalPoint.objects.create(
        division=vacancy.division, user=UserFactory(email="focal@example.org")
    )

    process_deadlines_task.delay()

    wait_until(
        lambda: DeadlineRun.objects.filter(vacancy=vacancy, completed_at__isnull=False).exists(),
        what="the deadline job",
    )
    assert PoolEntry.objects.filter(candidate=application.candidate).exists()

    def sent() -> str:
        return "".join(path.read_text() for path in worker.glob("*.log")) if worker.exists() else ""

    wait_until(lambda: sent().count("Subject:") >= 3, what="three e-mails")
    messages = sent()
    assert f"Application received: receipt {application.reference}-1" in messages
    assert f"Your application {application.reference} is closed for changes" in messages
    assert "new candidates" in messages
    assert messages.count("closed for changes") == 1


def test_celery_leaves_the_root_logger_to_the_django_settings():
    assert app.conf.worker_hijack_root_logger is False


def test_a_worker_logs_json_lines_as_the_web_processes_do(worker, tmp_path):
    log = tmp_path / "worker.log"
    wait_until(lambda: " ready." in log.read_text(), what="the worker to be ready")

    records = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(record["message"].endswith(" ready.") for record in records)
    # Celery's own format: "[2026-06-23 02:00:00,000: INFO/MainProcess] celery@host ready."
    assert not re.search(r"^\[[0-9-]+ [0-9:,]+: [A-Z]+/", log.read_text(), re.MULTILINE)
