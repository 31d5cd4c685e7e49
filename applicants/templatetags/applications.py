"""The candidate's side of a vacancy page: apply, or where their application stands."""

from __future__ import annotations

from django import template
from django.utils import timezone

from applicants.models import Application

register = template.Library()


@register.inclusion_tag("applicants/includes/_application_panel.html", takes_context=True)
def application_panel(context, vacancy) -> dict:
    request = context["request"]
    now = timezone.now()
    panel = {
        "vacancy": vacancy,
        "is_open": vacancy.is_open(at=now),
        "user": request.user,
        "request": request,
        "application": None,
        "slots_used": 0,
    }
    if request.user.is_authenticated:
        own = Application.objects.filter(candidate__user=request.user)
        panel["application"] = own.filter(vacancy=vacancy).first()
        panel["slots_used"] = own.submitted().filter(cycle_id=vacancy.cycle_id).count()
        panel["cap_reached"] = vacancy.cycle.cap_reached(slots_used=panel["slots_used"])
    return panel
