"""Bulk screening: applications per second and peak memory, for 20,000 and 100,000.

The applications are made by generate_demo_data (varied on purpose: under-21s, partner
nationals, B2 speakers, untranslated documents). Each measurement runs in a fresh process so
that its peak memory (max RSS) is the screening's own; the baseline, in the same run and the
same kind of process, only reads the snapshots screening reads. Target: 100,000 in under
60 seconds on a 2-core machine.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

from django.conf import settings
from django.db import connection
from django.utils import timezone

from applicants.demo import generate_candidates, make_demo_vacancies
from applicants.models import Application

SIZES = (20_000, 100_000)
APPLICATIONS_PER_CANDIDATE = 1.75  # what generate_candidates makes on average
TARGET_SECONDS = 60


def run() -> None:
    now = timezone.now()
    cycle, vacancies = make_demo_vacancies(now=now)
    rows = []
    for size in SIZES:
        _grow_to(size, vacancies=vacancies, now=now)
        count = Application.objects.submitted().filter(cycle=cycle).count()
        connection.close()  # the worker processes open their own
        for mode in ("read", "screen"):
            result = _in_fresh_process(mode, cycle.code)
            rows.append((mode, count, result))
    _print(rows)


def _grow_to(size: int, *, vacancies, now) -> None:
    have = Application.objects.submitted().filter(cycle=vacancies[0].cycle).count()
    while have < size:
        missing = math.ceil((size - have) / APPLICATIONS_PER_CANDIDATE)
        generate_candidates(count=missing, vacancies=vacancies, now=now)
        have = Application.objects.submitted().filter(cycle=vacancies[0].cycle).count()


def _in_fresh_process(mode: str, cycle_code: str) -> dict:
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
    }
    output = subprocess.run(
        [sys.executable, "-m", "bench.screening_worker", mode, cycle_code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _print(rows) -> None:
    header = (
        f"| {'run':<28} | {'applications':>12} | {'seconds':>8} | {'apps/s':>8} "
        f"| {'peak RSS MB':>11} |"
    )
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    for mode, count, result in rows:
        label = "read snapshots (baseline)" if mode == "read" else "screen (rules + upsert)"
        print(
            f"| {label:<28} | {count:>12,} | {result['seconds']:>8.1f} "
            f"| {count / result['seconds']:>8,.0f} | {result['max_rss_kb'] / 1024:>11.0f} |"
        )
    screened = [(count, result) for mode, count, result in rows if mode == "screen"]
    count, result = screened[-1]
    verdict = "met" if result["seconds"] < TARGET_SECONDS else "NOT met"
    print(
        f"\ntarget: {count:,} applications in under {TARGET_SECONDS} s: {verdict} "
        f"({result['seconds']:.1f} s)"
    )
