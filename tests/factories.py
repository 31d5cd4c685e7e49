from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from vacancies.models import BRUSSELS, Competency, Division, RecruitmentCycle, Vacancy, WorkArea

# 22 June 2025, 23:59 Brussels is the last accepted minute
SEED_CLOSES_AT = dt.datetime(2025, 6, 23, 0, 0, tzinfo=BRUSSELS)


class RecruitmentCycleFactory(DjangoModelFactory):
    class Meta:
        model = RecruitmentCycle

    code = factory.Sequence(lambda n: f"cycle-{n}")
    name_en = factory.Sequence(lambda n: f"Internship Programme {n}")
    name_fr = factory.Sequence(lambda n: f"Programme de stages {n}")
    closes_at = SEED_CLOSES_AT
    values_en = "We value diversity."
    values_fr = "Nous valorisons la diversité."
    pool_notice_en = "The pool is shared with every division."
    pool_notice_fr = "Le pool est partagé avec toutes les divisions."
    further_information_en = "No telephone enquiries."
    further_information_fr = "Pas de demandes par téléphone."
    ai_notice_en = "No generative AI."
    ai_notice_fr = "Pas d'IA générative."


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"DIV{n}")
    name_en = factory.LazyAttribute(lambda division: f"Division {division.code}")
    name_fr = factory.LazyAttribute(lambda division: f"Division {division.code} (fr)")


class VacancyFactory(DjangoModelFactory):
    """A published vacancy with every text in both languages, each marked by its language."""

    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"{900000 + n}")
    cycle = factory.SubFactory(RecruitmentCycleFactory)
    division = factory.SubFactory(DivisionFactory)
    status = Vacancy.Status.PUBLISHED
    title_en = factory.LazyAttribute(lambda v: f"Internship {v.reference}")
    title_fr = factory.LazyAttribute(lambda v: f"Stage {v.reference}")
    location_en = "Belgium-Brussels"
    location_fr = "Belgique-Bruxelles"
    nato_body_en = "NATO International Staff"
    nato_body_fr = "Secrétariat international de l'OTAN"
    schedule_en = "Full-time"
    schedule_fr = "Temps plein"
    monthly_grant = Decimal("1286.09")
    closes_at = factory.LazyAttribute(lambda v: v.cycle.closes_at)
    info_session_at = dt.datetime(2025, 6, 11, 16, 0, tzinfo=BRUSSELS)
    info_session_url = "https://example.org/register"
    info_session_en = "English info-session text."
    info_session_fr = "Texte français de la séance d'information."
    description_en = "English description."
    description_fr = "Description en français."
    daily_work_en = "English daily work."
    daily_work_fr = "Travail quotidien en français."
    offer_en = "- English offer"
    offer_fr = "- Offre en français"
    essential_criteria_en = "1. English essential criterion"
    essential_criteria_fr = "1. Critère essentiel en français"
    desirable_criteria_en = "1. English desirable criterion"
    desirable_criteria_fr = "1. Critère souhaitable en français"
    special_notice_en = "English special notice."
    special_notice_fr = "Instruction particulière en français."

    @factory.post_generation
    def competencies(vacancy, create, extracted, **kwargs):
        if create and extracted is None:
            CompetencyFactory(vacancy=vacancy, position=1)


class WorkAreaFactory(DjangoModelFactory):
    class Meta:
        model = WorkArea

    vacancy = factory.SubFactory(VacancyFactory)
    position = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Work area {n}")
    title_fr = factory.Sequence(lambda n: f"Domaine {n}")
    tasks_en = "1. An English task"
    tasks_fr = "1. Une tâche en français"


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency

    vacancy = factory.SubFactory(VacancyFactory)
    position = factory.Sequence(lambda n: n + 1)
    name_en = "Teamwork"
    name_fr = "Travail en équipe"
    behaviour_en = "Cooperates."
    behaviour_fr = "Coopère."


# --- Candidates ---------------------------------------------------------------------------

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            user.save()


class CandidateFactory(DjangoModelFactory):
    """A candidate whose profile is complete and meets every essential criterion."""

    class Meta:
        model = "applicants.Candidate"
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    first_name = "Émilie"
    last_name = "Lefèvre"
    date_of_birth = dt.date(2001, 5, 14)
    nationalities = ["BE"]
    phone = "+32 2 707 41 11"
    correspondence_language = "en"
    english_level = "C1"
    french_level = "native"
    it_skills = "advanced"
    experience_research = True
    preferred_start = "september"

    @factory.post_generation
    def education(candidate, create, extracted, **kwargs):
        if create and extracted is None:
            EducationFactory(candidate=candidate)


class EducationFactory(DjangoModelFactory):
    class Meta:
        model = "applicants.Education"

    candidate = factory.SubFactory(CandidateFactory, education=False)
    institution = "KU Leuven"
    country = "BE"
    level = "master"
    field_of_study = "International relations"
    start_date = dt.date(2023, 9, 15)
    end_date = dt.date(2026, 6, 30)
    status = "ongoing"


def pdf_bytes(pages: int = 1, *, password: str | None = None) -> bytes:
    """A small valid PDF made with pypdf."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(image_format: str = "PNG") -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 73, 144)).save(buffer, format=image_format)
    return buffer.getvalue()


class DocumentFactory(DjangoModelFactory):
    """A stored qualification document (a real PDF file in the test storage)."""

    class Meta:
        model = "applicants.Document"

    candidate = factory.SubFactory(CandidateFactory)
    kind = "qualification"
    language = "en"
    original_name = "diploma.pdf"
    content_type = "application/pdf"
    file = factory.django.FileField(filename="upload", data=factory.LazyFunction(pdf_bytes))
    size = factory.LazyAttribute(lambda document: document.file.size)
    sha256 = "0" * 64


class ApplicationFactory(DjangoModelFactory):
    """A draft with complete answers and a qualification attached: ready to submit."""

    class Meta:
        model = "applicants.Application"
        skip_postgeneration_save = True

    candidate = factory.SubFactory(CandidateFactory)
    vacancy = factory.SubFactory(VacancyFactory)
    cycle = factory.LazyAttribute(lambda application: application.vacancy.cycle)
    reference = factory.Sequence(lambda n: f"TEST-{n:06d}")
    motivation = "I would like to help NATO explain its work."
    declared_accurate = True
    declared_no_generative_ai = True

    @factory.post_generation
    def documents(application, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [DocumentFactory(candidate=application.candidate)]
        application.documents.set(extracted)
