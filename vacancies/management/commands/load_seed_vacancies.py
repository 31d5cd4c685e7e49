from django.core.management.base import BaseCommand

from vacancies.services import load_seed_vacancies


class Command(BaseCommand):
    help = (
        "Create the two seed vacancy notices (PDD 250715, OCIO 250711) if they are missing; "
        "--update also brings existing ones back to the seed file. Idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="also bring existing rows back to the seed file (not a vacancy's settled "
            "fields: its cycle once someone applied, its deadline once passed)",
        )

    def handle(self, *args, **options) -> None:
        result = load_seed_vacancies(update=options["update"])
        references = ", ".join(vacancy.reference for vacancy in result.vacancies)
        self.stdout.write(
            self.style.SUCCESS(f"Seed vacancies loaded in cycle {result.cycle.code}: {references}")
        )
