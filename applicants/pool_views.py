"""The shared candidate pool, for division focal points and Talent Acquisition staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vacancies.models import FocalPoint, RecruitmentCycle

from .models import PoolEntry


def can_search_pool(user) -> bool:
    """Division focal points, and staff allowed to see pool entries."""
    if not user.is_authenticated:
        return False
    if user.is_staff and user.has_perm("applicants.view_poolentry"):
        return True
    return FocalPoint.objects.filter(user=user).exists()


def pool_user_required(view):
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not can_search_pool(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return login_required(wrapper)


@pool_user_required
def pool_list(request: HttpRequest) -> HttpResponse:
    """The pool of a cycle, best desirable score first."""
    cycles = RecruitmentCycle.objects.filter(pool_entries__isnull=False).distinct()
    cycle = cycles.filter(code=request.GET.get("cycle")).first() or cycles.first()
    entries = PoolEntry.objects.none()
    if cycle is not None:
        entries = PoolEntry.objects.filter(cycle=cycle).order_by("-score", "full_name", "pk")
    page = Paginator(entries, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "applicants/pool_list.html",
        {"cycle": cycle, "cycles": cycles, "page_obj": page, "entries": page.object_list},
    )
