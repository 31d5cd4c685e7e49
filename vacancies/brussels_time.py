"""Deadlines as candidates read them: Brussels wall-clock time with its UTC offset."""

from __future__ import annotations

import datetime as dt

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from .models import BRUSSELS

WALL_CLOCK_FORMAT = "j F Y, H:i"


def utc_offset_label(moment: dt.datetime) -> str:
    """'UTC+2' in summer, 'UTC+1' in winter."""
    offset = moment.astimezone(BRUSSELS).utcoffset() or dt.timedelta(0)
    hours, remainder = divmod(int(offset.total_seconds()), 3600)
    minutes = remainder // 60
    return f"UTC{hours:+d}" + (f":{minutes:02d}" if minutes else "")


def format_brussels(moment: dt.datetime) -> str:
    """'22 June 2025, 23:59 (Brussels time, UTC+2)', in the active language."""
    local = moment.astimezone(BRUSSELS)
    return _("%(datetime)s (Brussels time, %(offset)s)") % {
        "datetime": date_format(local, WALL_CLOCK_FORMAT),
        "offset": utc_offset_label(local),
    }


def format_utc(moment: dt.datetime) -> str:
    """'22 June 2025, 21:59 UTC'."""
    return date_format(moment.astimezone(dt.UTC), WALL_CLOCK_FORMAT) + " UTC"
