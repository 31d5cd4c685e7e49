"""How django-allauth shows an account and sends its e-mails."""

from __future__ import annotations

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import get_language

from outbox.services import queue_rendered_email


def user_display(user) -> str:
    return user.email


class AccountAdapter(DefaultAccountAdapter):
    """Account e-mails (verification, password reset, sign-in codes) go through the outbox.

    Sent from the request, an SMTP server that is down or slow turned a sign-up into a 500 or
    held a worker for the mail timeout; queued, it leaves after the request's commit and is
    retried until the server takes it, like every other e-mail of the site.
    """

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"),
            "",
        )
        user = context.get("user")
        recipient = (
            user if isinstance(user, get_user_model()) and user.pk and user.email == email else None
        )
        queue_rendered_email(
            key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
            to=recipient or email,
            subject=message.subject,
            body_text=message.body if message.content_subtype == "plain" else "",
            body_html=html or (message.body if message.content_subtype == "html" else ""),
            language=get_language() or "en",
            forget_body_when_sent=True,
        )
