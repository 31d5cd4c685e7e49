from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from vacancies.models import (
    BRUSSELS,
    VACANCY_TRANSLATED_FIELDS,
    Competency,
    Division,
    RecruitmentCycle,
    Vacancy,
    WorkArea,
)

pytestmark = pytest.mark.django_db

SEED_MODELS = [RecruitmentCycle, Division, Vacancy, WorkArea, Competency]


def all_rows() -> dict[str, list[dict]]:
    def row(obj) -> dict:
        values = model_to_dict(obj)
        values.update({field.name: getattr(obj, field.name) for field in obj._meta.concrete_fields})
        return values

    return {
        model.__name__: [row(obj) for obj in model.objects.order_by("pk")] for model in SEED_MODELS
    }


def test_loading_twice_leaves_the_same_rows():
    call_command("load_seed_vacancies")
    first = all_rows()
    call_command("load_seed_vacancies")

    assert all_rows() == first
    assert [len(rows) for rows in first.values()] == [1, 2, 2, 6, 18]


def test_loading_again_at_a_start_keeps_what_staff_changed(seeded):
    """The site loads the seed at every start: a deadline staff extended after an outage,
    or a vacancy they took down, must survive a restart."""
    vacancy = Vacancy.objects.get(reference="250715")
    extended = vacancy.closes_at + dt.timedelta(days=2)
    Vacancy.objects.filter(pk=vacancy.pk).update(
        closes_at=extended, title_fr="Titre modifié", status=Vacancy.Status.DRAFT
    )

    call_command("load_seed_vacancies")

    vacancy.refresh_from_db()
    assert (vacancy.closes_at, vacancy.title_fr, vacancy.status) == (
        extended,
        "Titre modifié",
        Vacancy.Status.DRAFT,
    )


def test_loading_with_update_repairs_an_edited_seed_vacancy(seeded):
    vacancy = Vacancy.objects.get(reference="250715")
    vacancy.title_fr = "Titre modifié"
    vacancy.save()
    WorkArea.objects.filter(vacancy=vacancy, position=6).delete()

    call_command("load_seed_vacancies", "--update")

    vacancy.refresh_from_db()
    assert vacancy.title_fr == "Programme de stages de l'OTAN - Division Diplomatie publique (PDD)"
    assert vacancy.work_areas.count() == 6


def test_seed_facts_from_the_notices(seeded):
    cycle = RecruitmentCycle.objects.get()
    assert cycle.application_cap == 3
    assert cycle.reference_date == dt.date(2025, 6, 22)

    for vacancy in Vacancy.objects.all():
        assert vacancy.status == Vacancy.Status.PUBLISHED
        assert vacancy.closes_at == dt.datetime(2025, 6, 22, 22, 0, tzinfo=dt.UTC)
        assert vacancy.deadline == dt.datetime(2025, 6, 22, 23, 59, tzinfo=BRUSSELS)
        assert vacancy.monthly_grant == Decimal("1286.09")
        assert vacancy.info_session_at == dt.datetime(2025, 6, 11, 16, 0, tzinfo=BRUSSELS)
        assert vacancy.info_session_url == (
            "https://us06web.zoom.us/webinar/register/WN_HdnqpN5hSDaM-t7JB8lAuQ"
        )
        assert vacancy.grade == "INTERN"
        assert vacancy.clearance_level == "NS"
        assert vacancy.competencies.count() == 9
        for phrase in [
            "March / September",
            "2026",
            "38 hours a week",
            "1,286.09",
            "travel reimbursement",
        ]:
            assert phrase in vacancy.offer_en, phrase
        for phrase in ["mars/septembre 2026", "38 heures", "1 286,09 euros"]:
            assert phrase in vacancy.offer_fr, phrase
        assert "be a national of a NATO member state" in vacancy.essential_criteria_en
        assert "at least 21 years old" in vacancy.essential_criteria_en
        assert "Proof of ongoing studies" in vacancy.special_notice_en
        assert "self translation" in vacancy.special_notice_en

    pdd = Vacancy.objects.get(reference="250715")
    assert pdd.division.code == "PDD"
    assert [area.title_en.split(":")[0] for area in pdd.work_areas.all()] == [
        "Digital outreach",
        "Campaigns & Brand",
        "Audience Research",
        "Information Environment Assessment",
        "Press and Media",
        "Engagements Section",
    ]
    assert Vacancy.objects.get(reference="250711").work_areas.count() == 0
    assert "generative artificial-intelligence" in cycle.ai_notice_en
    assert "IA" in cycle.ai_notice_fr
    assert "similar profile" in cycle.pool_notice_en


OCR_ARTEFACTS = [
    r"TOTAN",
    r"FOTAN",
    r"(?<![\w])'OTAN",
    r"NATOQO",
    r"atleast",
    r"anational",
    r"usO6",
    r"\(Al\)",
    r"\b1A\b",
    r"\|",
    r"\bI'",
    r"’",
    r"[¢«]Q",
    r"^\s*[eo¢]\s",
    r"\bC\)",
    r"Identity Identity",
    r"\bceuvre",
    r"\bétre\b",
    r"dipld",
    r"\bfagon",
    r"\ba l'",
    r"\ba la\b",
]


def every_text() -> list[tuple[str, str]]:
    texts = []
    for model, fields in [
        (RecruitmentCycle, ["name", "values", "pool_notice", "further_information", "ai_notice"]),
        (Division, ["name"]),
        (Vacancy, list(VACANCY_TRANSLATED_FIELDS)),
        (WorkArea, ["title", "tasks"]),
        (Competency, ["name", "behaviour"]),
    ]:
        for obj in model.objects.all():
            for field in fields:
                for code in ("en", "fr"):
                    texts.append((f"{obj} {field}_{code}", getattr(obj, f"{field}_{code}")))
    return texts


def test_seed_texts_are_complete_and_free_of_ocr_errors(seeded):
    for label, text in every_text():
        assert text.strip(), f"{label} is empty"
        for pattern in OCR_ARTEFACTS:
            assert not re.search(pattern, text, re.MULTILINE), f"{label}: {pattern}"
