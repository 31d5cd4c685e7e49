"""Queue an e-mail with what it announces; send it once the transaction has committed."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Email

logger = logging.getLogger(__name__)

# after a failure, wait 1, 2, 4, ... minutes, at most an hour
RETRY_BASE = dt.timedelta(minutes=1)
RETRY_MAX = dt.timedelta(hours=1)


def site_url(name: str, *, args=(), kwargs=None, language: str) -> str:
    """An absolute link for an e-mail, in the recipient's language (no request needed)."""
    with translation.override(language):
        return settings.SITE_URL + reverse(name, args=args, kwargs=kwargs)


def queue_email(
    *, key: str, to: str | AbstractBaseUser, template: str, context: dict, language: str
) -> Email | None:
    """Render `template` (…_subject.txt, …_message.txt, …_message.html) in `language` and queue it.

    `to` is an account (the e-mail is then its own: exported and deleted with it) or an
    address outside any account, such as a team mailbox.

    Call it inside the transaction that makes the news true. Returns None when an e-mail
    with this key was queued before: the same news is never sent twice.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body_text = render_to_string(f"{template}_message.txt", context)
        body_html = render_to_string(f"{template}_message.html", context)
    return queue_rendered_email(
        key=key,
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
    )


def queue_rendered_email(
    *,
    key: str,
    to: str | AbstractBaseUser,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str,
    forget_body_when_sent: bool = False,
) -> Email | None:
    """Queue an e-mail rendered elsewhere (django-allauth's); see queue_email."""
    try:
        with transaction.atomic():
            email = Email.objects.create(
                key=key,
                to=to if isinstance(to, str) else to.email,
                recipient=None if isinstance(to, str) else to,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                language=language,
                forget_body_when_sent=forget_body_when_sent,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _enqueue_send(email.pk))
    return email


def _enqueue_send(email_id: int) -> None:
    from .tasks import send_email_task

    try:
        send_email_task.delay(email_id)
    except Exception:  # the broker is down: the periodic drain sends it later
        logger.warning(
            "outbox: could not enqueue e-mail %s, the drain will send it", email_id, exc_info=True
        )


def send_email(*, email_id: int, at: dt.datetime | None = None) -> bool:
    """Send one queued e-mail unless it is sent or another worker holds it. True if sent."""
    at = at or timezone.now()
    with transaction.atomic():
        email = (
            Email.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        email.attempts += 1
        try:
            message.send()
        except Exception as error:  # SMTP refused or unreachable: try again later
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            delay = min(RETRY_BASE * 2 ** (email.attempts - 1), RETRY_MAX)
            email.next_attempt_at = at + delay
            email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning("outbox: e-mail %s failed (attempt %s)", email.pk, email.attempts)
            return False
        email.sent_at = at
        fields = ["attempts", "sent_at"]
        if email.forget_body_when_sent:  # it carried a credential (a sign-in or reset link)
            email.body_text = email.body_html = ""
            fields += ["body_text", "body_html"]
        email.save(update_fields=fields)
        return True


def drain_outbox(*, at: dt.datetime | None = None, batch: int = 200) -> int:
    """Send every e-mail that is due. Returns how many were sent."""
    at = at or timezone.now()
    due = list(
        Email.objects.due(at=at).order_by("next_attempt_at").values_list("pk", flat=True)[:batch]
    )
    return sum(send_email(email_id=email_id, at=at) for email_id in due)
