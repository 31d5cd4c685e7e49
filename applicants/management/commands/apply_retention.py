"""Delete the personal data of cycles closed for longer than RETENTION_DAYS."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from applicants.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Delete the applications, pool entries and candidates (rows and files) of every "
        f"cycle whose deadline is more than RETENTION_DAYS ({settings.RETENTION_DAYS}) days "
        "old; placed candidates are kept. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, dry_run: bool = False, **options):
        purges = apply_retention(at=timezone.now(), dry_run=dry_run)
        if not purges:
            self.stdout.write("No cycle is due for deletion.")
        for purge in purges:
            verb = "would delete" if dry_run else "deleted"
            self.stdout.write(
                f"{purge.cycle}: {verb} {purge.applications} applications, "
                f"{purge.candidates} candidates, {purge.files} files; "
                f"{purge.placed_kept} placed candidates kept"
            )
