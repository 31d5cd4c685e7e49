from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vacancies.models import RecruitmentCycle, Vacancy

from .forms import EligibilityCheckForm
from .rules import screen


def _current_cycle() -> RecruitmentCycle | None:
    """The cycle of the next open vacancy, or else the latest one."""
    open_vacancy = (
        Vacancy.objects.open(at=timezone.now())
        .filter(is_demo=False)
        .select_related("cycle")
        .order_by("closes_at")
        .first()
    )
    if open_vacancy:
        return open_vacancy.cycle
    return RecruitmentCycle.objects.exclude(code="demo").order_by("-closes_at").first()


def eligibility_check(request: HttpRequest) -> HttpResponse:
    """ "Am I eligible?": the essential criteria on a few answers, without an account."""
    cycle = _current_cycle()
    form = EligibilityCheckForm(request.GET or None)
    screening = None
    if cycle and form.is_valid():
        profile = form.profile(cycle.reference_date)
        screening = screen({"profile": profile}, cycle.reference_date, check_documents=False)
    return render(
        request,
        "eligibility/eligibility_check.html",
        {"form": form, "cycle": cycle, "screening": screening},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
