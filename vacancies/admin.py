from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from .brussels_time import format_brussels
from .models import (
    VACANCY_TRANSLATED_FIELDS,
    Competency,
    Division,
    FocalPoint,
    RecruitmentCycle,
    Vacancy,
    WorkArea,
)
from .services import publish_vacancy


@admin.register(RecruitmentCycle)
class RecruitmentCycleAdmin(TranslationAdmin):
    list_display = ["code", "name", "closes_at", "application_cap"]
    search_fields = ["code", "name_en", "name_fr"]


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Division)
class DivisionAdmin(TranslationAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name_en", "name_fr"]
    inlines = [FocalPointInline]


class WorkAreaInline(TranslationStackedInline):
    model = WorkArea
    extra = 0


class CompetencyInline(TranslationStackedInline):
    model = Competency
    extra = 0


@admin.register(Vacancy)
class VacancyAdmin(TranslationAdmin):
    list_display = ["reference", "title", "division", "status", "deadline_shown"]
    list_filter = ["status", "cycle", "division"]
    list_select_related = ["division"]
    search_fields = ["reference", "title_en", "title_fr"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = [
        "status",
        "deadline_shown",
        "closed_for_changes_at",
        "created_at",
        "updated_at",
    ]
    inlines = [WorkAreaInline, CompetencyInline]
    # each text in English and French side by side
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("reference", "status", "is_demo"),
                    ("cycle", "division"),
                    ("closes_at", "deadline_shown", "closed_for_changes_at"),
                ]
            },
        ),
        (
            _("Notice"),
            {"fields": [(f"{name}_en", f"{name}_fr") for name in VACANCY_TRANSLATED_FIELDS]},
        ),
        (
            _("Conditions"),
            {
                "fields": [
                    ("grade", "clearance_level", "monthly_grant"),
                    ("info_session_at", "info_session_url"),
                ]
            },
        ),
        (_("Record"), {"fields": [("created_at", "updated_at")]}),
    ]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj: Vacancy | None = None) -> list[str]:
        settled = obj.settled_fields() if obj else []
        return [*self.readonly_fields, *settled]

    @admin.display(description=_("deadline as published"))
    def deadline_shown(self, vacancy: Vacancy) -> str:
        return format_brussels(vacancy.deadline) if vacancy.closes_at else "-"

    @admin.action(description=_("Publish the selected vacancies"))
    def publish(self, request, queryset) -> None:
        published = 0
        for vacancy in queryset.select_related("cycle", "division"):
            try:
                publish_vacancy(vacancy=vacancy)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext(
                    "%(count)d vacancy published.", "%(count)d vacancies published.", published
                )
                % {"count": published},
                messages.SUCCESS,
            )
