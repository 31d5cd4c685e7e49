from __future__ import annotations

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from eligibility.rules import Outcome

register = template.Library()

OUTCOME_LABELS = {
    Outcome.MET: _("Met:"),
    Outcome.NOT_MET: _("Not met:"),
    Outcome.NEEDS_REVIEW: _("To be checked by a person:"),
}


@register.filter
def outcome_label(outcome: str) -> str:
    """A criterion's outcome ("met", "not_met", "needs_review") as words."""
    return str(OUTCOME_LABELS[Outcome(outcome)])


@register.filter
def in_language(reason) -> str:
    """A rule's reason (a Reason, or a dict from an assessment) in the active language."""
    french = get_language() == "fr"
    if isinstance(reason, dict):
        return reason.get("reason_fr" if french else "reason_en", "")
    return reason.fr if french else reason.en
