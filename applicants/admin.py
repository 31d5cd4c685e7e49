"""Talent Acquisition's admin: candidates, documents, applications, the pool, exports."""

from __future__ import annotations

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from eligibility.models import VerdictChoices
from eligibility.rules import NATO_MEMBERS
from vacancies.brussels_time import format_brussels

from . import assessment_admin  # noqa: F401 (registers the assessments' admin)
from .models import (
    Application,
    Candidate,
    Document,
    DocumentAccess,
    DossierExport,
    Education,
    LanguageSkill,
    PoolEntry,
    Reservation,
    ReservationChange,
    RetentionRun,
    ReviewDecision,
    ReviewStatus,
)
from .paginators import CappedCountAdmin
from .reservations import ReservationError, move_reservation
from .review import (
    applications_csv,
    decide_many,
    decide_review,
    documents_under_review,
    dossier_pdf,
    request_dossier_export,
    review_refusal,
)
from .screening import rescreen
from .staff_dashboard import dashboard_counts

ACCOMMODATION_PERMISSION = "applicants.view_accommodation_request"
User = get_user_model()


class NationalityFilter(admin.SimpleListFilter):
    title = _("nationality")
    parameter_name = "nationality"

    def lookups(self, request, model_admin):
        from django_countries import countries

        return sorted(
            ((code, countries.name(code)) for code in NATO_MEMBERS),
            key=lambda choice: str(choice[1]),
        )

    def queryset(self, request, queryset):
        if self.value():
            # nationalities are stored "BE,FR": a code is two letters between commas
            return queryset.filter(candidate__nationalities__contains=self.value())
        return queryset


class OutcomeFilter(admin.SimpleListFilter):
    title = _("eligibility")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return [*VerdictChoices.choices, ("unscreened", _("Not screened"))]

    def queryset(self, request, queryset):
        if self.value() == "unscreened":
            return queryset.filter(assessment__isnull=True)
        if self.value():
            return queryset.filter(assessment__verdict=self.value())
        return queryset


DECIDED = {ReviewStatus.SHORTLISTED, ReviewStatus.SELECTED, ReviewStatus.NOT_RETAINED}


class ReviewForm(forms.ModelForm):
    """What TA writes on an application: a review decision, or an internal note."""

    # the decisions TA takes; "not reviewed" and "screened" are where screening puts them
    new_review_status = forms.ChoiceField(
        label=_("Review decision"),
        choices=[
            ("", "—"),
            *[(value, label) for value, label in ReviewStatus.choices if value in DECIDED],
        ],
        required=False,
    )
    note = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Seen only by Talent Acquisition; kept in the history with your name."),
    )

    class Meta:
        model = Application
        fields = []

    def clean(self):
        # refused here, with the form shown again and nothing saved: save_model cannot refuse
        cleaned = super().clean()
        status, note = cleaned.get("new_review_status"), cleaned.get("note") or ""
        if status or note.strip():
            refusal = review_refusal(
                application=self.instance,
                status=status or self.instance.review_status,
                note=note,
            )
            if refusal:
                raise ValidationError(refusal)
        return cleaned


@admin.register(Application)
class ApplicationAdmin(CappedCountAdmin, admin.ModelAdmin):
    form = ReviewForm
    list_display = [
        "reference",
        "candidate_name",
        "vacancy_reference",
        "status",
        "submitted",
        "nationalities",
        "english",
        "french",
        "outcome",
        "score_column",
        "review_status",
    ]
    list_filter = [
        "cycle",
        "vacancy",
        "vacancy__division",
        "status",
        OutcomeFilter,
        NationalityFilter,
        "candidate__preferred_start",
        "review_status",
    ]
    list_select_related = ["candidate__user", "vacancy", "assessment"]
    search_fields = [
        "reference",
        "candidate__last_name",
        "candidate__first_name",
        "candidate__user__email",
    ]
    list_per_page = 100
    actions = ["screen", "shortlist", "not_retained", "export_csv", "export_dossiers"]
    ordering = ["-submitted_at", "-pk"]

    def lookup_allowed(self, lookup: str, value: str, request) -> bool:
        # the admin would filter on any field of the row from the URL: the accommodation
        # request (health data) is never searchable, whoever asks
        if lookup.split("__")[0] == "accommodation_request":
            return False
        return super().lookup_allowed(lookup, value, request)

    # --- the list ---

    # the columns the list shows, and nothing else: a vacancy row carries the whole notice
    LIST_FIELDS = [
        "reference",
        "status",
        "submitted_at",
        "review_status",
        "score",
        "candidate_id",
        "vacancy_id",
        "candidate__first_name",
        "candidate__last_name",
        "candidate__nationalities",
        "candidate__english_level",
        "candidate__french_level",
        "candidate__user__email",
        "vacancy__reference",
        "assessment__computed_verdict",
        "assessment__override_verdict",
        "assessment__verdict",
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match and match.url_name == "applicants_application_changelist":
            queryset = queryset.only(*self.LIST_FIELDS)
        return queryset

    SEARCH_PEOPLE_LIMIT = 5_000

    def get_search_results(self, request, queryset, search_term):
        """Name, e-mail or reference. The people are found first, through their own
        indexes; the applications then by candidate id or reference, two index scans
        (an OR across joined tables would read every application)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        words = term.split()
        if len(words) > 1:  # "Jan Dubois": every word in the first name, last name or e-mail
            people = Candidate.objects.all()
            for word in words:
                people = people.filter(
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(user__email__icontains=word)
                )
            return queryset.filter(
                Q(reference__icontains=term) | Q(candidate__in=people.values("pk"))
            ), False
        by_name = Candidate.objects.filter(
            Q(last_name__icontains=term) | Q(first_name__icontains=term)
        ).values_list("pk", flat=True)
        by_email = Candidate.objects.filter(user__email__icontains=term).values_list(
            "pk", flat=True
        )
        people = by_name.union(by_email)
        found = list(people[: self.SEARCH_PEOPLE_LIMIT + 1])
        if len(found) > self.SEARCH_PEOPLE_LIMIT:  # a very broad term: let the database join
            matches = Q(candidate__in=by_name) | Q(candidate__in=by_email)
        else:
            matches = Q(candidate_id__in=found)
        return queryset.filter(Q(reference__icontains=term) | matches), False

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, application: Application):
        # Django renders this through a widget template on every row: 40% of the list's time
        return format_html(
            '<input type="checkbox" name="_selected_action" value="{}" class="action-select" '
            'aria-label="{}">',
            application.pk,
            _("Select %(reference)s") % {"reference": application.reference},
        )

    @admin.display(description=_("candidate"), ordering="candidate__last_name")
    def candidate_name(self, application: Application) -> str:
        return application.candidate.full_name or application.candidate.user.email

    @admin.display(description=_("vacancy"), ordering="vacancy__reference")
    def vacancy_reference(self, application: Application) -> str:
        return application.vacancy.reference

    @admin.display(description=_("submitted (Brussels)"), ordering="submitted_at")
    def submitted(self, application: Application) -> str:
        return format_brussels(application.submitted_at) if application.submitted_at else "—"

    @admin.display(description=_("nationalities"))
    def nationalities(self, application: Application) -> str:
        return ", ".join(country.code for country in application.candidate.nationalities)

    @admin.display(description=_("English"), ordering="candidate__english_level")
    def english(self, application: Application) -> str:
        return application.candidate.get_english_level_display()  # "native", in words

    @admin.display(description=_("French"), ordering="candidate__french_level")
    def french(self, application: Application) -> str:
        return application.candidate.get_french_level_display()

    @admin.display(description=_("eligibility"), ordering="assessment__verdict")
    def outcome(self, application: Application) -> str:
        assessment = getattr(application, "assessment", None)
        return assessment.verdict_label if assessment else "—"

    # unscored rows (drafts, withdrawn, not screened yet) count as below the lowest score:
    # first when sorted lowest first, last (not on top) when highest first; the admin
    # reverses the whole ordering for the latter, to the application_best_first index
    @admin.display(description=_("score"), ordering=F("score").asc(nulls_first=True))
    def score_column(self, application: Application):
        return "—" if application.score is None else application.score

    # --- actions ---

    @admin.action(description=_("Screen the selected applications"))
    def screen(self, request, queryset) -> None:
        count = rescreen(applications=queryset, at=timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d submitted application screened.",
                "%(count)d submitted applications screened.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def _decide(self, request, queryset, status: str) -> None:
        done, skipped = decide_many(
            applications=queryset, status=status, by=request.user, at=timezone.now()
        )
        message = ngettext(
            "%(count)d application marked “%(status)s”.",
            "%(count)d applications marked “%(status)s”.",
            done,
        ) % {"count": done, "status": ReviewStatus(status).label}
        if skipped:
            message += " " + ngettext(
                "%(count)d left as it was (not submitted, or not allowed from its review status).",
                "%(count)d left as they were (not submitted, or not allowed from their review "
                "status).",
                skipped,
            ) % {"count": skipped}
        self.message_user(request, message, messages.SUCCESS if done else messages.WARNING)

    @admin.action(description=_("Shortlist the selected applications"), permissions=["change"])
    def shortlist(self, request, queryset) -> None:
        self._decide(request, queryset, ReviewStatus.SHORTLISTED)

    @admin.action(
        description=_("Mark the selected applications as not retained"), permissions=["change"]
    )
    def not_retained(self, request, queryset) -> None:
        self._decide(request, queryset, ReviewStatus.NOT_RETAINED)

    @admin.action(description=_("Export the selected applications (CSV)"))
    def export_csv(self, request, queryset) -> HttpResponse:
        response = HttpResponse(
            applications_csv(applications=queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="applications.csv"'
        return response

    @admin.action(description=_("Build a ZIP of the selected applications' dossiers (PDF)"))
    def export_dossiers(self, request, queryset):
        export = request_dossier_export(
            application_ids=list(queryset.values_list("pk", flat=True)),
            by=request.user,
            at=timezone.now(),
        )
        return redirect("admin:applicants_dossierexport_change", export.pk)

    # --- one application ---

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["summary"]}),
            (_("Eligibility"), {"fields": ["eligibility"]}),
            (_("Review"), {"fields": ["review_status", "new_review_status", "note"]}),
            (_("Submitted application"), {"fields": ["submitted_snapshot"]}),
            (_("Documents"), {"fields": ["document_links"]}),
        ]
        if request.user.has_perm(ACCOMMODATION_PERMISSION):
            fieldsets.append((_("Reasonable accommodation"), {"fields": ["accommodation_request"]}))
        fieldsets.append((_("History"), {"fields": ["history"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = [
            "summary",
            "eligibility",
            "review_status",
            "submitted_snapshot",
            "document_links",
            "history",
        ]
        if request.user.has_perm(ACCOMMODATION_PERMISSION):
            fields.append("accommodation_request")
        return fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("application"))
    def summary(self, application: Application):
        return self._render("summary", application)

    @admin.display(description=_("eligibility"))
    def eligibility(self, application: Application):
        return self._render("eligibility", application)

    @admin.display(description=_("what was submitted"))
    def submitted_snapshot(self, application: Application):
        return self._render("snapshot", application)

    @admin.display(description=_("documents"))
    def document_links(self, application: Application):
        return self._render("documents", application)

    @admin.display(description=_("history"))
    def history(self, application: Application):
        return self._render("history", application)

    def _render(self, part: str, application: Application):
        return mark_safe(  # noqa: S308 (a template: everything in it is escaped)
            render_to_string(
                f"admin/applicants/application/_{part}.html", self._context(application)
            )
        )

    def _context(self, application: Application) -> dict:
        content_type = ContentType.objects.get_for_model(Application)
        documents = documents_under_review(application)
        return {
            "application": application,
            "submission": application.latest_submission,
            "assessment": getattr(application, "assessment", None),
            "documents": documents,
            "decisions": application.review_decisions.select_related("decided_by"),
            "overrides": (
                application.assessment.overrides.select_related("decided_by")
                if hasattr(application, "assessment")
                else []
            ),
            "accesses": DocumentAccess.objects.filter(document__in=documents).select_related(
                "user", "document"
            ),
            "submissions": application.submissions.all(),
            "log_entries": LogEntry.objects.filter(
                content_type=content_type, object_id=str(application.pk)
            ).select_related("user"),
        }

    def save_model(self, request, obj, form, change) -> None:
        status = form.cleaned_data.get("new_review_status")
        note = form.cleaned_data.get("note")
        if status or note:
            try:
                decide_review(
                    application=obj,
                    status=status or obj.review_status,
                    note=note,
                    by=request.user,
                    at=timezone.now(),
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)

    def get_urls(self):
        return [
            path(
                "<int:pk>/dossier.pdf",
                self.admin_site.admin_view(self.dossier_view),
                name="applicants_application_dossier",
            ),
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="applicants_application_dashboard",
            ),
            *super().get_urls(),
        ]

    def dossier_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        application = get_object_or_404(
            Application.objects.select_related(
                "vacancy__division", "candidate__user", "latest_submission", "assessment"
            ),
            pk=pk,
        )
        pdf = dossier_pdf(
            application=application,
            with_accommodation=request.user.has_perm(ACCOMMODATION_PERMISSION),
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="dossier-{application.reference}.pdf"'
        )
        return response

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Recruitment dashboard"),
            "opts": self.model._meta,
            **dashboard_counts(),
        }
        return TemplateResponse(request, "admin/applicants/application/dashboard.html", context)


# --- Candidates and documents (read-only: candidates own their data) ----------------------


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EducationInline(ReadOnlyInline):
    model = Education
    fields = readonly_fields = [
        "level",
        "field_of_study",
        "institution",
        "country",
        "start_date",
        "end_date",
        "status",
    ]


class LanguageInline(ReadOnlyInline):
    model = LanguageSkill
    fields = readonly_fields = ["language", "level"]


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = readonly_fields = ["download", "kind", "language", "size", "created_at"]

    @admin.display(description=_("document"))
    def download(self, document: Document):
        return _document_link(document)


def _document_link(document: Document):
    url = reverse("applicants:document", kwargs={"public_id": document.public_id})
    return format_html('<a href="{}">{}</a>', url, document.original_name)


@admin.register(Candidate)
class CandidateAdmin(CappedCountAdmin, admin.ModelAdmin):
    list_display = [
        "full_name",
        "email",
        "nationalities",
        "english_level",
        "french_level",
        "preferred_start",
    ]
    list_select_related = ["user"]
    search_fields = ["last_name", "first_name", "user__email"]
    list_filter = ["preferred_start", "english_level", "french_level"]
    inlines = [EducationInline, LanguageInline, DocumentInline]
    exclude = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Candidate._meta.fields if field.name != "user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a record: the access log and the history hang on it

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, candidate: Candidate) -> str:
        return candidate.user.email


@admin.register(Document)
class DocumentAdmin(CappedCountAdmin, admin.ModelAdmin):
    list_display = ["download", "candidate", "kind", "language", "size", "created_at"]
    list_select_related = ["candidate__user"]
    list_filter = ["kind", "language"]
    search_fields = ["original_name", "candidate__last_name", "candidate__user__email"]
    fields = readonly_fields = [
        "download",
        "candidate",
        "kind",
        "language",
        "translation_of",
        "studies_from",
        "studies_until",
        "content_type",
        "size",
        "sha256",
        "created_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a record: the access log and the history hang on it

    @admin.display(description=_("document"))
    def download(self, document: Document):
        return _document_link(document)


@admin.register(DocumentAccess)
class DocumentAccessAdmin(admin.ModelAdmin):
    """The log of staff views of candidate documents: nobody edits or deletes it here."""

    list_display = ["accessed_at", "user", "candidate", "document"]
    list_select_related = ["user", "document__candidate__user"]
    list_filter = ["accessed_at"]
    search_fields = [
        "user__email",
        "document__original_name",
        "document__candidate__last_name",
        "document__candidate__user__email",
    ]

    @admin.display(description=_("candidate"))
    def candidate(self, access: DocumentAccess) -> str:
        candidate = access.document.candidate
        return candidate.full_name or candidate.user.email

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(DocumentAccessAdmin):
    list_display = ["decided_at", "application", "previous_status", "status", "decided_by"]
    list_select_related = ["application", "decided_by"]
    list_filter = ["status"]
    search_fields = ["application__reference", "note"]


class ReservationInline(admin.TabularInline):
    model = Reservation
    fields = readonly_fields = [
        "division",
        "status",
        "period",
        "need",
        "requested_by",
        "created_at",
    ]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PoolEntry)
class PoolEntryAdmin(CappedCountAdmin, admin.ModelAdmin):
    list_display = [
        "full_name",
        "cycle",
        "status",
        "education_level",
        "english_level",
        "french_level",
        "score",
    ]
    list_filter = ["cycle", "status", "education_level", "preferred_start"]
    search_fields = ["full_name", "search_text"]
    # the status follows the reservations: TA moves those, never the entry by hand
    readonly_fields = [field.name for field in PoolEntry._meta.fields]
    exclude = ["search_text", "work_area_keys"]
    inlines = [ReservationInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a record: the access log and the history hang on it


class ReservationChangeInline(admin.TabularInline):
    model = ReservationChange
    fields = readonly_fields = ["changed_at", "previous_status", "status", "changed_by", "note"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ContestedFilter(admin.SimpleListFilter):
    title = _("asked for by several divisions")
    parameter_name = "contested"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            others = Reservation.objects.filter(
                entry_id=OuterRef("entry_id"), status__in=Reservation.OPEN
            ).exclude(pk=OuterRef("pk"))
            return queryset.filter(Exists(others), status__in=Reservation.OPEN)
        return queryset


@admin.register(Reservation)
class ReservationAdmin(CappedCountAdmin, admin.ModelAdmin):
    """Requests from divisions; TA gives, declines, offers, places and releases here."""

    list_display = ["entry", "division", "status", "period", "requested_by", "created_at"]
    list_select_related = ["entry__cycle", "division", "requested_by"]
    list_filter = [ContestedFilter, "status", "division", "period", "entry__cycle"]
    search_fields = ["entry__full_name", "division__code", "need"]
    fields = readonly_fields = [
        "entry",
        "division",
        "status",
        "period",
        "need",
        "requested_by",
        "created_at",
        "updated_at",
    ]
    inlines = [ReservationChangeInline]
    actions = ["award", "decline", "offer", "place", "release"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _move(self, request, queryset, status: str) -> None:
        moved, refused = 0, []
        for reservation in queryset.select_related("entry"):
            try:
                move_reservation(
                    reservation=reservation, to=status, by=request.user, at=timezone.now()
                )
            except ReservationError as error:
                refused.append(f"{reservation.entry.full_name}: {error.message}")
            else:
                moved += 1
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d reservation is now “%(status)s”.",
                    "%(count)d reservations are now “%(status)s”.",
                    moved,
                )
                % {"count": moved, "status": Reservation.Status(status).label},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(
        description=_("Give the candidate to the selected division (the holder is released)"),
        permissions=["change"],
    )
    def award(self, request, queryset) -> None:
        # one division per candidate: giving them to two in one go would give them to the
        # last and release the first, who would hear "reserved" then "released"
        selected = list(queryset.select_related("entry"))
        per_candidate = Counter(reservation.entry_id for reservation in selected)
        several = {r.entry_id: r.entry.full_name for r in selected if per_candidate[r.entry_id] > 1}
        for name in several.values():
            self.message_user(
                request,
                _("Choose one division for %(name)s: a candidate goes to one at a time.")
                % {"name": name},
                messages.WARNING,
            )
        self._move(request, queryset.exclude(entry_id__in=several), Reservation.Status.RESERVED)

    @admin.action(description=_("Decline the selected requests"), permissions=["change"])
    def decline(self, request, queryset) -> None:
        self._move(request, queryset, Reservation.Status.DECLINED)

    @admin.action(description=_("Mark as offered to the candidate"), permissions=["change"])
    def offer(self, request, queryset) -> None:
        self._move(request, queryset, Reservation.Status.OFFERED)

    @admin.action(description=_("Mark as placed"), permissions=["change"])
    def place(self, request, queryset) -> None:
        self._move(request, queryset, Reservation.Status.PLACED)

    @admin.action(description=_("Release the selected reservations"), permissions=["change"])
    def release(self, request, queryset) -> None:
        self._move(request, queryset, Reservation.Status.RELEASED)


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    """The record of each cycle's personal data deleted: read only."""

    list_display = [
        "cycle",
        "ran_at",
        "applications_deleted",
        "candidates_deleted",
        "files_deleted",
        "placed_kept",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DossierExport)
class DossierExportAdmin(admin.ModelAdmin):
    list_display = ["requested_at", "requested_by", "status", "progress"]
    fields = readonly_fields = [
        "requested_at",
        "requested_by",
        "status",
        "progress",
        "download",
        "error",
    ]
    change_form_template = "admin/applicants/dossierexport/change_form.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(requested_by=request.user)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("progress"))
    def progress(self, export: DossierExport):
        return format_html(
            '<progress max="{}" value="{}">{} %</progress> {} / {}',
            export.total,
            export.done,
            export.percent,
            export.done,
            export.total,
        )

    @admin.display(description=_("file"))
    def download(self, export: DossierExport):
        if export.status != DossierExport.Status.DONE:
            return "—"
        url = reverse("admin:applicants_dossierexport_download", args=[export.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the ZIP"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="applicants_dossierexport_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        export = self.get_queryset(request).filter(pk=pk, status=DossierExport.Status.DONE).first()
        if export is None or not self.has_view_permission(request, export):
            raise Http404
        response = FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"dossiers-{export.requested_at:%Y%m%d-%H%M}.zip",
            content_type="application/zip",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
