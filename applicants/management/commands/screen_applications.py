from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from applicants.screening import screen_cycle, screen_vacancy
from vacancies.models import RecruitmentCycle, Vacancy


class Command(BaseCommand):
    help = "Screen every submitted application of a vacancy or a cycle (essential criteria)."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--vacancy", help="vacancy reference, e.g. 250715")
        target.add_argument("--cycle", help="cycle code, e.g. 2026")

    def handle(self, *args, vacancy: str | None, cycle: str | None, **options) -> None:
        now = timezone.now()
        try:
            if vacancy:
                count = screen_vacancy(vacancy=Vacancy.objects.get(reference=vacancy), at=now)
            else:
                count = screen_cycle(cycle=RecruitmentCycle.objects.get(code=cycle), at=now)
        except (Vacancy.DoesNotExist, RecruitmentCycle.DoesNotExist) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{count} submitted applications screened."))
