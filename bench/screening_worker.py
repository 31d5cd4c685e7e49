"""One measurement of bench/screening.py, in its own process: read the snapshots, or screen.

    python -m bench.screening_worker read|screen <cycle code>

Prints one JSON line: applications, seconds, peak RSS.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from applicants.models import Application, Submission  # noqa: E402
from applicants.screening import BATCH_SIZE, screen_cycle  # noqa: E402
from vacancies.models import RecruitmentCycle  # noqa: E402


def measure(mode: str, cycle_code: str) -> dict:
    settings.DEBUG = False
    cycle = RecruitmentCycle.objects.get(code=cycle_code)
    started = time.perf_counter()
    if mode == "screen":
        count = screen_cycle(cycle=cycle, at=timezone.now())
    else:
        count, last_pk = 0, 0
        submitted = Application.objects.submitted().filter(cycle=cycle)
        while True:
            batch = list(
                submitted.filter(pk__gt=last_pk)
                .order_by("pk")
                .values_list("pk", "latest_submission_id")[:BATCH_SIZE]
            )
            if not batch:
                break
            snapshots = list(
                Submission.objects.filter(
                    pk__in=[submission for _pk, submission in batch]
                ).values_list("pk", "snapshot")
            )
            count += len(snapshots)
            last_pk = batch[-1][0]
    return {
        "count": count,
        "seconds": time.perf_counter() - started,
        "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], sys.argv[2])))
