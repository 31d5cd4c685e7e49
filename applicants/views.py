"""The candidate's pages under /<lang>/me/, and applying from a vacancy page.

Every object URL looks the object up among the signed-in user's own: another candidate's
application or document is a 404, as is any of them for a visitor who is not signed in.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from recruitment.lib.pdf import render_pdf
from vacancies.models import RecruitmentCycle, Vacancy

from . import services
from .document_files import document_response
from .exports import candidate_data
from .forms import ApplicationForm, DocumentForm, EducationFormSet, LanguageFormSet, ProfileForm
from .models import (
    Application,
    Candidate,
    Document,
    DocumentAccess,
    Education,
    LanguageSkill,
    Submission,
)
from .pool_views import can_search_pool
from .screening import precheck_application, precheck_profile
from .uploads import too_large_message


def signed_in_or_404(view):
    """For URLs naming one object: a visitor who is not signed in learns nothing, not even
    that it exists (the 404 page offers to sign in; an autosave is told it is signed out)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            if _wants_json(request):
                return _signed_out_response(request, status=404)
            if request.method == "GET":
                raise Http404
            # a form sent after the session ended: signing in leads back to its page
            return render(request, "404.html", {"sign_in_next": _form_page(request)}, status=404)
        return view(request, *args, **kwargs)

    return wrapper


def _form_page(request: HttpRequest) -> str:
    """The page a form was sent from (the Referer, when it is this site's), else the
    dashboard: a POST-only URL is no page to come back to."""
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return urlsplit(referer).path
    return reverse("applicants:dashboard")


def signed_in_or_sign_in_page(view):
    """@login_required, except that an autosave is told it is signed out: a redirect to the
    sign-in page is nothing its script can read."""
    required = login_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated and _wants_json(request):
            return _signed_out_response(request, status=401)
        return required(request, *args, **kwargs)

    return wrapper


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Autosave") == "1"


def _signed_out_response(request: HttpRequest, *, status: int) -> JsonResponse:
    """The session ended while the page was open (it expired, or the candidate signed out in
    another tab): nothing is saved, and static/js/autosave.js keeps what was typed in the
    tab until the candidate is back from signing in."""
    return JsonResponse(
        {
            "saved": False,
            "signed_out": True,
            "message": _(
                "Not saved: you are signed out. Sign in again; what you typed is kept in "
                "this tab and saved when you come back to this page."
            ),
            "sign_in_label": _("Sign in"),
            "sign_in_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
        },
        status=status,
    )


def _saved_response(message: str, **extra) -> JsonResponse:
    return JsonResponse({"saved": True, "message": message, **extra})


def _profile_saved_message() -> str:
    # a profile has no draft and no submitted version: what is saved is simply the profile
    return _("Saved at %(time)s.") % {"time": time_format(timezone.localtime(), "H:i")}


def _not_saved_response(errors: list[str]) -> JsonResponse:
    return JsonResponse(
        {
            "saved": False,
            "message": _("Not saved: correct the fields marked in the form, then save."),
            "errors": errors,
        },
        status=400,
    )


# --- Dashboard -----------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    candidate = Candidate.objects.filter(user=request.user).first()
    if candidate is None:
        if can_search_pool(request.user):
            # focal points and TA staff land here after signing in: their page is the pool
            return redirect("applicants:pool")
        candidate = services.candidate_for(request.user)
    now = timezone.now()
    applications = list(
        candidate.applications.with_vacancy().order_by("vacancy__closes_at", "created_at")
    )
    cycles = {application.cycle for application in applications}
    cycles |= set(RecruitmentCycle.objects.with_open_vacancies(at=now).summaries())
    education = list(candidate.education.all())
    languages = list(candidate.languages.all())
    slots = [
        {
            "cycle": cycle,
            "used": sum(1 for a in applications if a.cycle_id == cycle.pk and a.is_submitted),
            "precheck": precheck_profile(
                candidate=candidate, cycle=cycle, education=education, languages=languages
            ),
        }
        for cycle in sorted(cycles, key=lambda cycle: cycle.closes_at)
    ]
    return render(
        request,
        "applicants/dashboard.html",
        {
            "candidate": candidate,
            "applications": applications,
            "slots": slots,
            "now": now,
            "profile_missing": candidate.missing_for_submission(education=education),
            "locked": [
                application for application in applications if application.is_locked(at=now)
            ],
            "pools": RecruitmentCycle.objects.filter(pool_entries__candidate=candidate).summaries(),
        },
    )


# --- Profile -------------------------------------------------------------------------------


@signed_in_or_sign_in_page
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    candidate = services.candidate_for(request.user)
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=candidate)
    education = EducationFormSet(data, instance=candidate, prefix="education")
    languages = LanguageFormSet(data, instance=candidate, prefix="languages")
    if request.method == "POST":
        parts = (form, education, languages)
        if all(part.is_valid() for part in parts):
            try:
                with transaction.atomic():
                    form.save()
                    education.save()
                    languages.save()
            except IntegrityError:
                # the page is older than the profile (another tab saved the same entry)
                message = _(
                    "Your profile changed in another window. Reload the page and "
                    "check your entries."
                )
                if _wants_json(request):
                    return JsonResponse({"saved": False, "message": message}, status=409)
                messages.error(request, message)
                return redirect("applicants:profile")
            if _wants_json(request):
                # the rows just created get their ids, so the page's next save updates them
                return _saved_response(
                    _profile_saved_message(),
                    version=profile_version(candidate),
                    formsets={
                        formset.prefix: {
                            "initial": len(formset.initial_forms) + len(formset.new_objects),
                            "ids": {
                                str(index): entry.instance.pk
                                for index, entry in enumerate(formset.forms)
                                if entry.instance.pk
                            },
                        }
                        for formset in (education, languages)
                    },
                )
            messages.success(request, _("Your profile is saved."))
            return redirect("applicants:profile")
        if _wants_json(request):
            return _not_saved_response(_error_list(form, education, languages))
    return render(
        request,
        "applicants/candidate_profile.html",
        {
            "form": form,
            "education": education,
            "languages": languages,
            # the entries are far below the summary at the top: it names their errors
            "entry_errors": _entry_errors(
                (_("Education"), education), (_("Other languages"), languages)
            ),
            "candidate": candidate,
            "profile_version": profile_version(candidate),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def profile_entry_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Remove one education entry or other language of the signed-in candidate."""
    model = {"education": Education, "languages": LanguageSkill}.get(kind)
    if model is None:
        raise Http404
    entry = get_object_or_404(model, pk=pk, candidate__user=request.user)
    entry.delete()
    messages.success(request, _("The entry is removed."))
    return redirect("applicants:profile")


def _entry_errors(*sections: tuple[str, BaseFormSet]) -> list[dict[str, str]]:
    """Each error of the formsets' entries, with where it is and the id of the field to link to."""
    errors = []
    for section, formset in sections:
        for message in formset.non_form_errors():
            errors.append({"where": section, "field_id": formset.prefix, "message": message})
        for entry in formset.forms:
            if not entry.errors:
                continue
            entry_name = str(entry.instance) if entry.instance.pk else _("New entry")
            fields = entry.visible_fields()
            for message in entry.non_field_errors():
                where = _("%(section)s, %(entry)s") % {"section": section, "entry": entry_name}
                errors.append(
                    {"where": where, "field_id": _field_id(fields[0]), "message": message}
                )
            for field in fields:
                where = _("%(section)s, %(entry)s, %(field)s") % {
                    "section": section,
                    "entry": entry_name,
                    "field": field.label,
                }
                errors += [
                    {"where": where, "field_id": _field_id(field), "message": message}
                    for message in field.errors
                ]
    return errors


def _field_id(field) -> str:
    # a group of radio buttons has no single id: its first button takes the focus
    return field.id_for_label or f"{field.auto_id}_0"


def _error_list(*parts) -> list[str]:
    errors = []
    for part in parts:
        if hasattr(part, "forms"):
            errors += [str(e) for e in part.non_form_errors()]
            for form in part.forms:
                errors += [str(e) for field_errors in form.errors.values() for e in field_errors]
        else:
            errors += [str(e) for field_errors in part.errors.values() for e in field_errors]
    return errors


# --- Documents -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest) -> HttpResponse:
    candidate = services.candidate_for(request.user)
    form = DocumentForm(candidate=candidate)
    status = 200
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, candidate=candidate)
        if "file" in getattr(request, "oversized_uploads", set()):
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error("file", too_large_message())
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.upload_document(
                    candidate=candidate,
                    uploaded=data["file"],
                    details=services.DocumentDetails(
                        kind=data["kind"],
                        language=data["language"],
                        translation_of=data["translation_of"],
                        studies_from=data["studies_from"],
                        studies_until=data["studies_until"],
                    ),
                )
            except ValidationError as error:
                form.add_error("file", error)
            except services.ApplicationRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Your document is saved."))
                return redirect("applicants:documents")
        status = 400
    return render(
        request,
        "applicants/document_list.html",
        {
            "form": form,
            "documents": candidate.documents.select_related("translation_of").prefetch_related(
                "applications"
            ),
            "candidate": candidate,
        },
        status=status,
    )


@signed_in_or_404
def document_download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("candidate"), public_id=public_id)
    is_owner = document.candidate.user_id == request.user.pk
    is_talent_acquisition = request.user.is_staff and request.user.has_perm(
        "applicants.view_document"
    )
    if not (is_owner or is_talent_acquisition):
        raise Http404
    if not is_owner:
        DocumentAccess.objects.create(document=document, user=request.user)
    return document_response(document)


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    document = get_object_or_404(Document, public_id=public_id, candidate__user=request.user)
    if request.method == "GET":  # a file cannot be got back: ask first
        return render(request, "applicants/document_confirm_delete.html", {"document": document})
    try:
        services.delete_document(candidate=document.candidate, document=document, at=timezone.now())
    except services.ApplicationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The document is deleted."))
    return redirect("applicants:documents")


# --- Applications --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, reference: str) -> HttpResponse:
    """Start (or reopen) the candidate's application to a vacancy."""
    vacancy = get_object_or_404(
        Vacancy.objects.published().select_related("cycle", "division"), reference=reference
    )
    candidate = services.candidate_for(request.user)
    existing = candidate.applications.filter(vacancy=vacancy).first()
    if existing:
        return redirect(existing_url(existing))
    if request.method == "GET":
        used = services.slots_used(candidate=candidate, cycle=vacancy.cycle)
        context = {
            "vacancy": vacancy,
            "is_open": vacancy.is_open(at=timezone.now()),
            "cap_reached": vacancy.cycle.cap_reached(slots_used=used),
        }
        return render(request, "applicants/application_start.html", context)
    try:
        application = services.start_application(
            candidate=candidate, vacancy=vacancy, at=timezone.now()
        )
    except services.ApplicationRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(vacancy.get_absolute_url())
    return redirect(existing_url(application))


def draft_version(application: Application) -> str:
    """Which save of the application a page shows: autosave.js restores what was typed in a
    tab only onto the save it was typed on, never over a newer one."""
    return dateformat.format(application.updated_at, "U.u")


def profile_version(candidate: Candidate) -> str:
    """Which save of the profile a page shows, as draft_version, with the entries it has:
    removing one changes the form's rows, not the candidate."""
    entries = [
        ",".join(str(pk) for pk in rows.order_by("pk").values_list("pk", flat=True))
        for rows in (candidate.education, candidate.languages)
    ]
    return ":".join([dateformat.format(candidate.updated_at, "U.u"), *entries])


def existing_url(application: Application) -> str:
    return reverse("applicants:application", kwargs={"public_id": application.public_id})


def _own_application(request: HttpRequest, public_id: uuid.UUID) -> Application:
    return get_object_or_404(
        Application.objects.with_vacancy()
        .select_related("candidate__user")
        .prefetch_related("vacancy__work_areas"),
        public_id=public_id,
        candidate__user=request.user,
    )


@signed_in_or_404
@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    application = _own_application(request, public_id)
    now = timezone.now()
    is_open = application.is_open(at=now)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        instance=application,
        vacancy=application.vacancy,
        candidate=application.candidate,
    )
    if request.method == "GET":
        return _application_page(request, application, form, is_open=is_open, now=now)
    if not is_open:
        message = services.deadline_passed_message(application.vacancy)
        if _wants_json(request):
            return JsonResponse({"saved": False, "message": message}, status=409)
        messages.error(request, message)
        return redirect(existing_url(application))
    if form.is_valid():
        try:
            application = services.save_application_draft(
                application=application,
                fields=form.answers(),
                documents=list(form.cleaned_data["documents"]),
                at=now,
            )
        except services.ApplicationRefused as refusal:
            if _wants_json(request):
                return JsonResponse({"saved": False, "message": refusal.message}, status=409)
            messages.error(request, refusal.message)
            return redirect(existing_url(application))
        saved = (
            _(
                "Changes saved at %(time)s. They are not part of your submitted application "
                "until you submit again."
            )
            if application.is_submitted
            else _("Draft saved at %(time)s. It is not submitted yet.")
        ) % {"time": time_format(timezone.localtime(), "H:i")}
        if _wants_json(request):
            return _saved_response(saved, version=draft_version(application))
        messages.success(request, saved)
        return redirect(existing_url(application))
    if _wants_json(request):
        return _not_saved_response(_error_list(form))
    # the page shows what is saved; the form keeps what was typed, with its errors
    application.refresh_from_db(fields=ApplicationForm.ANSWER_FIELDS)
    return _application_page(request, application, form, is_open=is_open, now=now, status=400)


def _application_page(
    request: HttpRequest,
    application: Application,
    form: ApplicationForm,
    *,
    is_open: bool,
    now: dt.datetime,
    status: int = 200,
) -> HttpResponse:
    # what the problems and the pre-check read, loaded once for both
    prefetch_related_objects(
        [application],
        Prefetch(
            "documents",
            queryset=Document.objects.select_related("translation_of").order_by("created_at"),
        ),
        "candidate__education",
        "candidate__languages",
    )
    return render(
        request,
        "applicants/application_form.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "form": form,
            "is_open": is_open,
            "now": now,
            "problems": services.submission_problems(application),
            "precheck": precheck_application(application=application, at=now),
            "slots_used": services.slots_used(
                candidate=application.candidate, cycle=application.cycle
            ),
            # a fresh key per rendered form: a double click or a replay submits once
            "submit_token": uuid.uuid4(),
            "draft_version": draft_version(application),
        },
        status=status,
    )


@signed_in_or_404
@require_POST
def application_submit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Save the answers in the form, then submit them: nothing typed is lost to a quick click."""
    application = _own_application(request, public_id)
    try:
        token = uuid.UUID(request.POST.get("submit_token", ""))
    except ValueError:
        messages.error(
            request, _("This form has expired. Check your application and submit again.")
        )
        return redirect(existing_url(application))
    now = timezone.now()
    form = ApplicationForm(
        request.POST,
        instance=application,
        vacancy=application.vacancy,
        candidate=application.candidate,
    )
    if not form.is_valid():
        messages.error(request, _("Some answers need your attention; nothing was submitted."))
        for error in _error_list(form):
            messages.warning(request, error)
        return redirect(existing_url(application))
    try:
        submission = services.submit_application(
            application=application,
            token=token,
            at=now,
            answers=form.answers(),
            documents=list(form.cleaned_data["documents"]),
        )
    except services.ApplicationRefused as refusal:
        messages.error(request, refusal.message)
        for detail in refusal.details:
            messages.warning(request, detail)
        return redirect(existing_url(application))
    return redirect(
        "applicants:receipt",
        public_id=application.public_id,
        number=submission.number,
    )


@signed_in_or_404
@require_POST
def application_withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    application = _own_application(request, public_id)
    try:
        services.withdraw_application(application=application, at=timezone.now())
    except services.ApplicationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Your application %(reference)s is withdrawn. You can submit it again before "
                "the deadline."
            )
            % {"reference": application.reference},
        )
    return redirect(existing_url(application))


def _own_submission(request: HttpRequest, public_id: uuid.UUID, number: int) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related(
            "application__vacancy__division", "application__candidate__user"
        ),
        application__public_id=public_id,
        application__candidate__user=request.user,
        number=number,
    )


@signed_in_or_404
def receipt(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    submission = _own_submission(request, public_id, number)
    return render(
        request,
        "applicants/submission_receipt.html",
        {"submission": submission, "application": submission.application},
    )


@signed_in_or_404
def receipt_pdf(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    submission = _own_submission(request, public_id, number)
    pdf = render_pdf(
        "applicants/submission_receipt_pdf.html",
        {"submission": submission, "application": submission.application},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="receipt-{submission.receipt_number}.pdf"'
    )
    return response


# --- The candidate's own data --------------------------------------------------------------


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    candidate = services.candidate_for(request.user)
    body = json.dumps(candidate_data(candidate=candidate), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-application-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    candidate = services.candidate_for(request.user)
    locked = services.locked_applications(candidate=candidate, at=timezone.now())
    if request.method == "POST":
        user = request.user
        try:
            services.delete_account(user=user, at=timezone.now())
        except services.ApplicationRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("applicants:delete_account")
        logout(request)
        messages.success(request, _("Your account and all its data are deleted."))
        return redirect("vacancies:list")
    return render(
        request, "applicants/account_delete.html", {"candidate": candidate, "locked": locked}
    )
