"""Rebuild a cycle's shared candidate pool from its eligible submissions."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from applicants.pool import rebuild_pool
from vacancies.models import RecruitmentCycle


class Command(BaseCommand):
    help = (
        "Rebuild the pool entries of a cycle (every cycle by default) from the eligible "
        "submissions of its closed vacancies. Reservations are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cycle", help="the cycle's code; every cycle when omitted")

    def handle(self, *args, cycle: str | None = None, **options):
        cycles = RecruitmentCycle.objects.order_by("code")
        if cycle:
            cycles = cycles.filter(code=cycle)
            if not cycles.exists():
                raise CommandError(f"No recruitment cycle has the code {cycle!r}.")
        at = timezone.now()
        for each in cycles:
            built, removed = rebuild_pool(cycle=each, at=at)
            self.stdout.write(f"{each.code}: {built} entries built, {removed} removed")
