"""The weekly digest of pool changes, for each division focal point, in their language."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from outbox.services import queue_email, site_url
from vacancies.models import FocalPoint, RecruitmentCycle

from .models import Reservation, ReservationChange

WEEK = dt.timedelta(days=7)


def send_pool_digests(*, at: dt.datetime) -> int:
    """Queue each focal point's digest of the 7 days before `at`; nothing when nothing changed.

    Keyed by ISO week in the outbox: the beat may fire twice, a focal point gets one digest.
    """
    since = at - WEEK
    year, week, _day = at.isocalendar()
    cycles = list(
        RecruitmentCycle.objects.annotate(
            joined=Count("pool_entries", filter=Q(pool_entries__created_at__gte=since)),
            total=Count("pool_entries"),
        ).filter(joined__gt=0)
    )
    links: dict[int, FocalPoint] = {}
    divisions: dict[int, set[int]] = {}
    for link in FocalPoint.objects.select_related("user").order_by("pk"):
        links.setdefault(link.user_id, link)
        divisions.setdefault(link.user_id, set()).add(link.division_id)
    queued = 0
    for user_id, link in links.items():
        changes = _changes_for(divisions[user_id], since=since, until=at)
        if not cycles and not changes or not link.user.email:
            continue
        email = queue_email(
            key=f"pool-digest:{user_id}:{year}-W{week:02d}",
            to=link.user,
            template="email/pool_digest",
            context={
                "since": since,
                "until": at,
                "cycles": cycles,
                "changes": changes,
                "url": site_url("applicants:pool", language=link.language),
                "reservations_url": site_url(
                    "applicants:pool_reservations", language=link.language
                ),
            },
            language=link.language,
        )
        queued += email is not None
    return queued


def _changes_for(division_ids: set[int], *, since, until) -> list[ReservationChange]:
    """Changes to their divisions' reservations, and to others' on the candidates they want."""
    wanted = Reservation.objects.filter(division_id__in=division_ids).values("entry_id")
    return list(
        ReservationChange.objects.filter(
            changed_at__gte=since,
            changed_at__lt=until,
            reservation__entry_id__in=wanted,
        )
        .select_related("reservation__division", "reservation__entry")
        .order_by("changed_at", "pk")
    )
