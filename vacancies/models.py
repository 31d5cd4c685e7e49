"""The vacancy notices: the recruitment cycle, the divisions and their bilingual vacancies.

Every text a candidate reads exists in English and French (django-modeltranslation adds the
`_en` and `_fr` columns; see translation.py). A vacancy is published only when all of them
are filled in both languages, which the database checks too.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import reduce
from operator import and_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
# the programme's rule ("you can apply for up to three vacancies"); a cycle may allow fewer
MAX_APPLICATIONS_PER_CYCLE = 3
LANGUAGE_CODES = ("en", "fr")

# the long texts of a notice and of its cycle: the notice page and its PDF read them; a page
# that lists vacancies or shows an application needs a title and a deadline, not the notice
CYCLE_LONG_TEXTS = ("values", "pool_notice", "further_information", "ai_notice")
VACANCY_LONG_TEXTS = (
    "info_session",
    "description",
    "daily_work",
    "offer",
    "essential_criteria",
    "desirable_criteria",
    "special_notice",
)
CYCLE_TRANSLATED_FIELDS = ("name", *CYCLE_LONG_TEXTS)
DIVISION_TRANSLATED_FIELDS = ("name",)
VACANCY_TRANSLATED_FIELDS = ("title", "location", "nato_body", "schedule", *VACANCY_LONG_TEXTS)
WORK_AREA_TRANSLATED_FIELDS = ("title", "tasks")
COMPETENCY_TRANSLATED_FIELDS = ("name", "behaviour")


def _filled_in_every_language(field_names: tuple[str, ...]) -> Q:
    """Q that holds when each translated field is neither NULL nor empty in every language."""
    conditions = [
        Q(**{f"{name}_{code}__isnull": False}) & ~Q(**{f"{name}_{code}": ""})
        for name in field_names
        for code in LANGUAGE_CODES
    ]
    return reduce(and_, conditions)


def long_texts(*, vacancy: str | None = None, cycle: str | None = None) -> list[str]:
    """The long-text columns, in every language, of the vacancy and the cycle found at these
    lookup paths ("" for the queryset's own model), for `defer()`."""
    names = [(vacancy, VACANCY_LONG_TEXTS), (cycle, CYCLE_LONG_TEXTS)]
    return [
        f"{path}{name}{suffix}"
        for path, fields in names
        if path is not None
        for name in fields
        for suffix in ("", *(f"_{code}" for code in LANGUAGE_CODES))
    ]


def missing_translations(obj: models.Model, field_names: tuple[str, ...]) -> list[str]:
    """The translated fields of `obj` left empty, as "field (language)" labels."""
    missing = []
    for name in field_names:
        for code in LANGUAGE_CODES:
            if not (getattr(obj, f"{name}_{code}") or "").strip():
                label = obj._meta.get_field(name).verbose_name
                missing.append(f"{label} ({code.upper()})")
    return missing


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class RecruitmentCycleQuerySet(models.QuerySet):
    def summaries(self) -> RecruitmentCycleQuerySet:
        """Cycles without their long texts: what a page naming a cycle needs."""
        return self.defer(*long_texts(cycle=""))

    def with_open_vacancies(self, *, at: dt.datetime) -> RecruitmentCycleQuerySet:
        return self.filter(pk__in=Vacancy.objects.open(at=at).values("cycle_id"))


class RecruitmentCycle(TimestampedModel):
    """One round of the programme, e.g. internships starting in March or September 2026."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    closes_at = models.DateTimeField(
        _("applications close at"),
        help_text=_(
            "The first moment at which applications are refused. For a deadline of "
            "22 June 2025, 23:59 Brussels time, enter 23 June 2025, 00:00."
        ),
    )
    eligibility_reference_date = models.DateField(
        _("eligibility reference date"),
        null=True,
        blank=True,
        help_text=_(
            "The date at which candidates must meet the essential criteria. "
            "Empty: the date of the deadline, the programme's rule."
        ),
    )
    application_cap = models.PositiveSmallIntegerField(
        _("applications per candidate"),
        default=MAX_APPLICATIONS_PER_CYCLE,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_APPLICATIONS_PER_CYCLE)],
        help_text=_("How many vacancies of this cycle a candidate may apply to (at most 3)."),
    )
    values = models.TextField(_("our values"), blank=True)
    pool_notice = models.TextField(_("candidate pool notice"), blank=True)
    further_information = models.TextField(_("further information"), blank=True)
    ai_notice = models.TextField(_("notice on generative AI"), blank=True)

    objects = RecruitmentCycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("recruitment cycle")
        verbose_name_plural = _("recruitment cycles")
        ordering = ["-closes_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def reference_date(self) -> dt.date:
        """The date at which the essential criteria must be met."""
        if self.eligibility_reference_date:
            return self.eligibility_reference_date
        return last_accepted_minute(self.closes_at).date()

    def cap_reached(self, *, slots_used: int) -> bool:
        """A candidate with `slots_used` submitted applications may submit no more."""
        return slots_used >= self.application_cap


class Division(TimestampedModel):
    """A division, office or NATO body that offers internships and searches the pool."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    focal_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="FocalPoint",
        related_name="focal_point_divisions",
        blank=True,
        verbose_name=_("focal points"),
    )

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class FocalPoint(models.Model):
    """A person who searches the shared pool for a division, and hears when it grows."""

    division = models.ForeignKey(
        Division,
        on_delete=models.CASCADE,
        related_name="focal_point_links",
        verbose_name=_("division"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point_links",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=2,
        choices=[("en", _("English")), ("fr", _("French"))],
        default="en",
    )

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.UniqueConstraint(fields=["division", "user"], name="one_focal_point_link"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.division.code})"


class VacancyQuerySet(models.QuerySet):
    def published(self) -> VacancyQuerySet:
        return self.filter(status=Vacancy.Status.PUBLISHED)

    def open(self, *, at: dt.datetime) -> VacancyQuerySet:
        return self.published().filter(closes_at__gt=at)

    def summaries(self) -> VacancyQuerySet:
        """Vacancies with their division and cycle, without the long texts of the notice."""
        return self.select_related("division", "cycle").defer(
            *long_texts(vacancy="", cycle="cycle__")
        )

    def for_public_list(self, *, at: dt.datetime) -> VacancyQuerySet:
        """Published vacancies, open ones first, each with what the list shows."""
        return (
            self.published()
            .summaries()
            .annotate(
                is_open_now=models.Case(
                    models.When(closes_at__gt=at, then=models.Value(True)),
                    default=models.Value(False),
                )
            )
            .order_by("-is_open_now", "closes_at", "reference")
        )


def last_accepted_minute(closes_at: dt.datetime) -> dt.datetime:
    """The deadline as a notice states it: the minute before applications close, in Brussels."""
    return (closes_at - dt.timedelta(minutes=1)).astimezone(BRUSSELS)


class Vacancy(TimestampedModel):
    """One vacancy notice, in English and French."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    reference = models.CharField(
        _("reference"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z-]+$", _("Use only letters, digits and hyphens, e.g. 250715.")
            )
        ],
    )
    cycle = models.ForeignKey(
        RecruitmentCycle,
        on_delete=models.PROTECT,
        related_name="vacancies",
        verbose_name=_("recruitment cycle"),
    )
    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("division")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    is_demo = models.BooleanField(
        _("demo"),
        default=False,
        help_text=_("A vacancy made by generate_demo_data to try the site; marked as such."),
    )
    title = models.CharField(_("title"), max_length=250)
    location = models.CharField(_("primary location"), max_length=100)
    nato_body = models.CharField(_("NATO body"), max_length=100)
    schedule = models.CharField(_("schedule"), max_length=50)
    grade = models.CharField(_("grade"), max_length=20, default="INTERN")
    clearance_level = models.CharField(_("clearance level"), max_length=10, default="NS")
    monthly_grant = models.DecimalField(
        _("monthly grant (EUR)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    closes_at = models.DateTimeField(
        _("applications close at"),
        help_text=_(
            "The first moment at which applications are refused. For a deadline of "
            "22 June 2025, 23:59 Brussels time, enter 23 June 2025, 00:00."
        ),
    )
    info_session_at = models.DateTimeField(_("info-session starts at"), null=True, blank=True)
    info_session_url = models.URLField(_("info-session registration link"), blank=True)
    info_session = models.TextField(_("info-session"), blank=True)
    description = models.TextField(_("description"), blank=True)
    daily_work = models.TextField(_("daily work"), blank=True)
    offer = models.TextField(_("what we offer"), blank=True)
    essential_criteria = models.TextField(_("essential criteria"), blank=True)
    desirable_criteria = models.TextField(_("desirable criteria"), blank=True)
    special_notice = models.TextField(_("special notice"), blank=True)
    # set by the deadline job before it screens: from then on nothing may change, even a
    # request that arrived on time but waited for its locks
    closed_for_changes_at = models.DateTimeField(
        _("closed for changes at"), null=True, blank=True, editable=False
    )

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["closes_at", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | _filled_in_every_language(VACANCY_TRANSLATED_FIELDS),
                name="published_vacancy_complete_in_both_languages",
                violation_error_message=_(
                    "A vacancy can be published only when every text is filled in English "
                    "and in French."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("vacancies:detail", kwargs={"reference": self.reference})

    def is_open(self, *, at: dt.datetime | None = None) -> bool:
        """Applications are accepted while the server clock is before `closes_at`."""
        return (at or timezone.now()) < self.closes_at

    @property
    def deadline(self) -> dt.datetime:
        """The deadline as published: the last minute at which applications are accepted."""
        return last_accepted_minute(self.closes_at)

    def settled_fields(self, *, at: dt.datetime | None = None) -> list[str]:
        """The fields that can no longer be changed.

        The cycle once someone has applied: applications count against their cycle's cap and
        its pool. The deadline once it has passed: receipts were given and refusals made by it,
        and the deadline job closes the vacancy by it.
        """
        if self.pk is None:
            return []
        settled = []
        if self.applications.exists():
            settled.append("cycle")
        if self.closed_for_changes_at or not self.is_open(at=at):
            settled.append("closes_at")
        return settled

    def clean(self) -> None:
        if self.closes_at and (self.closes_at.second or self.closes_at.microsecond):
            raise ValidationError(
                {"closes_at": _("Give the closing time in whole minutes, e.g. 00:00.")}
            )
        if self.status == self.Status.PUBLISHED:
            missing = missing_translations(self, VACANCY_TRANSLATED_FIELDS)
            if missing:
                raise ValidationError(
                    _(
                        "A vacancy can be published only when every text is filled in both "
                        "languages. Missing: %(fields)s."
                    )
                    % {"fields": ", ".join(missing)}
                )


class WorkArea(models.Model):
    """One of the areas an intern of this vacancy may work in (PDD has six)."""

    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="work_areas", verbose_name=_("vacancy")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=250)
    tasks = models.TextField(_("tasks"))

    class Meta:
        verbose_name = _("work area")
        verbose_name_plural = _("work areas")
        ordering = ["vacancy", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "position"], name="one_work_area_per_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Competency(models.Model):
    """A competency the candidate must demonstrate, with the behaviour expected."""

    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="competencies", verbose_name=_("vacancy")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)
    behaviour = models.CharField(_("expected behaviour"), max_length=250)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["vacancy", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "position"], name="one_competency_per_position"
            ),
        ]

    def __str__(self) -> str:
        return self.name
