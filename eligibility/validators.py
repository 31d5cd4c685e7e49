"""Checks on the facts a candidate gives, shared by the profile and "Am I eligible?"."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


def validate_date_of_birth(value: dt.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("The date of birth cannot be in the future."))
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(_("Check the year of the date of birth."))


def validate_past_date(value: dt.date) -> None:
    """A degree already obtained."""
    if value > timezone.localdate():
        raise ValidationError(_("This date cannot be in the future."))
