from django.core.management.base import BaseCommand

from vacancies.services import load_seed_vacancies


class Command(BaseCommand):
    help = "Create or update the two seed vacancy notices (PDD 250715, OCIO 250711). Idempotent."

    def handle(self, *args, **options) -> None:
        result = load_seed_vacancies()
        references = ", ".join(vacancy.reference for vacancy in result.vacancies)
        self.stdout.write(
            self.style.SUCCESS(f"Seed vacancies loaded in cycle {result.cycle.code}: {references}")
        )
