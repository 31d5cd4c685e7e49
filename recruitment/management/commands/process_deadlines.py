from django.core.management.base import BaseCommand
from django.utils import timezone

from recruitment.deadlines import process_deadlines, send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Run the deadline job now, in this process: close, screen and pool every vacancy "
        "whose deadline has passed, send the reminders that are due. Safe to run any time."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        for outcome in process_deadlines(at=now):
            state = "processed" if outcome.completed else "busy elsewhere, left for later"
            self.stdout.write(f"vacancy {outcome.vacancy}: {state}")
        reminders = send_deadline_reminders(at=now)
        self.stdout.write(self.style.SUCCESS(f"deadline job done; {reminders} reminders queued"))
