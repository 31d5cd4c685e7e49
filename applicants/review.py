"""Talent Acquisition's work on submitted applications: review decisions, exports, dossiers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from recruitment.lib.pdf import render_pdf
from vacancies.brussels_time import format_brussels

from .models import (
    REVIEW_TRANSITIONS,
    Application,
    Document,
    DossierExport,
    ReviewDecision,
    ReviewStatus,
)

PROGRESS_EVERY = 10


def review_refusal(*, application: Application, status: str, note: str) -> str | None:
    """Why this review decision cannot be taken on `application` as it is, or None."""
    if application.status != Application.Status.SUBMITTED:
        return _("Only submitted applications are reviewed.")
    if status == application.review_status:
        return None if note.strip() else _("Write a note, or choose another review status.")
    if status not in REVIEW_TRANSITIONS.get(application.review_status, set()):
        return _("An application that is “%(current)s” cannot become “%(new)s”.") % {
            "current": ReviewStatus(application.review_status).label,
            "new": ReviewStatus(status).label,
        }
    return None


@transaction.atomic
def decide_review(
    *, application: Application, status: str, note: str, by, at: dt.datetime
) -> Application:
    """Move a submitted application to a review status, or add a note (same status)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    note = (note or "").strip()
    refusal = review_refusal(application=locked, status=status, note=note)
    if refusal:
        raise ValidationError(refusal)
    ReviewDecision.objects.create(
        application=locked,
        previous_status=locked.review_status,
        status=status,
        note=note,
        decided_by=by,
        decided_at=at,
    )
    locked.review_status = status
    locked.save(update_fields=["review_status", "updated_at"])
    return locked


def decide_many(*, applications: QuerySet, status: str, by, at: dt.datetime) -> tuple[int, int]:
    """Apply one review decision to many applications; (done, skipped as not allowed)."""
    done = skipped = 0
    for pk in applications.values_list("pk", flat=True):
        try:
            decide_review(application=Application(pk=pk), status=status, note="", by=by, at=at)
        except ValidationError:
            skipped += 1
        else:
            done += 1
    return done, skipped


# --- Exports ---------------------------------------------------------------------------------

CSV_COLUMNS = [
    ("reference", lambda a: a.reference),
    ("vacancy", lambda a: a.vacancy.reference),
    ("first_name", lambda a: a.candidate.first_name),
    ("last_name", lambda a: a.candidate.last_name),
    ("email", lambda a: a.candidate.user.email),
    ("nationalities", lambda a: " ".join(country.code for country in a.candidate.nationalities)),
    ("english", lambda a: a.candidate.english_level),
    ("french", lambda a: a.candidate.french_level),
    ("status", lambda a: a.status),
    ("submitted_at_brussels", lambda a: format_brussels(a.submitted_at) if a.submitted_at else ""),
    ("eligibility", lambda a: getattr(getattr(a, "assessment", None), "verdict", "")),
    ("score", lambda a: "" if a.score is None else a.score),
    ("review", lambda a: a.review_status),
]


# a spreadsheet runs a cell that begins with one of these as a formula (OWASP: CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str | int:
    """A value as a spreadsheet shows it: text a candidate typed is never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def applications_csv(*, applications: QuerySet) -> bytes:
    """The applications as CSV, UTF-8 with a byte order mark so that Excel keeps accents.

    The reasonable-accommodation request is never exported. A cell that a spreadsheet would
    run as a formula (a name such as "=HYPERLINK(...)") is written as text.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _value in CSV_COLUMNS])
    rows = applications.select_related("vacancy", "candidate__user", "assessment").order_by("pk")
    with translation.override("en"):
        for application in rows.iterator(chunk_size=2000):
            writer.writerow([_cell(value(application)) for _name, value in CSV_COLUMNS])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def documents_under_review(application: Application) -> list[Document]:
    """The documents TA judges an application by: as submitted, else as the draft links them.

    After a submission the candidate may still change the draft's documents without
    submitting again; what counts is what was submitted.
    """
    documents = Document.objects.select_related("translation_of")
    if not application.is_submitted:
        return list(documents.filter(applications=application).order_by("created_at"))
    ids = application.latest_submission.document_ids
    by_id = {str(document.public_id): document for document in documents.filter(public_id__in=ids)}
    return [by_id[public_id] for public_id in ids if public_id in by_id]


def dossier_context(application: Application, *, with_accommodation: bool) -> dict:
    submission = application.latest_submission
    assessment = getattr(application, "assessment", None)
    return {
        "application": application,
        "submission": submission,
        "snapshot": submission.snapshot if submission else None,
        "assessment": assessment,
        "overrides": (
            list(assessment.overrides.select_related("decided_by")) if assessment else []
        ),
        "decisions": list(application.review_decisions.select_related("decided_by")),
        "with_accommodation": with_accommodation,
    }


def dossier_pdf(*, application: Application, with_accommodation: bool) -> bytes:
    """One application's dossier: the snapshot, the documents, the assessment, the review."""
    return render_pdf(
        "applicants/application_dossier_pdf.html",
        dossier_context(application, with_accommodation=with_accommodation),
    )


def request_dossier_export(
    *, application_ids: list[int], by, at: dt.datetime, language: str | None = None
) -> DossierExport:
    """Queue a ZIP of dossiers, in `language` (by default the request's, the staff member's
    own); it is built in the background (see build_dossier_export)."""
    export = DossierExport.objects.create(
        requested_by=by,
        requested_at=at,
        application_ids=sorted(application_ids),
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )

    def enqueue():
        from .tasks import build_dossier_export_task

        build_dossier_export_task.delay(export.pk)

    transaction.on_commit(enqueue)
    return export


def build_dossier_export(*, export_id: int) -> DossierExport:
    """Build the ZIP, saving progress as it goes; idempotent once done."""
    export = DossierExport.objects.get(pk=export_id)
    if export.status == DossierExport.Status.DONE:
        return export
    DossierExport.objects.filter(pk=export_id).update(status=DossierExport.Status.RUNNING, done=0)
    with_accommodation = export.requested_by.has_perm("applicants.view_accommodation_request")
    applications = (
        Application.objects.filter(pk__in=export.application_ids)
        .select_related("vacancy__division", "candidate__user", "latest_submission", "assessment")
        .order_by("pk")
    )
    try:
        with translation.override(export.language), tempfile.TemporaryFile() as archive:
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
                for done, application in enumerate(applications.iterator(chunk_size=50), 1):
                    zipped.writestr(
                        f"dossier-{application.reference}.pdf",
                        dossier_pdf(application=application, with_accommodation=with_accommodation),
                    )
                    if done % PROGRESS_EVERY == 0:
                        DossierExport.objects.filter(pk=export_id).update(done=done)
            archive.seek(0)
            export.file.save("dossiers.zip", File(archive), save=False)
    except Exception as error:
        DossierExport.objects.filter(pk=export_id).update(
            status=DossierExport.Status.FAILED, error=f"{type(error).__name__}: {error}"
        )
        raise
    export.status = DossierExport.Status.DONE
    export.done = export.total
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "done", "finished_at"])
    return export
