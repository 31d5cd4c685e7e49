from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applicants import services
from applicants.screening import screen_submitted, screen_vacancy
from eligibility.models import Assessment, AssessmentOverride
from eligibility.services import override_verdict
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    RecruitmentCycleFactory,
    UserFactory,
    VacancyFactory,
)
from tests.html import Page
from vacancies.models import BRUSSELS

pytestmark = pytest.mark.django_db

CLOSES_AT = dt.datetime(2025, 6, 23, 0, 0, tzinfo=BRUSSELS)
BEFORE = dt.datetime(2025, 6, 20, 10, 0, tzinfo=BRUSSELS)


@pytest.fixture
def vacancy():
    return VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=CLOSES_AT))


def submitted(vacancy, count: int, **candidate):
    applications = []
    for _ in range(count):
        application = ApplicationFactory(vacancy=vacancy, candidate=CandidateFactory(**candidate))
        services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
        applications.append(application)
    return applications


def test_screening_records_the_verdict_per_criterion(vacancy):
    [eligible] = submitted(vacancy, 1)
    [too_young] = submitted(vacancy, 1, date_of_birth=dt.date(2005, 1, 1))
    draft = ApplicationFactory(vacancy=vacancy)

    assert screen_vacancy(vacancy=vacancy, at=timezone.now()) == 2

    assert Assessment.objects.get(application=eligible).verdict == "eligible"
    young = Assessment.objects.get(application=too_young)
    assert young.verdict == "ineligible"
    [age] = [c for c in young.criteria if c["code"] == "age"]
    assert age["outcome"] == "not_met"
    assert "born on or before 22 June 2004" in age["reason_en"]
    assert "22 juin 2004" in age["reason_fr"]
    assert young.reference_date == dt.date(2025, 6, 22)
    assert young.rules_version
    assert 0 <= young.score <= 4
    assert not Assessment.objects.filter(application=draft).exists()


def _queries_to_screen(vacancy, batch_size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        screen_submitted(
            applications=vacancy.applications.all(), at=timezone.now(), batch_size=batch_size
        )
    return len(queries)


def test_bulk_screening_costs_four_queries_per_batch_whatever_the_number(vacancy):
    submitted(vacancy, 12)
    with_twelve = _queries_to_screen(vacancy, batch_size=4)  # 3 batches
    submitted(vacancy, 12)
    with_twenty_four = _queries_to_screen(vacancy, batch_size=4)  # 6 batches

    assert with_twenty_four - with_twelve == 4 * 3
    assert with_twelve <= 1 + 4 * 3 + 1  # the cycles, four per batch, the empty last read
    assert Assessment.objects.count() == 24


def test_an_override_needs_a_reason_and_is_kept_in_history(vacancy):
    [application] = submitted(vacancy, 1, date_of_birth=dt.date(2005, 1, 1))
    screen_vacancy(vacancy=vacancy, at=timezone.now())
    assessment = Assessment.objects.get(application=application)
    staff = UserFactory(is_staff=True)

    with pytest.raises(ValidationError):
        override_verdict(
            assessment=assessment, verdict="eligible", reason="  ", by=staff, at=timezone.now()
        )
    assert not AssessmentOverride.objects.exists()

    override_verdict(
        assessment=assessment,
        verdict="eligible",
        reason="Birth certificate shows 2004.",
        by=staff,
        at=timezone.now(),
    )

    assessment.refresh_from_db()
    assert assessment.verdict == "eligible"
    assert assessment.computed_verdict == "ineligible"
    [decision] = assessment.overrides.all()
    assert (decision.previous_verdict, decision.verdict, decision.decided_by) == (
        "ineligible",
        "eligible",
        staff,
    )

    # screening again refreshes the rules' verdict and keeps TA's decision
    screen_vacancy(vacancy=vacancy, at=timezone.now())
    assessment.refresh_from_db()
    assert assessment.verdict == "eligible"
    assert assessment.overrides.count() == 1


def test_the_admin_refuses_an_override_without_a_reason(client, vacancy):
    from allauth.mfa.models import Authenticator

    [application] = submitted(vacancy, 1)
    screen_vacancy(vacancy=vacancy, at=timezone.now())
    assessment = Assessment.objects.get(application=application)
    admin = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    client.force_login(admin)
    url = f"/admin/eligibility/assessment/{assessment.pk}/change/"

    refused = client.post(
        url,
        {
            "new_verdict": "ineligible",
            "reason": "",
            "overrides-TOTAL_FORMS": "0",
            "overrides-INITIAL_FORMS": "0",
        },
    )
    assert refused.status_code == 200
    assert "Give the reason for changing the outcome." in refused.content.decode()
    assert not AssessmentOverride.objects.exists()

    accepted = client.post(
        url,
        {
            "new_verdict": "ineligible",
            "reason": "Forged diploma.",
            "overrides-TOTAL_FORMS": "0",
            "overrides-INITIAL_FORMS": "0",
        },
    )
    assert accepted.status_code == 302
    assert AssessmentOverride.objects.get().reason == "Forged diploma."
    said = Page(client.get(accepted["Location"]).content).text
    assert f"{application.pk}: Not eligible" in said  # the new outcome, not the old one


def test_the_admin_action_screens_the_selection(client, vacancy):
    from allauth.mfa.models import Authenticator

    applications = submitted(vacancy, 3)
    admin = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    client.force_login(admin)

    response = client.post(
        "/admin/applicants/application/",
        {"action": "screen", "_selected_action": [a.pk for a in applications[:2]]},
        follow=True,
    )

    assert "2 submitted applications screened." in response.content.decode()
    assert Assessment.objects.count() == 2


def test_the_candidate_is_warned_before_submitting(client, vacancy):
    candidate = CandidateFactory(english_level="B2", french_level="B1")
    application = ApplicationFactory(vacancy=vacancy, candidate=candidate)
    client.force_login(candidate.user)

    with time_machine.travel(BEFORE, tick=False):
        page = Page(client.get(f"/en/me/applications/{application.public_id}/").content)
        dashboard = Page(client.get("/en/me/").content)

    assert "Based on your profile you may not meet:" in page.main_text
    assert "You need C1 or above" in page.main_text
    assert "it does not stop you from submitting" in page.main_text
    assert "Based on your profile you may not meet, for the" in dashboard.main_text


def test_what_stops_a_submission_comes_before_the_warning_that_does_not(client, vacancy):
    candidate = CandidateFactory(english_level="B2", french_level="B1")
    application = ApplicationFactory(vacancy=vacancy, candidate=candidate, motivation="")
    client.force_login(candidate.user)

    with time_machine.travel(BEFORE, tick=False):
        page = Page(client.get(f"/en/me/applications/{application.public_id}/").content)

    text = page.main_text
    assert text.index("Before you can submit") < text.index("Based on your profile")
    assert "you can still submit" not in text  # it cannot, until the motivation is written


def test_an_eligible_candidate_sees_no_warning(client, vacancy):
    application = ApplicationFactory(vacancy=vacancy)
    client.force_login(application.candidate.user)

    with time_machine.travel(BEFORE, tick=False):
        page = Page(client.get(f"/en/me/applications/{application.public_id}/").content)

    assert "may not meet" not in page.main_text


@pytest.mark.parametrize(
    ("language", "answers", "words"),
    [
        (
            "en",
            {
                "nationality": "BE",
                "date_of_birth": "2001-01-01",
                "studies": "student",
                "english": "C1",
            },
            "You appear to meet the essential criteria.",
        ),
        (
            "en",
            {
                "nationality": "CH",
                "date_of_birth": "2001-01-01",
                "studies": "student",
                "english": "C1",
            },
            "contact its delegation to NATO",
        ),
        (
            "fr",
            {
                "nationality": "FR",
                "date_of_birth": "2006-01-01",
                "studies": "student",
                "french": "native",
            },
            "Vous semblez ne pas remplir tous les acquis essentiels.",
        ),
        (
            "en",
            {
                "nationality": "BE",
                "date_of_birth": "2001-01-01",
                "studies": "graduate",
                "degree_date": "2019-06-21",  # a degree means two years of studies, however old
                "english": "C1",
            },
            "You appear to meet the essential criteria.",
        ),
        (
            "en",
            {
                "nationality": "BE",
                "date_of_birth": "2001-01-01",
                "studies": "other",
                "english": "C1",
            },
            "A person would need to check",
        ),
    ],
)
def test_am_i_eligible_needs_no_account(client, vacancy, language, answers, words):
    response = client.get(f"/{language}/eligibility/", answers)

    assert response.status_code == 200
    assert words in Page(response.content).main_text


def test_am_i_eligible_explains_bad_input(client, vacancy):
    response = client.get("/en/eligibility/", {"nationality": "BE", "studies": "graduate"})

    text = Page(response.content).main_text
    assert response.status_code == 400
    assert "Give the date you obtained your degree." in text
    assert "Give your level of English or French." in text


@pytest.mark.parametrize(
    ("new_verdict", "reason", "message"),
    [
        ("", "A reason without an outcome.", "Choose the outcome the reason is for."),
        ("same", "The same outcome again.", "The outcome is already"),
    ],
)
def test_an_override_that_would_change_nothing_is_refused(
    client, vacancy, new_verdict, reason, message
):
    from allauth.mfa.models import Authenticator

    [application] = submitted(vacancy, 1)
    screen_vacancy(vacancy=vacancy, at=timezone.now())
    assessment = Assessment.objects.get(application=application)
    admin = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    client.force_login(admin)

    response = client.post(
        f"/admin/eligibility/assessment/{assessment.pk}/change/",
        {
            "new_verdict": assessment.verdict if new_verdict == "same" else new_verdict,
            "reason": reason,
            "overrides-TOTAL_FORMS": "0",
            "overrides-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AssessmentOverride.objects.exists()
