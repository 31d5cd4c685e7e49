"""E-mail waiting to be sent.

Written in the same transaction as what it announces, so a rolled-back submission sends
nothing, and kept until the mail server has accepted it, so an outage of Redis or of SMTP
delays an e-mail but never loses it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailQuerySet(models.QuerySet):
    def due(self, *, at: dt.datetime) -> EmailQuerySet:
        return self.filter(sent_at__isnull=True, next_attempt_at__lte=at)


class Email(models.Model):
    # identifies what the e-mail is about ("receipt:<submission>"): queuing twice is a no-op
    key = models.CharField(_("key"), max_length=200, unique=True)
    to = models.EmailField(_("to"))
    # the account it was sent to, if any: its export and its deletion find the e-mail even
    # after the account's address changed, and a later owner of the old address never does
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("account"),
    )
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # an account e-mail's link is a credential: its text is not kept once it has left
    forget_body_when_sent = models.BooleanField(_("forget the text once sent"), default=False)

    objects = EmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_email_unsent_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.to}"
