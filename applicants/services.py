"""Writes on candidates, documents and applications.

Every service that changes an application checks the deadline against the server clock
after taking its locks, so a request that waited for a lock past the deadline is refused.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outbox.services import queue_email
from vacancies.brussels_time import format_brussels
from vacancies.models import Vacancy, long_texts

from .choices import CorrespondenceLanguage
from .models import (
    Application,
    Candidate,
    Document,
    Submission,
    new_application_reference,
)
from .snapshots import assemble_snapshot, snapshot_sha256
from .uploads import clean_original_name, inspect_document

logger = logging.getLogger(__name__)


class ApplicationRefused(Exception):
    """A request the rules refuse; the message says why, in the user's language."""

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class DeadlinePassed(ApplicationRefused):
    pass


class CapReached(ApplicationRefused):
    pass


class ApplicationIncomplete(ApplicationRefused):
    pass


def deadline_passed_message(vacancy: Vacancy) -> str:
    return _(
        "The deadline for this vacancy passed on %(deadline)s. Applications can no longer be "
        "created, changed, submitted or withdrawn."
    ) % {"deadline": format_brussels(vacancy.deadline)}


def _refuse_if_closed(vacancy: Vacancy, at: dt.datetime) -> None:
    if not vacancy.is_open(at=at) or vacancy.closed_for_changes_at:
        raise DeadlinePassed(deadline_passed_message(vacancy))


def candidate_for(user) -> Candidate:
    """The user's candidate profile, created empty on first use.

    It is first used on a page of the site in the candidate's language: e-mails go out in
    that language until the candidate chooses another in the profile.
    """
    language = translation.get_language()
    if language not in CorrespondenceLanguage.values:
        language = CorrespondenceLanguage.ENGLISH
    candidate, _created = Candidate.objects.get_or_create(
        user=user, defaults={"correspondence_language": language}
    )
    return candidate


# --- Documents -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentDetails:
    kind: str
    language: str
    translation_of: Document | None = None
    studies_from: dt.date | None = None
    studies_until: dt.date | None = None


def upload_document(
    *, candidate: Candidate, uploaded: UploadedFile, details: DocumentDetails
) -> Document:
    """Store a document under a generated name, or refuse it and store nothing at all."""
    inspected = inspect_document(uploaded)  # raises ValidationError with the reason
    with transaction.atomic():
        # lock the candidate: two uploads at once must not both pass the count below
        Candidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.documents.count() >= settings.DOCUMENTS_PER_CANDIDATE:
            raise ApplicationRefused(
                ngettext(
                    "You already have %(count)d document, the most allowed. Delete one "
                    "before adding another.",
                    "You already have %(count)d documents, the most allowed. Delete one "
                    "before adding another.",
                    settings.DOCUMENTS_PER_CANDIDATE,
                )
                % {"count": settings.DOCUMENTS_PER_CANDIDATE}
            )
        document = Document(
            candidate=candidate,
            kind=details.kind,
            language=details.language,
            translation_of=details.translation_of,
            studies_from=details.studies_from,
            studies_until=details.studies_until,
            original_name=clean_original_name(uploaded.name),
            content_type=inspected.content_type,
            size=inspected.size,
            sha256=inspected.sha256,
        )
        document.file.save("upload", ContentFile(inspected.content), save=False)
        try:
            document.save()
        except Exception:
            document.file.storage.delete(document.file.name)
            raise
    return document


def delete_document(*, candidate: Candidate, document: Document, at: dt.datetime) -> None:
    """Delete a document not part of a submitted or closed application; its file goes too.

    A submitted application is judged by what was submitted (its snapshot), whatever its
    draft now links: a document it was submitted with stays until it is withdrawn or
    submitted again without it.
    """
    with transaction.atomic():
        Candidate.objects.select_for_update().get(pk=candidate.pk)
        submitted_with = _submitted_documents(candidate)
        if str(document.public_id) in submitted_with:
            raise ApplicationRefused(
                _(
                    "This document is part of a submitted application (%(reference)s). Withdraw "
                    "the application or submit it again without the document first."
                )
                % {"reference": submitted_with[str(document.public_id)]}
            )
        for application in document.applications.select_related("vacancy"):
            _refuse_if_closed(application.vacancy, at)
        translations = list(document.translations.all())
        if any(str(translation.public_id) in submitted_with for translation in translations):
            raise ApplicationRefused(
                _(
                    "A translation of this document is part of a submitted application. "
                    "Withdraw that application, or submit it again without the "
                    "translation, before deleting the document."
                )
            )
        names = [document.file.name, *[translation.file.name for translation in translations]]
        storage = document.file.storage
        document.delete()  # its translations go with it (cascade)
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _submitted_documents(candidate: Candidate) -> dict[str, str]:
    """The candidate's documents as submitted: public id -> the application's reference."""
    submitted = (
        Application.objects.submitted()
        .filter(candidate=candidate)
        .select_related("latest_submission")
    )
    return {
        document_id: application.reference
        for application in submitted
        for document_id in application.latest_submission.document_ids
    }


# --- Applications --------------------------------------------------------------------------


def start_application(*, candidate: Candidate, vacancy: Vacancy, at: dt.datetime) -> Application:
    """The candidate's application to `vacancy`, created as a draft if there is none."""
    existing = Application.objects.filter(candidate=candidate, vacancy=vacancy).first()
    if existing:
        return existing
    _refuse_if_closed(vacancy, at)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                vacancy.closes_at, vacancy.closed_for_changes_at = _share_lock_vacancy(vacancy.pk)
                _refuse_if_closed(vacancy, at)
                return Application.objects.create(
                    candidate=candidate,
                    vacancy=vacancy,
                    cycle=vacancy.cycle,
                    reference=new_application_reference(vacancy),
                )
        except IntegrityError:
            # a double click created it meanwhile, or (rarely) the reference was taken
            existing = Application.objects.filter(candidate=candidate, vacancy=vacancy).first()
            if existing:
                return existing
    raise RuntimeError("could not allocate an application reference")


def _lock_application(application: Application, at: dt.datetime) -> Application:
    """Lock what changing an application touches, and refuse if the vacancy is closed.

    One lock order for every writer, the deadline job included: the vacancy first (shared
    here, exclusive in the job), then the candidate (concurrent submissions queue there),
    then the application. The job locks the vacancy before it closes it for changes, so a
    change either commits before the job starts, and the job sees it, or waits and is
    refused: the vacancy's deadline is read again once its lock is held.

    Returns the application and its candidate as read under their locks, with the vacancy,
    division and cycle the caller loaded.
    """
    vacancy = application.vacancy
    _refuse_if_closed(vacancy, at)  # fail fast: no need to queue behind the job
    vacancy.closes_at, vacancy.closed_for_changes_at = _share_lock_vacancy(vacancy.pk)
    candidate = Candidate.objects.select_for_update().get(pk=application.candidate_id)
    candidate.user = application.candidate.user
    locked = Application.objects.select_for_update().get(pk=application.pk)
    locked.vacancy, locked.cycle, locked.candidate = vacancy, application.cycle, candidate
    if (
        locked.latest_submission_id
        and locked.latest_submission_id == application.latest_submission_id
    ):
        locked.latest_submission = application.latest_submission
    _refuse_if_closed(vacancy, at)
    return locked


def _share_lock_vacancy(vacancy_id: int) -> tuple[dt.datetime, dt.datetime | None]:
    """Hold the vacancy open (FOR SHARE) and read its deadline and closing again.

    FOR SHARE: changes to different applications of a vacancy do not wait for each other,
    only for the deadline job's FOR UPDATE (the ORM has no FOR SHARE).
    """
    if connection.vendor != "postgresql":
        deadline = Vacancy.objects.filter(pk=vacancy_id)
        return deadline.values_list("closes_at", "closed_for_changes_at").get()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT closes_at, closed_for_changes_at FROM vacancies_vacancy WHERE id = %s "
            "FOR SHARE",
            [vacancy_id],
        )
        return cursor.fetchone()


def _record(application: Application, *, at: dt.datetime, **fields) -> None:
    """Store a candidate's change as made at `at`, the time its request was judged by.

    The deadline lets a request through by the time it arrived; a loaded server may write
    it a moment later, after the deadline. Its record says when it was let through, as its
    submission does, not when the write happened (`auto_now` would): a change the deadline
    accepted is never recorded after it.
    """
    fields["updated_at"] = at
    Application.objects.filter(pk=application.pk).update(**fields)
    for name, value in fields.items():
        setattr(application, name, value)


def _save_answers(
    application: Application, answers: dict, documents: list[Document], *, at: dt.datetime
) -> None:
    _record(application, at=at, **answers)
    # read again under the candidate's lock: one deleted in another tab since the form was
    # checked is simply no longer attached
    still_there = Document.objects.filter(
        candidate_id=application.candidate_id, pk__in=[document.pk for document in documents]
    )
    application.documents.set(still_there)


def save_application_draft(
    *, application: Application, fields: dict, documents: list[Document], at: dt.datetime
) -> Application:
    """Save the answers as they are; a submitted application keeps its submission."""
    with transaction.atomic():
        locked = _lock_application(application, at)
        _save_answers(locked, fields, documents, at=at)
    return locked


def submission_problems(
    application: Application,
    *,
    documents: list[Document] | None = None,
    education: list | None = None,
    work_areas: list | None = None,
) -> list[str]:
    """Everything that stops `application` from being submitted, as sentences to show.

    Callers that have the documents, education and work areas loaded pass them in.
    """
    if documents is None:
        documents = list(application.documents.all())
    if work_areas is None:
        work_areas = list(application.vacancy.work_areas.all())
    problems = [
        _("Profile: add %(item)s.") % {"item": item}
        for item in application.candidate.missing_for_submission(education=education)
    ]
    if not application.motivation.strip():
        problems.append(_("Write your motivation."))
    if work_areas and not application.work_area_ranking:
        problems.append(_("Choose at least one work area you would like to work in."))
    if not any(document.is_evidence_of_studies for document in documents):
        problems.append(
            _("Attach a copy of your university qualifications or a proof of ongoing studies.")
        )
    translated = {
        document.translation_of_id
        for document in documents
        if document.kind == Document.Kind.TRANSLATION
    }
    for document in documents:
        if document.is_in_official_language or document.kind == Document.Kind.TRANSLATION:
            continue
        if document.pk not in translated:
            problems.append(
                _("Attach a translation into English or French of “%(name)s”.")
                % {"name": document.original_name}
            )
    if not application.declared_accurate:
        problems.append(_("Confirm that the information you give is complete and accurate."))
    if not application.declared_no_generative_ai:
        problems.append(_("Confirm that you did not use generative AI tools for your application."))
    return problems


def submit_application(
    *,
    application: Application,
    token: uuid.UUID,
    at: dt.datetime,
    answers: dict | None = None,
    documents: list[Document] | None = None,
) -> Submission:
    """Save the given answers, then submit (or submit again); idempotent for the same `token`.

    In one transaction: lock the candidate (concurrent submits queue here) and the
    application, hold the vacancy open, check the deadline, save the answers, then, inside a
    savepoint, check them and the cap, take a slot, freeze the snapshot and queue the receipt
    e-mail, which leaves only after commit. A refused submission keeps the saved answers.
    """
    refusal = None
    replay = Submission.objects.filter(token=token).first()
    if replay is not None:  # a double click or a replayed request: its receipt, once
        if replay.application_id != application.pk:
            raise ApplicationRefused(_("This form was already used. Reload the page."))
        return replay
    try:
        with transaction.atomic():
            locked = _lock_application(application, at)
            replay = Submission.objects.filter(token=token, application=application).first()
            if replay is not None:  # the same token committed while we waited for the locks
                return replay
            if answers is not None:
                _save_answers(locked, answers, documents or [], at=at)
            try:
                with transaction.atomic():
                    submission = _submit_locked(locked, token=token, at=at)
            except ApplicationRefused as error:
                refusal = error
            except IntegrityError as error:
                # the database's own guard on the cap: only reachable if the count lied
                refusal = _cap_reached(locked)
                refusal.__cause__ = error
    except DeadlinePassed:
        # a double click straddling the deadline: the first click, let through in time, may
        # still be committing; its receipt is the answer, not a refusal
        replay = _replay_once_committed(application, token)
        if replay is None:
            raise
        return replay
    if refusal is not None:
        raise refusal
    return submission


def _replay_once_committed(application: Application, token: uuid.UUID) -> Submission | None:
    """The submission made with `token`, once a submission in flight has committed."""
    with transaction.atomic():
        # a submission in flight holds the candidate: wait for it to commit
        Candidate.objects.select_for_update().get(pk=application.candidate_id)
        return Submission.objects.filter(token=token, application=application).first()


def _submit_locked(locked: Application, *, token: uuid.UUID, at: dt.datetime) -> Submission:
    candidate = locked.candidate
    documents = list(locked.documents.select_related("translation_of").order_by("created_at"))
    education = list(candidate.education.all())
    work_areas = list(locked.vacancy.work_areas.all())
    problems = submission_problems(
        locked, documents=documents, education=education, work_areas=work_areas
    )
    if problems:
        raise ApplicationIncomplete(
            _("Your application cannot be submitted yet."), details=problems
        )
    if not locked.is_submitted:
        locked.slot = _free_slot(locked)
    locked.status = Application.Status.SUBMITTED
    locked.submitted_at = at
    locked.withdrawn_at = None

    snapshot = assemble_snapshot(
        application=locked,
        candidate=candidate,
        education=education,
        languages=list(candidate.languages.all()),
        documents=documents,
        work_areas=work_areas,
        at=at,
    )
    number = locked.latest_submission.number + 1 if locked.latest_submission else 1
    submission = Submission.objects.create(
        application=locked,
        number=number,
        receipt_number=f"{locked.reference}-{number}",
        token=token,
        submitted_at=at,
        snapshot=snapshot,
        snapshot_sha256=snapshot_sha256(snapshot),
    )
    _record(
        locked,
        at=at,
        status=locked.status,
        slot=locked.slot,
        submitted_at=at,
        withdrawn_at=None,
        latest_submission=submission,
    )
    _queue_receipt(submission)
    return submission


def _free_slot(application: Application) -> int:
    taken = set(
        Application.objects.submitted()
        .filter(candidate_id=application.candidate_id, cycle_id=application.cycle_id)
        .values_list("slot", flat=True)
    )
    if application.cycle.cap_reached(slots_used=len(taken)):
        raise _cap_reached(application)
    return min(set(range(1, application.cycle.application_cap + 1)) - taken)


def _cap_reached(application: Application) -> CapReached:
    cap = application.cycle.application_cap
    return CapReached(
        ngettext(
            "You have already submitted %(cap)d application in this recruitment cycle, the most "
            "allowed. Withdraw it before the deadline to apply to this vacancy instead.",
            "You have already submitted %(cap)d applications in this recruitment cycle, the most "
            "allowed. Withdraw one before the deadline to apply to this vacancy instead.",
            cap,
        )
        % {"cap": cap}
    )


def _queue_receipt(submission: Submission) -> None:
    application = submission.application
    candidate = application.candidate
    language = candidate.correspondence_language
    with translation.override(language):
        path = reverse(
            "applicants:receipt",
            kwargs={"public_id": application.public_id, "number": submission.number},
        )
    queue_email(
        key=f"receipt:{submission.receipt_number}",
        to=candidate.user,
        template="email/application_receipt",
        context={
            "submission": submission,
            "application": application,
            "candidate": candidate,
            "receipt_url": settings.SITE_URL + path,
        },
        language=language,
    )


def withdraw_application(*, application: Application, at: dt.datetime) -> Application:
    """Withdraw a submitted application before the deadline: its slot is free again."""
    with transaction.atomic():
        locked = _lock_application(application, at)
        if not locked.is_submitted:
            return locked
        _record(locked, at=at, status=Application.Status.WITHDRAWN, slot=None, withdrawn_at=at)
    return locked


def slots_used(*, candidate: Candidate, cycle) -> int:
    return Application.objects.submitted().filter(candidate=candidate, cycle=cycle).count()


# --- The candidate's own data --------------------------------------------------------------


def locked_applications(*, candidate: Candidate, at: dt.datetime) -> list[Application]:
    """Submitted applications whose deadline has passed: they are being assessed."""
    applications = (
        candidate.applications.submitted()
        .select_related("vacancy")
        .defer(*long_texts(vacancy="vacancy__"))
    )
    return [application for application in applications if application.is_locked(at=at)]


def delete_account(*, user, at: dt.datetime) -> None:
    """Delete the user, the profile, the documents (files too) and the applications."""
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().filter(user=user).first()
        if candidate is not None:
            locked = locked_applications(candidate=candidate, at=at)
            if locked:
                raise ApplicationRefused(
                    ngettext(
                        "Your account cannot be deleted now: your application %(references)s "
                        "is being assessed after the deadline. Its data will be deleted with "
                        "the cycle's data once the recruitment is over.",
                        "Your account cannot be deleted now: your applications %(references)s "
                        "are being assessed after the deadline. Their data will be deleted "
                        "with the cycle's data once the recruitment is over.",
                        len(locked),
                    )
                    % {"references": ", ".join(a.reference for a in locked)}
                )
            names = [document.file.name for document in candidate.documents.all()]
            storage = Document._meta.get_field("file").storage
            transaction.on_commit(lambda: [storage.delete(name) for name in names])
        # the profile, documents, applications, submissions and e-mails go with the user
        get_user_model().objects.filter(pk=user.pk).delete()
