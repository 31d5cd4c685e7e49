"""Assessments: the screening of an application's submission, and TA's overrides of it.

Eligibility knows applications only by lazy reference, so it imports nothing from
applicants; screening is fed plain data (see services.record_screenings).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from .rules import Verdict


class VerdictChoices(models.TextChoices):
    ELIGIBLE = Verdict.ELIGIBLE.value, _("Eligible")
    INELIGIBLE = Verdict.INELIGIBLE.value, _("Not eligible")
    NEEDS_REVIEW = Verdict.NEEDS_REVIEW.value, _("Needs review")


class Assessment(models.Model):
    """The latest screening of an application, and the verdict TA stands by."""

    application = models.OneToOneField(
        "applicants.Application",
        on_delete=models.CASCADE,
        related_name="assessment",
        verbose_name=_("application"),
    )
    submission = models.ForeignKey(
        "applicants.Submission",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("screened submission"),
    )
    computed_verdict = models.CharField(
        _("verdict of the rules"), max_length=12, choices=VerdictChoices.choices
    )
    # set by TA with a reason (see AssessmentOverride); wins over the rules' verdict
    override_verdict = models.CharField(
        _("verdict set by TA"),
        max_length=12,
        choices=VerdictChoices.choices,
        blank=True,
    )
    # the outcome: TA's verdict if there is one, else the rules'; kept by the database
    verdict = models.GeneratedField(
        expression=Coalesce(NullIf("override_verdict", Value("")), "computed_verdict"),
        output_field=models.CharField(max_length=12, choices=VerdictChoices.choices),
        db_persist=True,
        verbose_name=_("outcome"),
    )
    criteria = models.JSONField(_("essential criteria"))
    desirable = models.JSONField(_("desirable criteria"))
    score = models.PositiveSmallIntegerField(_("desirable score"), db_index=True)
    rules_version = models.CharField(_("rules version"), max_length=20)
    reference_date = models.DateField(_("reference date"))
    assessed_at = models.DateTimeField(_("screened at"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["verdict"], name="assessment_verdict")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.verdict_label}"

    @property
    def verdict_label(self) -> str:
        # a generated field gets no get_verdict_display()
        return str(VerdictChoices(self.verdict).label) if self.verdict else ""

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_verdict)


class AssessmentOverride(models.Model):
    """One decision of TA on a verdict, with its reason. Never edited: history."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="overrides",
        verbose_name=_("assessment"),
    )
    previous_verdict = models.CharField(
        _("previous outcome"), max_length=12, choices=VerdictChoices.choices
    )
    verdict = models.CharField(_("new outcome"), max_length=12, choices=VerdictChoices.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("outcome override")
        verbose_name_plural = _("outcome overrides")
        ordering = ["assessment", "decided_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.previous_verdict} → {self.verdict}"
