from django.core.management.base import BaseCommand

from applicants.demo import generate_demo_data


class Command(BaseCommand):
    help = (
        "Add five demo vacancies (open four weeks, marked 'Demo') and a demo candidate; "
        "with --candidates N, also N generated candidates with submitted applications."
    )

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, default=0, help="candidates to generate")

    def handle(self, *args, candidates: int, **options) -> None:
        result = generate_demo_data(candidates=candidates)
        references = ", ".join(vacancy.reference for vacancy in result.vacancies)
        self.stdout.write(self.style.SUCCESS(f"Demo vacancies ({result.cycle.name}): {references}"))
        self.stdout.write(f"Demo candidate: {result.demo_email} / password {result.demo_password}")
        if result.generated:
            self.stdout.write(f"Generated candidates: {result.generated}")
