from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language
from django_countries import countries

from applicants.choices import (
    EducationLevel,
    EducationStatus,
    Experience,
    ITSkills,
    LanguageLevel,
    StartPeriod,
    language_name,
)
from applicants.models import Document

register = template.Library()


@register.filter
def document_kind(kind: str) -> str:
    """A document kind code from a snapshot, as its label in the active language."""
    return _label(Document.Kind, kind)


@register.filter
def language_label(code: str) -> str:
    return language_name(code) if code else ""


@register.filter
def level_label(code: str) -> str:
    return _label(LanguageLevel, code)


def _label(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else (code or "")


@register.filter
def it_skills_label(code: str) -> str:
    return _label(ITSkills, code)


@register.filter
def experience_label(code: str) -> str:
    return _label(Experience, code)


@register.filter
def start_label(code: str) -> str:
    return _label(StartPeriod, code)


@register.filter
def education_level_label(code: str) -> str:
    return _label(EducationLevel, code)


@register.filter
def education_status_label(code: str) -> str:
    return _label(EducationStatus, code)


@register.filter
def snapshot_date(value: str) -> str:
    """A date a snapshot keeps as an ISO string, in the active language (14 mai 2001);
    a value that is not a date is shown as it is."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value or ""
    return date_format(day, "j F Y")


@register.filter
def country_name(code: str) -> str:
    return str(countries.name(code)) or code


@register.filter
def codes(value: str) -> list[str]:
    """ ",BE,FR," → ["BE", "FR"]."""
    return [code for code in (value or "").split(",") if code]


@register.filter
def join_countries(codes_: list[str]) -> str:
    return ", ".join(country_name(code) for code in codes_) or "—"


@register.filter
def spoken_languages(value: str) -> str:
    """ ",de:B2,es:C1," → "German (B2 – Upper intermediate), Spanish (C1 – Advanced)"."""
    spoken = []
    for pair in codes(value):
        code, _colon, level = pair.partition(":")
        spoken.append(
            f"{language_name(code)} ({level_label(level)})" if level else language_name(code)
        )
    return ", ".join(spoken) or "—"


@register.filter
def work_area_titles(areas: list[dict]) -> list[str]:
    """Work areas kept in both languages, in the active one."""
    key = "fr" if get_language() == "fr" else "en"
    return [area.get(key) or area.get("en", "") for area in areas or []]
