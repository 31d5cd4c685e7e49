from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def in_language(reason) -> str:
    """A rule's reason (a Reason, or a dict from an assessment) in the active language."""
    french = get_language() == "fr"
    if isinstance(reason, dict):
        return reason.get("reason_fr" if french else "reason_en", "")
    return reason.fr if french else reason.en
