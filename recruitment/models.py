"""The deadline job's record: how far it got with each vacancy, so a crash resumes there."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineRun(models.Model):
    class Step(models.IntegerChoices):
        # in order; a run at step N has done every step up to N
        STARTED = 0, _("started")
        CLOSED_FOR_CHANGES = 1, _("closed for changes")
        DRAFTS_EXPIRED = 2, _("drafts expired")
        SCREENED = 3, _("applications screened")
        POOL_BUILT = 4, _("pool entries built")
        NOTIFIED = 5, _("e-mails queued")

    vacancy = models.OneToOneField(
        "vacancies.Vacancy",
        on_delete=models.CASCADE,
        related_name="deadline_run",
        verbose_name=_("vacancy"),
    )
    step = models.PositiveSmallIntegerField(_("last step done"), choices=Step.choices, default=0)
    started_at = models.DateTimeField(_("started at"))
    step_done_at = models.DateTimeField(_("last step done at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    expired_drafts = models.PositiveIntegerField(_("drafts expired"), default=0)
    screened = models.PositiveIntegerField(_("applications screened"), default=0)
    pool_entries = models.PositiveIntegerField(_("candidates in the pool"), default=0)

    class Meta:
        verbose_name = _("deadline run")
        verbose_name_plural = _("deadline runs")

    def __str__(self) -> str:
        return f"{self.vacancy_id}: {self.get_step_display()}"
