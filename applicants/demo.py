"""Demo data: vacancies and a candidate to try the site, and many candidates for benchmarks.

Everything made here is marked: demo vacancies carry `is_demo` and a "Demo" badge, and
generated candidates have addresses at example.org (a domain reserved for examples).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from weasyprint import HTML

from vacancies.models import BRUSSELS, Competency, Division, RecruitmentCycle, Vacancy, WorkArea
from vacancies.services import load_seed_vacancies, publish_vacancy

from .choices import EducationLevel, EducationStatus, ITSkills, LanguageLevel, StartPeriod
from .models import Application, Candidate, Document, Education, LanguageSkill, Submission
from .snapshots import assemble_snapshot, snapshot_sha256

DEMO_CYCLE_CODE = "demo"
DEMO_EMAIL = "demo.candidate@example.org"
DEMO_PASSWORD = "demo-candidate-2026"  # noqa: S105 (a documented demo login)
GENERATED_PASSWORD = "generated-candidate-2026"  # noqa: S105
DEMO_VACANCIES = [
    # (reference, copy of seed, division)
    ("990001", "250715", "PDD"),
    ("990002", "250711", "OCIO"),
    ("990003", "250715", "PDD"),
    ("990004", "250711", "OCIO"),
    ("990005", "250715", "PDD"),
]
NATO_SAMPLE = [
    "BE",
    "FR",
    "DE",
    "IT",
    "ES",
    "NL",
    "PL",
    "PT",
    "RO",
    "GR",
    "US",
    "CA",
    "GB",
    "NO",
    "DK",
    "SE",
    "FI",
    "CZ",
    "SK",
    "HU",
    "BG",
    "HR",
    "SI",
    "EE",
    "LV",
    "LT",
    "LU",
    "IS",
    "AL",
    "ME",
    "MK",
    "TR",
]
PARTNER_SAMPLE = ["CH", "AT", "IE", "UA", "GE", "JP", "AU", "MA"]
FIELDS = [
    "International relations",
    "Political science",
    "Computer science",
    "Law",
    "Communication",
    "Economics",
    "Journalism",
    "Data science",
    "History",
    "Public administration",
    "Information security",
    "Sociologie",
    "Relations publiques",
]
FIRST_NAMES = [
    "Anna",
    "Lucas",
    "Émilie",
    "Jan",
    "Sofia",
    "Mateusz",
    "Chloé",
    "Jonas",
    "Inês",
    "Björn",
    "Zoë",
    "François",
    "Aleksandra",
    "Hélène",
    "Oğuz",
    "Maëlle",
]
LAST_NAMES = [
    "Peeters",
    "Dubois",
    "Müller",
    "Rossi",
    "García",
    "Kowalski",
    "Lefèvre",
    "Jensen",
    "Silva",
    "Nowak",
    "Öztürk",
    "Łukasiewicz",
    "Brontë",
    "Smith",
    "Novák",
    "Leclercq",
]


@dataclass(frozen=True)
class DemoResult:
    cycle: RecruitmentCycle
    vacancies: list[Vacancy]
    demo_email: str
    demo_password: str
    generated: int


def demo_pdf() -> bytes:
    """A one-page PDF standing for a diploma."""
    return HTML(
        string="<h1>Demo diploma</h1><p>Master of Arts in International Relations.</p>"
        "<p>This document was generated for demonstration.</p>"
    ).write_pdf()


def _demo_closes_at(now: dt.datetime) -> dt.datetime:
    # midnight Brussels four weeks ahead: a deadline of "…, 23:59 Brussels time"
    day = (now.astimezone(BRUSSELS) + dt.timedelta(days=28)).date()
    return dt.datetime(day.year, day.month, day.day, tzinfo=BRUSSELS)


@transaction.atomic
def make_demo_vacancies(*, now: dt.datetime) -> tuple[RecruitmentCycle, list[Vacancy]]:
    """Five demo vacancies, open four weeks, copied from the seed notices. Idempotent."""
    seed = load_seed_vacancies()
    originals = {vacancy.reference: vacancy for vacancy in seed.vacancies}
    cycle, _created = RecruitmentCycle.objects.get_or_create(
        code=DEMO_CYCLE_CODE,
        defaults={
            "name_en": "Demo cycle (for trying the site)",
            "name_fr": "Cycle de démonstration (pour essayer le site)",
            "closes_at": _demo_closes_at(now),
            **{
                f"{field}_{code}": getattr(seed.cycle, f"{field}_{code}")
                for field in ("values", "pool_notice", "further_information", "ai_notice")
                for code in ("en", "fr")
            },
        },
    )
    vacancies = []
    for index, (reference, original_reference, division_code) in enumerate(DEMO_VACANCIES, 1):
        vacancy = Vacancy.objects.filter(reference=reference).first()
        if vacancy is None:
            vacancy = _copy_as_demo(
                originals[original_reference],
                reference=reference,
                cycle=cycle,
                division=Division.objects.get(code=division_code),
                number=index,
            )
        vacancies.append(vacancy)
    return cycle, vacancies


def _copy_as_demo(original: Vacancy, *, reference: str, cycle, division, number: int) -> Vacancy:
    work_areas = list(original.work_areas.all())
    competencies = list(original.competencies.all())
    vacancy = Vacancy.objects.get(pk=original.pk)
    vacancy.pk = None
    vacancy.id = None
    vacancy.reference = reference
    vacancy.cycle = cycle
    vacancy.division = division
    vacancy.status = Vacancy.Status.DRAFT
    vacancy.is_demo = True
    vacancy.closes_at = cycle.closes_at
    vacancy.info_session_at = None
    vacancy.title_en = f"Demo {number} – {original.title_en}"
    vacancy.title_fr = f"Démo {number} – {original.title_fr}"
    vacancy.save()
    for area in work_areas:
        area.pk = None
        area.vacancy = vacancy
    WorkArea.objects.bulk_create(work_areas)
    for competency in competencies:
        competency.pk = None
        competency.vacancy = vacancy
    Competency.objects.bulk_create(competencies)
    return publish_vacancy(vacancy=vacancy)


@transaction.atomic
def make_demo_candidate(*, now: dt.datetime) -> Candidate:
    """A verified candidate with a complete profile and a diploma, ready to apply.

    A master's student whose studies span the demo deadline, so they meet every criterion.
    """
    today = now.astimezone(BRUSSELS).date()
    studies_from = today.replace(day=1) - dt.timedelta(days=400)
    studies_until = today.replace(day=1) + dt.timedelta(days=400)
    User = get_user_model()
    user = User.objects.filter(email=DEMO_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            username="demo-candidate", email=DEMO_EMAIL, password=DEMO_PASSWORD
        )
    EmailAddress.objects.update_or_create(
        user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True}
    )
    candidate, created = Candidate.objects.get_or_create(
        user=user,
        defaults={
            "first_name": "Camille",
            "last_name": "Lefèvre",
            "date_of_birth": dt.date(2001, 5, 14),
            "nationalities": ["BE"],
            "phone": "+32 2 707 41 11",
            "correspondence_language": "fr",
            "english_level": LanguageLevel.C1,
            "french_level": LanguageLevel.NATIVE,
            "it_skills": ITSkills.ADVANCED,
            "experience_research": True,
            "preferred_start": StartPeriod.EITHER,
        },
    )
    if created:
        Education.objects.create(
            candidate=candidate,
            institution="Université libre de Bruxelles",
            country="BE",
            level=EducationLevel.MASTER,
            field_of_study="Sciences politiques",
            start_date=studies_from,
            end_date=studies_until,
            status=EducationStatus.ONGOING,
        )
        document = Document(
            candidate=candidate,
            kind=Document.Kind.PROOF_OF_STUDIES,
            language="fr",
            studies_from=studies_from,
            studies_until=studies_until,
            original_name="attestation-inscription-ULB.pdf",
            content_type="application/pdf",
        )
        content = demo_pdf()
        document.size = len(content)
        document.sha256 = _sha256(content)
        document.file.save("upload", ContentFile(content), save=False)
        document.save()
    return candidate


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def generate_candidates(
    *, count: int, vacancies: list[Vacancy], now: dt.datetime, seed: int = 2026, batch: int = 2000
) -> int:
    """`count` candidates, each with a profile, a document and 1 to 3 submitted applications.

    Bulk inserts in batches; one shared demo file backs every generated document. Varied on
    purpose: a few partner-country nationals, under-21s, B2-only speakers and documents in
    other languages, so that screening has every outcome to find.
    """
    User = get_user_model()
    start = User.objects.filter(username__startswith="generated-").count()
    # repeatable for a given database state; a second call continues, it does not repeat
    rng = random.Random(f"{seed}-{start}")  # noqa: S311 (demo data, not secrets)
    password = make_password(GENERATED_PASSWORD)
    content = demo_pdf()
    shared_file = Document.file.field.storage.save(
        "documents/generated-demo.pdf", ContentFile(content)
    )
    sha = _sha256(content)
    made = 0
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            _generate_batch(
                rng,
                start + made,
                size,
                vacancies=vacancies,
                now=now,
                password=password,
                shared_file=shared_file,
                sha=sha,
                content_size=len(content),
            )
        made += size
    return made


def _generate_batch(rng, offset, size, *, vacancies, now, password, shared_file, sha, content_size):
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(
                username=f"generated-{offset + i}",
                email=f"candidate{offset + i}@example.org",
                password=password,
            )
            for i in range(size)
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
    )
    candidates = Candidate.objects.bulk_create([_random_candidate(rng, user) for user in users])
    education, languages, documents = [], [], []
    for candidate in candidates:
        education.append(_random_education(rng, candidate, now))
        if rng.random() < 0.4:
            languages.append(
                LanguageSkill(
                    candidate=candidate,
                    language=rng.choice(["de", "es", "it", "pl", "nl"]),
                    level=rng.choice(LanguageLevel.values),
                )
            )
        documents.append(
            Document(
                candidate=candidate,
                kind=Document.Kind.QUALIFICATION,
                language="en" if rng.random() < 0.93 else "de",
                file=shared_file,
                original_name="diploma.pdf",
                content_type="application/pdf",
                size=content_size,
                sha256=sha,
            )
        )
    Education.objects.bulk_create(education)
    LanguageSkill.objects.bulk_create(languages)
    Document.objects.bulk_create(documents)
    by_candidate_education = {entry.candidate_id: [entry] for entry in education}
    by_candidate_languages: dict[int, list] = {}
    for skill in languages:
        by_candidate_languages.setdefault(skill.candidate_id, []).append(skill)
    by_candidate_document = {document.candidate_id: document for document in documents}
    work_areas = {vacancy.pk: list(vacancy.work_areas.all()) for vacancy in vacancies}

    applications, pending = [], []
    for candidate in candidates:
        chosen = rng.sample(vacancies, k=min(len(vacancies), rng.choice([1, 1, 2, 3])))
        for slot, vacancy in enumerate(chosen, start=1):
            submitted_at = now - dt.timedelta(minutes=rng.randint(1, 60 * 24 * 20))
            areas = work_areas[vacancy.pk]
            application = Application(
                reference=f"{vacancy.reference}-G{candidate.pk:07d}{slot}",
                candidate=candidate,
                vacancy=vacancy,
                cycle_id=vacancy.cycle_id,
                status=Application.Status.SUBMITTED,
                slot=slot,
                motivation="I would like to contribute to the Alliance's work.",
                work_area_ranking=[area.pk for area in rng.sample(areas, k=min(2, len(areas)))],
                declared_accurate=True,
                declared_no_generative_ai=True,
                submitted_at=submitted_at,
            )
            applications.append(application)
            pending.append((application, candidate))
    Application.objects.bulk_create(applications)
    through = Application.documents.through
    through.objects.bulk_create(
        [
            through(
                application_id=application.pk, document_id=by_candidate_document[candidate.pk].pk
            )
            for application, candidate in pending
        ]
    )
    submissions = []
    for application, candidate in pending:
        snapshot = assemble_snapshot(
            application=application,
            candidate=candidate,
            education=by_candidate_education[candidate.pk],
            languages=by_candidate_languages.get(candidate.pk, []),
            documents=[by_candidate_document[candidate.pk]],
            work_areas=work_areas[application.vacancy_id],
            at=application.submitted_at,
        )
        submissions.append(
            Submission(
                application=application,
                number=1,
                receipt_number=f"{application.reference}-1",
                token=uuid.uuid4(),
                submitted_at=application.submitted_at,
                snapshot=snapshot,
                snapshot_sha256=snapshot_sha256(snapshot),
            )
        )
    Submission.objects.bulk_create(submissions)
    for application, submission in zip(applications, submissions, strict=True):
        application.latest_submission = submission
    Application.objects.bulk_update(applications, ["latest_submission"])


def _random_candidate(rng, user) -> Candidate:
    roll = rng.random()
    nationalities = [rng.choice(NATO_SAMPLE)]
    if roll < 0.03:
        nationalities = [rng.choice(PARTNER_SAMPLE)]
    elif roll < 0.08:
        nationalities.append(rng.choice(PARTNER_SAMPLE))
    age = rng.choice([19, 20, 21, 22, 22, 23, 23, 24, 25, 26, 27, 28, 30])
    english = rng.choice(["C1", "C1", "C2", "native", "B2", "C1"])
    french = rng.choice(["A1", "A2", "B1", "B2", "C1", "native", ""])
    return Candidate(
        user=user,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        date_of_birth=dt.date(2025 - age, rng.randint(1, 12), rng.randint(1, 28)),
        nationalities=nationalities,
        correspondence_language=rng.choice(["en", "en", "fr"]),
        english_level=english,
        french_level=french or "A1",
        it_skills=rng.choice(ITSkills.values),
        experience_international_organisation=rng.random() < 0.2,
        experience_national_administration=rng.random() < 0.2,
        experience_research=rng.random() < 0.3,
        experience_industry=rng.random() < 0.3,
        preferred_start=rng.choice(StartPeriod.values),
    )


def _random_education(rng, candidate, now) -> Education:
    today = now.date()
    ongoing = rng.random() < 0.6
    start = dt.date(today.year - rng.randint(1, 6), 9, 15)
    end = (
        dt.date(today.year + rng.randint(0, 2), 6, 30)
        if ongoing
        else dt.date(today.year - rng.randint(0, 3), 6, 30)
    )
    if end <= start:
        end = start + dt.timedelta(days=700)
    return Education(
        candidate=candidate,
        institution=rng.choice(
            [
                "KU Leuven",
                "Sciences Po",
                "LSE",
                "Uniwersytet Warszawski",
                "Universidade de Lisboa",
                "Georgetown University",
            ]
        ),
        country=rng.choice(NATO_SAMPLE),
        level=rng.choice(
            [
                EducationLevel.BACHELOR,
                EducationLevel.MASTER,
                EducationLevel.MASTER,
                EducationLevel.OTHER,
            ]
        ),
        field_of_study=rng.choice(FIELDS),
        start_date=start,
        end_date=end,
        status=EducationStatus.ONGOING if ongoing else EducationStatus.COMPLETED,
    )


def generate_demo_data(*, candidates: int = 0, now: dt.datetime | None = None) -> DemoResult:
    now = now or timezone.now()
    cycle, vacancies = make_demo_vacancies(now=now)
    make_demo_candidate(now=now)
    generated = (
        generate_candidates(count=candidates, vacancies=vacancies, now=now) if candidates else 0
    )
    return DemoResult(cycle, vacancies, DEMO_EMAIL, DEMO_PASSWORD, generated)
