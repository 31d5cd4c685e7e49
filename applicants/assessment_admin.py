"""The admin of eligibility assessments: here, above the eligibility app, because changing an
outcome after the deadline moves the candidate in or out of the shared pool."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from eligibility.models import Assessment, AssessmentOverride, VerdictChoices
from eligibility.templatetags.screening import in_language, outcome_label

from .screening import override_outcome


class OverrideForm(forms.ModelForm):
    """The only thing TA writes on an assessment: a new outcome, with its reason."""

    new_verdict = forms.ChoiceField(
        label=_("Change the outcome to"),
        choices=[("", "—"), *VerdictChoices.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required to change the outcome; kept in the history with your name."),
    )

    class Meta:
        model = Assessment
        fields = []

    def clean(self):
        cleaned = super().clean()
        verdict, reason = cleaned.get("new_verdict"), (cleaned.get("reason") or "").strip()
        if verdict and not reason:
            raise ValidationError({"reason": _("Give the reason for changing the outcome.")})
        if reason and not verdict:
            raise ValidationError({"new_verdict": _("Choose the outcome the reason is for.")})
        if verdict and verdict == self.instance.verdict:
            raise ValidationError(
                {
                    "new_verdict": _("The outcome is already “%(outcome)s”.")
                    % {"outcome": VerdictChoices(verdict).label}
                }
            )
        return cleaned


class OverrideHistory(admin.TabularInline):
    model = AssessmentOverride
    extra = 0
    can_delete = False
    fields = readonly_fields = ["decided_at", "decided_by", "previous_verdict", "verdict", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    form = OverrideForm
    list_display = ["application", "outcome", "computed_verdict", "score", "assessed_at"]
    list_filter = ["verdict", "score", "rules_version"]
    list_select_related = ["application"]
    readonly_fields = [
        "application",
        "outcome",
        "computed_verdict",
        "criteria_list",
        "desirable_list",
        "score",
        "rules_version",
        "reference_date",
        "assessed_at",
    ]
    fieldsets = [
        (None, {"fields": ["application", "outcome", "computed_verdict", "criteria_list"]}),
        (_("Desirable criteria"), {"fields": ["score", "desirable_list"]}),
        (_("Change the outcome"), {"fields": ["new_verdict", "reason"]}),
        (_("Screening"), {"fields": ["rules_version", "reference_date", "assessed_at"]}),
    ]
    inlines = [OverrideHistory]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a record: the access log and the history hang on it

    @admin.display(description=_("outcome"), ordering="verdict")
    def outcome(self, assessment: Assessment) -> str:
        return assessment.verdict_label

    @admin.display(description=_("essential criteria"))
    def criteria_list(self, assessment: Assessment):
        return format_html_join(
            "",
            "<p><strong>{}</strong> {}</p>",
            (
                (outcome_label(criterion["outcome"]), in_language(criterion))
                for criterion in assessment.criteria
            ),
        )

    @admin.display(description=_("desirable criteria"))
    def desirable_list(self, assessment: Assessment):
        return format_html_join(
            "",
            "<p>{} {}</p>",
            (("✔" if item["met"] else "✘", in_language(item)) for item in assessment.desirable),
        )

    def save_model(self, request, obj, form, change) -> None:
        if form.cleaned_data.get("new_verdict"):
            override_outcome(
                assessment=obj,
                verdict=form.cleaned_data["new_verdict"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                at=timezone.now(),
            )
            obj.refresh_from_db()  # the message that follows names the new outcome
