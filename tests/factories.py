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
