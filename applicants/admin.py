from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Application
from .screening import screen_submitted


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "candidate", "vacancy", "status", "submitted_at", "outcome"]
    list_filter = ["status", "cycle", "vacancy__division"]
    list_select_related = ["candidate__user", "vacancy", "assessment"]
    search_fields = ["reference", "candidate__last_name", "candidate__user__email"]
    actions = ["screen"]
    show_full_result_count = False

    @admin.display(description=_("eligibility"), ordering="assessment__verdict")
    def outcome(self, application: Application) -> str:
        assessment = getattr(application, "assessment", None)
        return assessment.verdict_label if assessment else "—"

    @admin.action(description=_("Screen the selected applications"))
    def screen(self, request, queryset) -> None:
        count = screen_submitted(applications=queryset, at=timezone.now())
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
