"""Divisions reserving pool candidates, and Talent Acquisition deciding.

Every change locks the pool entry first, so two divisions asking at the same moment are
served one after the other: the first reserves, the second's request waits for TA, and both
see it. A partial unique constraint (one holding reservation per entry) backs the lock.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from outbox.services import queue_email, site_url
from vacancies.models import Division, FocalPoint

from .models import PoolEntry, Reservation, ReservationChange

Status = Reservation.Status
TALENT_ACQUISITION_GROUP = "Talent Acquisition"

# who may move a reservation where: TA everything below, a division only its own release
TRANSITIONS: dict[str, set[str]] = {
    Status.REQUESTED: {Status.RESERVED, Status.DECLINED, Status.RELEASED},
    Status.RESERVED: {Status.OFFERED, Status.RELEASED},
    Status.OFFERED: {Status.PLACED, Status.RELEASED},
    Status.PLACED: {Status.RELEASED},
}


class ReservationError(Exception):
    """A request or change the state of the pool does not allow; the message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def focal_point_divisions(user):
    """The divisions this user searches the pool for."""
    if not user.is_authenticated:
        return Division.objects.none()
    return Division.objects.filter(focal_point_links__user=user)


def request_reservation(
    *, entry: PoolEntry, division: Division, user, period: str, need: str, at: dt.datetime
) -> Reservation:
    """Reserve an available candidate for `division`, or ask TA for one another division holds."""
    with transaction.atomic():
        entry = PoolEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == PoolEntry.Status.PLACED:
            raise ReservationError(_("This candidate has already been placed."))
        if entry.reservations.filter(division=division, status__in=Reservation.OPEN).exists():
            raise ReservationError(_("Your division has already asked for this candidate."))
        held = entry.status != PoolEntry.Status.AVAILABLE
        reservation = Reservation.objects.create(
            entry=entry,
            division=division,
            requested_by=user,
            period=period,
            need=need,
            status=Status.REQUESTED if held else Status.RESERVED,
        )
        _record(reservation, "", reservation.status, user, at)
        _refresh_entry_status(entry)
        _tell_talent_acquisition(reservation)
    return reservation


def move_reservation(
    *, reservation: Reservation, to: str, by, at: dt.datetime, note: str = ""
) -> Reservation:
    """TA's decisions (award, decline, offer, place, release) and a division's own release."""
    with transaction.atomic():
        entry = PoolEntry.objects.select_for_update().get(pk=reservation.entry_id)
        reservation = Reservation.objects.select_related("division").get(pk=reservation.pk)
        if to not in TRANSITIONS.get(reservation.status, set()):
            raise ReservationError(
                _("A reservation that is “%(current)s” cannot become “%(target)s”.")
                % {"current": reservation.get_status_display(), "target": Status(to).label}
            )
        moved = [reservation]
        if to == Status.RESERVED:
            # TA gives the candidate to this division: whoever held them lets go
            for holder in entry.reservations.filter(status__in=Reservation.HOLDING):
                if holder.status == Status.PLACED:
                    raise ReservationError(_("This candidate has already been placed."))
                _move(holder, Status.RELEASED, by, at, note)
                moved.append(holder)
        _move(reservation, to, by, at, note)
        if to == Status.PLACED:
            for waiting in entry.reservations.filter(status=Status.REQUESTED):
                _move(waiting, Status.DECLINED, by, at, note)
                moved.append(waiting)
        if to == Status.RELEASED and not entry.reservations.filter(status__in=Reservation.HOLDING):
            # the candidate is free again: the division that asked first gets them, as it
            # would have had it asked when they were available; no one jumps the queue
            first_in_line = entry.reservations.filter(status=Status.REQUESTED).order_by(
                "created_at", "pk"
            )
            if waiting := first_in_line.first():
                _move(waiting, Status.RESERVED, None, at, "")  # by no one: by the rule
                moved.append(waiting)
        _refresh_entry_status(entry)
        for changed in moved:
            if changed.requested_by_id and changed.requested_by_id != getattr(by, "pk", None):
                _tell_division(changed, at)
    return reservation


def decides_reservations(user) -> bool:
    """Talent Acquisition: a staff account that is also a focal point is not, by being staff."""
    return user.has_perm("applicants.change_reservation")


def reservations_for(user):
    """A focal point's divisions' reservations; for TA, every open one. Latest first."""
    reservations = Reservation.objects.order_by("-updated_at", "-pk")
    if decides_reservations(user):
        return reservations.filter(status__in=Reservation.OPEN)
    return reservations.filter(division__in=focal_point_divisions(user))


def can_read_need(user, reservation: Reservation, division_ids: set[int]) -> bool:
    """A division's need is for Talent Acquisition and that division, not for the others."""
    return decides_reservations(user) or reservation.division_id in division_ids


def can_release(user, reservation: Reservation, division_ids: set[int] | None = None) -> bool:
    """A focal point of the reserving division, while the reservation is open."""
    if division_ids is None:
        division_ids = set(focal_point_divisions(user).values_list("pk", flat=True))
    return reservation.is_open and reservation.division_id in division_ids


def _move(reservation: Reservation, to: str, by, at: dt.datetime, note: str) -> None:
    previous = reservation.status
    reservation.status = to
    reservation.save(update_fields=["status", "updated_at"])
    _record(reservation, previous, to, by, at, note)


def _record(reservation, previous: str, status: str, by, at, note: str = "") -> None:
    ReservationChange.objects.create(
        reservation=reservation,
        previous_status=previous,
        status=status,
        changed_by=by if getattr(by, "pk", None) else None,
        changed_at=at,
        note=note,
    )


def _refresh_entry_status(entry: PoolEntry) -> None:
    holder = entry.reservations.filter(status__in=Reservation.HOLDING).first()
    status = holder.status if holder else PoolEntry.Status.AVAILABLE
    if entry.status != status:
        entry.status = status
        entry.save(update_fields=["status", "updated_at"])


def talent_acquisition_addresses() -> list[str]:
    """The TA team's mailbox if configured, and every active TA staff member with an address."""
    members = (
        get_user_model()
        .objects.filter(groups__name=TALENT_ACQUISITION_GROUP, is_active=True, is_staff=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    mailbox = [settings.TALENT_ACQUISITION_EMAIL] if settings.TALENT_ACQUISITION_EMAIL else []
    return sorted(set(mailbox) | set(members))


def _tell_talent_acquisition(reservation: Reservation) -> None:
    holders = list(
        reservation.entry.reservations.filter(status__in=Reservation.HOLDING)
        .exclude(pk=reservation.pk)
        .select_related("division")
    )
    context = {
        "reservation": reservation,
        "entry": reservation.entry,
        "holders": holders,
        "url": site_url(
            "admin:applicants_reservation_change",
            args=[reservation.pk],
            language=settings.LANGUAGE_CODE,
        ),
    }
    for address in talent_acquisition_addresses():
        queue_email(
            key=f"reservation:{reservation.pk}:requested:{address}",
            to=address,
            template="email/reservation_requested",
            context=context,
            language=settings.LANGUAGE_CODE,
        )


def _tell_division(reservation: Reservation, at: dt.datetime) -> None:
    link = (
        FocalPoint.objects.filter(
            user_id=reservation.requested_by_id, division_id=reservation.division_id
        )
        .select_related("user")
        .first()
    )
    if link is None or not link.user.email:
        return
    queue_email(
        key=f"reservation:{reservation.pk}:{reservation.status}",
        to=link.user,
        template="email/reservation_changed",
        context={
            "reservation": reservation,
            "entry": reservation.entry,
            "url": site_url(
                "applicants:pool_entry", args=[reservation.entry_id], language=link.language
            ),
        },
        language=link.language,
    )
