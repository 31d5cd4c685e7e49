"""The shared candidate pool, for division focal points and Talent Acquisition staff.

Focal points search, open a candidate card, reserve for a need and release; TA decides
contested requests in the admin. Nothing sensitive is on these pages: a pool entry holds
no date of birth, accommodation request, declaration or document.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vacancies.models import FocalPoint, RecruitmentCycle, Vacancy

from .choices import StartPeriod
from .forms import TypedText
from .models import PoolEntry, Reservation
from .pool_search import PAGE_SIZE, PoolPaginator, PoolSearchForm, search_pool
from .reservations import (
    ReservationError,
    can_read_need,
    can_release,
    focal_point_divisions,
    move_reservation,
    request_reservation,
    reservations_for,
)


def can_search_pool(user) -> bool:
    """Division focal points, and staff allowed to see pool entries."""
    if not user.is_authenticated:
        return False
    if user.is_staff and user.has_perm("applicants.view_poolentry"):
        return True
    return FocalPoint.objects.filter(user=user).exists()


def pool_user_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not can_search_pool(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _open_reservations(lookup: str = "reservations") -> Prefetch:
    """The open reservations (with their division) as `open_reservations`."""
    return Prefetch(
        lookup,
        queryset=Reservation.objects.filter(status__in=Reservation.OPEN)
        .select_related("division")
        .order_by("created_at", "pk"),
        to_attr="open_reservations",
    )


@pool_user_required
def pool_list(request: HttpRequest) -> HttpResponse:
    """Search a cycle's pool: filters, text search, sort, pages."""
    # a scalar subquery per cycle (an index lookup each), not EXISTS: PostgreSQL turns that
    # into a semi-join that reads every pool entry
    cycles = list(
        RecruitmentCycle.objects.annotate(
            first_entry=Subquery(PoolEntry.objects.filter(cycle=OuterRef("pk")).values("pk")[:1])
        )
        .filter(first_entry__isnull=False)
        .order_by("-closes_at", "code")
    )
    cycle = next((c for c in cycles if c.code == request.GET.get("cycle")), None) or (
        cycles[0] if cycles else None
    )
    form = PoolSearchForm(request.GET or None, cycle=cycle)
    if form.is_bound:
        form.is_valid()
    page = None
    if cycle is not None:
        entries = search_pool(cycle, form).prefetch_related(_open_reservations())
        page = PoolPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "applicants/pool_list.html",
        {
            "cycle": cycle,
            "cycles": cycles,
            "form": form,
            "page_obj": page,
            "entries": page.object_list if page else [],
        },
    )


class ReservationForm(forms.Form):
    division = forms.ModelChoiceField(label=gettext_lazy("For the division"), queryset=None)
    period = forms.ChoiceField(label=gettext_lazy("Internship period"), choices=StartPeriod.choices)
    need = TypedText(
        label=gettext_lazy("The need, in a few words"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Seen by Talent Acquisition and your division. 500 characters at most."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        divisions = focal_point_divisions(user)
        self.fields["division"].queryset = divisions
        if len(divisions) == 1:
            self.fields["division"].initial = divisions[0]


@pool_user_required
def pool_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate card: the profile divisions need, the reservations, the reserve form."""
    entry = get_object_or_404(PoolEntry.objects.select_related("cycle"), pk=pk)
    my_divisions = set(focal_point_divisions(request.user).values_list("pk", flat=True))
    form = None
    if my_divisions:
        form = ReservationForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                request_reservation(
                    entry=entry,
                    division=form.cleaned_data["division"],
                    user=request.user,
                    period=form.cleaned_data["period"],
                    need=form.cleaned_data["need"],
                    at=timezone.now(),
                )
            except ReservationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("Your request is recorded; Talent Acquisition has been told.")
                )
            return redirect("applicants:pool_entry", pk=entry.pk)
    elif request.method == "POST":
        raise PermissionDenied
    reservations = list(entry.reservations.select_related("division").order_by("created_at", "pk"))
    for reservation in reservations:
        reservation.need_shown = can_read_need(request.user, reservation, my_divisions)
        reservation.releasable = can_release(request.user, reservation, my_divisions)
    vacancies = Vacancy.objects.filter(
        cycle_id=entry.cycle_id, reference__in=[code for code in entry.vacancies.split(",") if code]
    ).select_related("division")
    return render(
        request,
        "applicants/pool_entry.html",
        {
            "entry": entry,
            "reservations": reservations,
            "contested": sum(r.is_open for r in reservations) > 1,
            "vacancies": vacancies,
            "form": form,
        },
    )


@pool_user_required
def pool_reservations(request: HttpRequest) -> HttpResponse:
    """The reservations of my divisions, with the other divisions asking for the same people."""
    reservations = reservations_for(request.user).select_related("division", "entry__cycle")
    page = Paginator(
        reservations.prefetch_related(_open_reservations("entry__reservations")), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "applicants/pool_reservations.html",
        {"page_obj": page, "reservations": page.object_list},
    )


@require_POST
@pool_user_required
def reservation_release(request: HttpRequest, pk: int) -> HttpResponse:
    """A focal point gives back a candidate (or withdraws a request) of their division."""
    reservation = get_object_or_404(Reservation, pk=pk)
    if not can_release(request.user, reservation):
        raise PermissionDenied
    try:
        move_reservation(
            reservation=reservation,
            to=Reservation.Status.RELEASED,
            by=request.user,
            at=timezone.now(),
        )
    except ReservationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Released: the candidate is available to other divisions."))
    return redirect("applicants:pool_entry", pk=reservation.entry_id)
