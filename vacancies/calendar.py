"""The info-session as an iCalendar (.ics) event."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Vacancy

# the notices give a start time only; an hour is what such webinars usually take
INFO_SESSION_LENGTH = dt.timedelta(hours=1)


def info_session_calendar(*, vacancy: Vacancy, page_url: str, domain: str) -> bytes:
    """One VEVENT for the vacancy's info-session webinar, in the active language."""
    calendar = Calendar()
    calendar.add("prodid", "-//NATO Internship Programme//Vacancy notices//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")

    event = Event()
    event.add("uid", f"info-session-{vacancy.reference}@{domain}")
    event.add("dtstamp", vacancy.updated_at.astimezone(dt.UTC))
    event.add("dtstart", vacancy.info_session_at.astimezone(dt.UTC))
    event.add("dtend", (vacancy.info_session_at + INFO_SESSION_LENGTH).astimezone(dt.UTC))
    event.add(
        "summary",
        _("Info-session: %(title)s (%(reference)s)")
        % {"title": vacancy.title, "reference": vacancy.reference},
    )
    event.add(
        "description",
        _("Register: %(registration)s\nVacancy notice: %(page)s")
        % {"registration": vacancy.info_session_url, "page": page_url},
    )
    event.add("location", vacancy.info_session_url)
    event.add("url", vacancy.info_session_url or page_url)
    calendar.add_component(event)
    return calendar.to_ical()
