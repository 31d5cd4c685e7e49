"""The profile's vocabularies, shared by forms, snapshots and (through snapshots) the rules."""

from __future__ import annotations

from django.conf import global_settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy


class LanguageLevel(models.TextChoices):
    """CEFR levels, in order, then native."""

    A1 = "A1", _("A1 – Beginner")
    A2 = "A2", _("A2 – Elementary")
    B1 = "B1", _("B1 – Intermediate")
    B2 = "B2", _("B2 – Upper intermediate")
    C1 = "C1", _("C1 – Advanced")
    C2 = "C2", _("C2 – Proficient")
    NATIVE = "native", _("Native speaker")


class EducationLevel(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor's degree or equivalent")
    MASTER = "master", _("Master's degree or equivalent")
    DOCTORATE = "doctorate", _("Doctorate")
    OTHER = "other", _("Other higher education (to be assessed)")


class EducationStatus(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    ONGOING = "ongoing", _("Ongoing")


class ITSkills(models.TextChoices):
    BASIC = "basic", _("Basic user")
    INTERMEDIATE = "intermediate", _("Intermediate user")
    ADVANCED = "advanced", _("Advanced user (e.g. Microsoft Office, SharePoint)")


class Experience(models.TextChoices):
    INTERNATIONAL_ORGANISATION = "international_organisation", _("An international organisation")
    NATIONAL_ADMINISTRATION = "national_administration", _("A national administration")
    RESEARCH = "research", _("Research")
    INDUSTRY = "industry", _("Industry or the private sector")


class StartPeriod(models.TextChoices):
    # a context of their own: the bare month names are Django's, used in every date
    MARCH = "march", pgettext_lazy("internship start", "March")
    SEPTEMBER = "september", pgettext_lazy("internship start", "September")
    EITHER = "either", pgettext_lazy("internship start", "March or September")


class CorrespondenceLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


OFFICIAL_LANGUAGES = {"en", "fr"}

# every language Django knows, once (no regional variants; Chinese as one language)
_LANGUAGE_NAMES = {code: name for code, name in global_settings.LANGUAGES if "-" not in code} | {
    "zh": gettext_noop("Chinese")
}


def world_language_choices() -> list[tuple[str, str]]:
    """(code, name) for every language, sorted by the name in the active language."""
    return sorted(
        ((code, str(_(name))) for code, name in _LANGUAGE_NAMES.items()),
        key=lambda choice: choice[1],
    )


def other_language_choices() -> list[tuple[str, str]]:
    return [choice for choice in world_language_choices() if choice[0] not in OFFICIAL_LANGUAGES]


def language_name(code: str) -> str:
    return str(_(_LANGUAGE_NAMES.get(code, code)))
