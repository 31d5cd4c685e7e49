"""Candidates, their documents, their applications and the submissions that freeze them.

The three-application cap is held by the database as slots: a submitted application holds
one of its candidate's slots 1 to 3 in the cycle, a slot is held once, and an application
that is not submitted holds none. Withdrawing frees the slot.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from eligibility.validators import validate_date_of_birth
from vacancies.models import (
    MAX_APPLICATIONS_PER_CYCLE,
    Division,
    RecruitmentCycle,
    TimestampedModel,
    Vacancy,
    long_texts,
)

from .choices import (
    CorrespondenceLanguage,
    EducationLevel,
    EducationStatus,
    ITSkills,
    LanguageLevel,
    StartPeriod,
    other_language_choices,
    world_language_choices,
)

MOTIVATION_MAX_LENGTH = 3000

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()./-]{5,24}$",
    _("Enter a phone number with its country code, e.g. +32 2 707 41 11."),
)


class Candidate(TimestampedModel):
    """One per user account: the profile every submission takes a snapshot of."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate"
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationalities = CountryField(_("nationalities"), multiple=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    correspondence_language = models.CharField(
        _("correspondence language"),
        max_length=2,
        choices=CorrespondenceLanguage.choices,
        default=CorrespondenceLanguage.ENGLISH,
    )
    english_level = models.CharField(
        _("English"), max_length=6, choices=LanguageLevel.choices, blank=True
    )
    french_level = models.CharField(
        _("French"), max_length=6, choices=LanguageLevel.choices, blank=True
    )
    it_skills = models.CharField(
        _("IT skills"), max_length=12, choices=ITSkills.choices, blank=True
    )
    experience_international_organisation = models.BooleanField(
        _("an international organisation"), default=False
    )
    experience_national_administration = models.BooleanField(
        _("a national administration"), default=False
    )
    experience_research = models.BooleanField(_("research"), default=False)
    experience_industry = models.BooleanField(_("industry or the private sector"), default=False)
    preferred_start = models.CharField(
        _("preferred start"), max_length=10, choices=StartPeriod.choices, blank=True
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self) -> str:
        return self.full_name or self.user.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def email(self) -> str:
        return self.user.email

    def clean(self) -> None:
        if self.date_of_birth:
            try:
                validate_date_of_birth(self.date_of_birth)
            except ValidationError as error:
                raise ValidationError({"date_of_birth": error.messages}) from error

    def missing_for_submission(self, *, education: list | None = None) -> list[str]:
        """What the profile still lacks before an application can be submitted."""
        required = [
            (self.first_name, _("first name")),
            (self.last_name, _("last name")),
            (self.date_of_birth, _("date of birth")),
            (self.nationalities, _("at least one nationality")),
            (self.english_level, _("your level of English")),
            (self.french_level, _("your level of French")),
            (self.preferred_start, _("preferred start")),
        ]
        missing = [str(label) for value, label in required if not value]
        has_education = bool(education) if education is not None else self.education.exists()
        if not has_education:
            missing.append(str(_("your education (at least one entry)")))
        return missing


class Education(models.Model):
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="education", verbose_name=_("candidate")
    )
    institution = models.CharField(_("institution"), max_length=200)
    country = CountryField(_("country"))
    level = models.CharField(_("level"), max_length=10, choices=EducationLevel.choices)
    field_of_study = models.CharField(_("field of study"), max_length=200)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(
        _("end or expected end"),
        help_text=_("For studies you are still following, the date you expect to finish."),
    )
    status = models.CharField(_("status"), max_length=10, choices=EducationStatus.choices)

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("education")
        ordering = ["-end_date", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="education_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}, {self.field_of_study} ({self.institution})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        today = timezone.localdate()
        if self.start_date and self.start_date > today:
            raise ValidationError({"start_date": _("The start date cannot be in the future.")})
        if self.status == EducationStatus.COMPLETED and self.end_date and self.end_date > today:
            raise ValidationError(
                {
                    "end_date": _(
                        "Completed studies cannot end in the future: choose "
                        '"Ongoing" or correct the date.'
                    )
                }
            )


class LanguageSkill(models.Model):
    """A language other than English and French."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="languages", verbose_name=_("candidate")
    )
    language = models.CharField(_("language"), max_length=8, choices=other_language_choices)
    level = models.CharField(_("level"), max_length=6, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("other language")
        verbose_name_plural = _("other languages")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "language"], name="one_level_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} ({self.level})"


def document_upload_to(document: Document, filename: str) -> str:
    # a generated name: the original name is metadata, never a path
    return f"documents/{uuid.uuid4().hex}{document.extension}"


class Document(TimestampedModel):
    """An attachment the notice asks for. Private: only its owner and TA staff read it."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("Copy of university qualifications")
        PROOF_OF_STUDIES = "proof_of_studies", _("Proof of ongoing studies")
        TRANSLATION = "translation", _("Self-translation of another document")

    EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="documents", verbose_name=_("candidate")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, choices=world_language_choices)
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
    )
    studies_from = models.DateField(_("studies from"), null=True, blank=True)
    studies_until = models.DateField(_("studies until"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="translation", translation_of__isnull=False)
                | (~Q(kind="translation") & Q(translation_of__isnull=True)),
                name="translation_names_its_original",
            ),
            models.CheckConstraint(
                condition=~Q(kind="proof_of_studies")
                | Q(studies_from__isnull=False, studies_until__isnull=False),
                name="proof_of_studies_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "")

    @property
    def is_in_official_language(self) -> bool:
        return self.language in ("en", "fr")

    @property
    def is_evidence_of_studies(self) -> bool:
        return self.kind in (self.Kind.QUALIFICATION, self.Kind.PROOF_OF_STUDIES)


class ReviewStatus(models.TextChoices):
    """Talent Acquisition's review of a submitted application."""

    NEW = "new", _("Not reviewed")
    SCREENED = "screened", _("Screened")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    NOT_RETAINED = "not_retained", _("Not retained")
    SELECTED = "selected", _("Selected")


# which review decisions may follow which
REVIEW_TRANSITIONS = {
    ReviewStatus.NEW: {ReviewStatus.SCREENED, ReviewStatus.SHORTLISTED, ReviewStatus.NOT_RETAINED},
    ReviewStatus.SCREENED: {ReviewStatus.SHORTLISTED, ReviewStatus.NOT_RETAINED},
    ReviewStatus.SHORTLISTED: {ReviewStatus.SELECTED, ReviewStatus.NOT_RETAINED},
    ReviewStatus.NOT_RETAINED: {ReviewStatus.SHORTLISTED},
    ReviewStatus.SELECTED: {ReviewStatus.NOT_RETAINED},
}


class ApplicationQuerySet(models.QuerySet):
    def submitted(self) -> ApplicationQuerySet:
        return self.filter(status=Application.Status.SUBMITTED)

    def for_cycle(self, cycle: RecruitmentCycle) -> ApplicationQuerySet:
        return self.filter(cycle=cycle)

    def with_vacancy(self) -> ApplicationQuerySet:
        """With what a candidate's page shows beside the answers: the vacancy and its division,
        the cycle, the latest submission's number; not the notice's texts, not the snapshot."""
        return self.select_related("vacancy__division", "cycle", "latest_submission").defer(
            *long_texts(vacancy="vacancy__", cycle="cycle__"), "latest_submission__snapshot"
        )


def new_application_reference(vacancy: Vacancy) -> str:
    # unambiguous letters and digits, easy to read out on the phone
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"{vacancy.reference}-{''.join(secrets.choice(alphabet) for _ in range(6))}"


class Application(TimestampedModel):
    """A candidate's application to one vacancy: a draft until submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Not submitted by the deadline")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("candidate"),
    )
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.PROTECT, related_name="applications", verbose_name=_("vacancy")
    )
    # the vacancy's cycle, kept on the row so the database can count slots per cycle
    cycle = models.ForeignKey(
        RecruitmentCycle,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("recruitment cycle"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    slot = models.PositiveSmallIntegerField(_("application slot"), null=True, blank=True)
    motivation = models.TextField(_("motivation"), max_length=MOTIVATION_MAX_LENGTH, blank=True)
    # ids of the vacancy's work areas, in order of preference
    work_area_ranking = models.JSONField(_("work areas in order of preference"), default=list)
    documents = models.ManyToManyField(
        Document, related_name="applications", blank=True, verbose_name=_("documents")
    )
    declared_accurate = models.BooleanField(_("information complete and accurate"), default=False)
    declared_no_generative_ai = models.BooleanField(
        _("prepared without generative AI"), default=False
    )
    # sensitive (may concern health): only TA staff with the dedicated permission see it
    accommodation_request = models.TextField(
        _("reasonable accommodation request"), blank=True, max_length=3000
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    review_status = models.CharField(
        _("review"),
        max_length=12,
        choices=ReviewStatus.choices,
        default=ReviewStatus.NEW,
        db_index=True,
    )
    # the desirable score of the latest screening, kept here so TA's list sorts on an index
    score = models.PositiveSmallIntegerField(_("desirable score"), null=True, blank=True)
    latest_submission = models.OneToOneField(
        "Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("latest submission"),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        permissions = [
            ("view_accommodation_request", _("Can view reasonable accommodation requests")),
        ]
        indexes = [
            # TA's list: the latest submissions first
            models.Index(fields=["-submitted_at", "-id"], name="application_latest_first"),
            # TA's list, highest score first, the unscored last
            models.Index(
                F("score").desc(nulls_last=True),
                F("submitted_at").desc(),
                F("id").desc(),
                name="application_best_first",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "vacancy"], name="one_application_per_vacancy"
            ),
            models.UniqueConstraint(
                fields=["candidate", "cycle", "slot"],
                condition=Q(status="submitted"),
                name="one_submitted_application_per_slot",
            ),
            models.CheckConstraint(
                condition=(
                    # NULL would make the comparison unknown, and a CHECK lets unknown pass
                    Q(
                        status="submitted",
                        slot__isnull=False,
                        slot__gte=1,
                        slot__lte=MAX_APPLICATIONS_PER_CYCLE,
                    )
                    | (~Q(status="submitted") & Q(slot__isnull=True))
                ),
                name="submitted_application_holds_one_of_three_slots",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def is_open(self, *, at: dt.datetime | None = None) -> bool:
        return self.vacancy.is_open(at=at)

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def is_locked(self, *, at: dt.datetime) -> bool:
        """Submitted, and its deadline has passed: it is being assessed."""
        return self.is_submitted and not self.is_open(at=at)


class Submission(models.Model):
    """One submission of an application, frozen: what the candidate sent, at what time.

    Rows are only ever inserted. A re-submission before the deadline adds a row; the
    application points at the latest, which is what screening and the pool read.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("application"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    receipt_number = models.CharField(_("receipt number"), max_length=50, unique=True)
    # from the submit form: a replayed or double-clicked submit finds its submission here
    token = models.UUIDField(_("submission token"), unique=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    snapshot = models.JSONField(_("snapshot"))
    snapshot_sha256 = models.CharField(_("SHA-256 of the submitted data"), max_length=64)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="submissions_numbered_per_application"
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def document_ids(self) -> list[str]:
        """The public ids of the documents as submitted, in the snapshot's order."""
        return [document["id"] for document in self.snapshot["documents"]]


class DocumentAccess(models.Model):
    """Who among the staff opened which candidate document, and when. Never edited."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("document")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="document_accesses",
        verbose_name=_("staff member"),
    )
    accessed_at = models.DateTimeField(_("accessed at"), default=timezone.now)

    class Meta:
        verbose_name = _("document access")
        verbose_name_plural = _("document accesses")
        ordering = ["-accessed_at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.user} → {self.document_id} at {self.accessed_at:%Y-%m-%d %H:%M}"


class PoolEntry(TimestampedModel):
    """A candidate in the shared pool of a cycle: what divisions search, nothing sensitive.

    Built from the candidate's eligible submissions after the deadline (their latest
    profile, every vacancy and work area they applied to, their best score). Never the date
    of birth, the accommodation request, the declarations or the documents.
    """

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        RESERVED = "reserved", _("Reserved")
        OFFERED = "offered", _("Offered")
        PLACED = "placed", _("Placed")

    cycle = models.ForeignKey(
        RecruitmentCycle,
        on_delete=models.CASCADE,
        related_name="pool_entries",
        verbose_name=_("recruitment cycle"),
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="pool_entries",
        verbose_name=_("candidate"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AVAILABLE
    )
    full_name = models.CharField(_("name"), max_length=301)
    education_level = models.CharField(
        _("highest education"), max_length=10, choices=EducationLevel.choices, blank=True
    )
    fields_of_study = models.TextField(_("fields of study"), blank=True)
    institutions = models.TextField(_("institutions"), blank=True)
    # fields of study and institutions together: the text search (a trigram index on PostgreSQL)
    search_text = models.TextField(_("searchable text"), blank=True)
    # ",BE,FR,": a comma on each side of every code, so a filter is a plain `contains`
    institution_countries = models.CharField(_("institution countries"), max_length=200)
    nationalities = models.CharField(_("nationalities"), max_length=100)
    english_level = models.CharField(_("English"), max_length=6, blank=True)
    french_level = models.CharField(_("French"), max_length=6, blank=True)
    other_languages = models.CharField(_("other languages"), max_length=300, blank=True)
    preferred_start = models.CharField(
        _("preferred start"), max_length=10, choices=StartPeriod.choices, blank=True
    )
    work_areas = models.JSONField(_("work areas of interest"), default=list)
    # "|Title|Other title|": the English titles, so a filter is a plain `contains`
    work_area_keys = models.TextField(_("work area keys"), blank=True)
    score = models.PositiveSmallIntegerField(_("desirable score"), default=0)
    vacancies = models.CharField(_("vacancies applied to"), max_length=200)
    built_at = models.DateTimeField(_("built at"))

    class Meta:
        verbose_name = _("pool entry")
        verbose_name_plural = _("pool entries")
        ordering = ["-score", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "candidate"], name="one_pool_entry_per_cycle"),
        ]
        indexes = [
            models.Index(fields=["cycle", "-score", "full_name", "id"], name="pool_by_score"),
            models.Index(fields=["cycle", "full_name", "id"], name="pool_by_name"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.cycle.code})"


class Reservation(TimestampedModel):
    """A division asking for a pool candidate, for a need: one holds them, others wait for TA.

    A request for an available candidate reserves them at once. A request for a candidate
    another division holds waits ("requested"): both divisions see it, and TA decides. TA
    then moves the holding reservation on: offered, placed; any party may release it.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested, TA to decide")
        RESERVED = "reserved", _("Reserved")
        OFFERED = "offered", _("Offered")
        PLACED = "placed", _("Placed")
        RELEASED = "released", _("Released")
        DECLINED = "declined", _("Declined by TA")

    HOLDING = [Status.RESERVED, Status.OFFERED, Status.PLACED]
    OPEN = [Status.REQUESTED, Status.RESERVED, Status.OFFERED]

    entry = models.ForeignKey(
        PoolEntry,
        on_delete=models.CASCADE,
        related_name="reservations",
        verbose_name=_("pool entry"),
    )
    division = models.ForeignKey(
        Division,
        on_delete=models.CASCADE,
        related_name="reservations",
        verbose_name=_("division"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    period = models.CharField(_("period"), max_length=10, choices=StartPeriod.choices)
    need = models.TextField(_("need"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # the race guard: whatever the timing, one division holds a candidate at a time
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(status__in=["reserved", "offered", "placed"]),
                name="one_holding_reservation_per_entry",
            ),
            models.UniqueConstraint(
                fields=["entry", "division"],
                condition=Q(status__in=["requested", "reserved", "offered"]),
                name="one_open_reservation_per_division",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry.full_name} – {self.division.code} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ReservationChange(models.Model):
    """A step of a reservation: who moved it, when, from what to what. Never edited."""

    reservation = models.ForeignKey(
        Reservation,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("reservation"),
    )
    previous_status = models.CharField(
        _("previous status"), max_length=10, choices=Reservation.Status.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Reservation.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("at"), db_index=True)
    note = models.TextField(_("note"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("reservation change")
        verbose_name_plural = _("reservation changes")
        ordering = ["reservation", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.previous_status or '∅'} → {self.status}"


class ReviewDecision(models.Model):
    """A step of TA's review, or an internal note: who, when, from what to what. Never edited."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="review_decisions",
        verbose_name=_("application"),
    )
    previous_status = models.CharField(
        _("previous review"), max_length=12, choices=ReviewStatus.choices
    )
    status = models.CharField(_("review"), max_length=12, choices=ReviewStatus.choices)
    note = models.TextField(_("internal note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    decided_at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["application", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.previous_status} → {self.status}"


def export_upload_to(export: DossierExport, filename: str) -> str:
    return f"exports/{uuid.uuid4().hex}.zip"


class DossierExport(models.Model):
    """A ZIP of application dossiers (PDF), built in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    application_ids = models.JSONField(_("applications"))
    # the worker has no request: the dossiers are written in the language they were asked in
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    done = models.PositiveIntegerField(_("dossiers done"), default=0)
    file = models.FileField(_("file"), upload_to=export_upload_to, blank=True, max_length=200)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("dossier export")
        verbose_name_plural = _("dossier exports")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M} ({self.total})"

    @property
    def total(self) -> int:
        return len(self.application_ids)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100


class RetentionRun(models.Model):
    """A closed cycle's personal data deleted: when, and how much. Kept as the audit trail."""

    cycle = models.OneToOneField(
        RecruitmentCycle,
        on_delete=models.CASCADE,
        related_name="retention_run",
        verbose_name=_("recruitment cycle"),
    )
    ran_at = models.DateTimeField(_("run at"))
    applications_deleted = models.PositiveIntegerField(_("applications deleted"))
    candidates_deleted = models.PositiveIntegerField(_("candidates deleted"))
    files_deleted = models.PositiveIntegerField(_("files deleted"))
    placed_kept = models.PositiveIntegerField(_("placed candidates kept"))

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.cycle.code} ({self.ran_at:%Y-%m-%d})"
