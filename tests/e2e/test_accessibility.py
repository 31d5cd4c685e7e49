"""axe-core on every public, candidate and pool page, in English and in French.

No serious or critical violation may remain (WCAG 2.1 A and AA rules, best practices). The
pages are filled as a real user sees them: an open vacancy with work areas, a candidate
with a submitted application and its receipt, a pool with a reserved candidate.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from applicants import services
from applicants.models import PoolEntry
from applicants.reservations import request_reservation
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    DivisionFactory,
    RecruitmentCycleFactory,
    UserFactory,
    VacancyFactory,
    WorkAreaFactory,
)
from vacancies.models import FocalPoint

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}


@pytest.fixture
def site():
    """An open vacancy, a candidate who applied to it, and a pool with a reservation."""
    now = timezone.now()
    cycle = RecruitmentCycleFactory(closes_at=now + dt.timedelta(days=10))
    vacancy = VacancyFactory(cycle=cycle, closes_at=cycle.closes_at)
    area = WorkAreaFactory(vacancy=vacancy)
    application = ApplicationFactory(vacancy=vacancy, work_area_ranking=[area.pk])
    services.submit_application(application=application, token=uuid.uuid4(), at=now)
    # another open vacancy, not applied to yet: its "apply" page
    other = VacancyFactory(cycle=cycle, closes_at=cycle.closes_at)
    division = DivisionFactory(code="PDD")
    focal_point = UserFactory()
    FocalPoint.objects.create(division=division, user=focal_point)
    entry = PoolEntry.objects.create(
        cycle=cycle,
        candidate=CandidateFactory(),
        full_name="Ana Pereira",
        education_level="master",
        fields_of_study="Computer science",
        institutions="KU Leuven",
        search_text="Computer science | KU Leuven",
        institution_countries=",BE,",
        nationalities=",PT,",
        english_level="C1",
        french_level="B2",
        other_languages=",es:C1,",
        preferred_start="march",
        work_areas=[{"en": "Cyber security", "fr": "Cybersécurité"}],
        work_area_keys="|Cyber security|",
        score=3,
        vacancies=f",{vacancy.reference},",
        built_at=now,
    )
    request_reservation(
        entry=entry, division=division, user=focal_point, period="march", need="Cyber", at=now
    )
    return {
        "vacancy": vacancy,
        "other vacancy": other,
        "application": application,
        "candidate": application.candidate.user,
        "focal point": focal_point,
        "entry": entry,
    }


# answers that fail some criteria: the page shows every kind of result
ELIGIBILITY_ANSWERS = "?nationality=CH&date_of_birth=2008-01-01&studies=student&english=B2"
NOT_FOUND = "/no-such-page/"


def pages(site, language: str) -> dict[str, list[str]]:
    application = site["application"]
    with translation.override(language):
        return {
            "anonymous": [
                reverse("vacancies:list"),
                reverse("vacancies:detail", args=[site["vacancy"].reference]),
                reverse("eligibility:check"),
                reverse("eligibility:check") + ELIGIBILITY_ANSWERS,
                reverse("account_login"),
                reverse("account_signup"),
                reverse("account_email_verification_sent"),
                reverse("account_reset_password"),
                reverse("account_reset_password_done"),
                f"/{language}{NOT_FOUND}",
            ],
            "candidate": [
                reverse("applicants:dashboard"),
                reverse("applicants:profile"),
                reverse("applicants:documents"),
                reverse("applicants:document_delete", args=[application.documents.get().public_id]),
                reverse("vacancies:detail", args=[site["vacancy"].reference]),
                reverse("applicants:apply", args=[site["other vacancy"].reference]),
                reverse("applicants:application", args=[application.public_id]),
                reverse("applicants:receipt", args=[application.public_id, 1]),
                reverse("account_change_password"),
                reverse("applicants:delete_account"),
            ],
            "focal point": [
                reverse("applicants:pool"),
                reverse("applicants:pool") + "?q=science&nationality=XX",  # with an error
                reverse("applicants:pool_entry", args=[site["entry"].pk]),
                reverse("applicants:pool_reservations"),
            ],
        }


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_page_has_a_serious_or_critical_accessibility_violation(
    browser, live_server, site, language
):
    axe = Axe()
    found = []
    checked = 0
    for who, urls in pages(site, language).items():
        context = browser.new_context()
        if who != "anonymous":
            client = Client()
            client.force_login(site[who])
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
        page = context.new_page()
        for url in urls:
            response = page.goto(live_server.url + url)
            expected = 404 if url.endswith(NOT_FOUND) else 200
            assert response.status == expected, (who, url, response.status)
            assert f'lang="{language}"' in page.content()
            results = axe.run(page, options=AXE_OPTIONS)
            checked += 1
            for violation in results.response["violations"]:
                if violation["impact"] in BLOCKING:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    found.append((who, url, violation["id"], violation["impact"], targets))
        context.close()
    assert checked == 24
    assert found == []


def test_the_check_finds_what_it_must(browser):
    """The harness itself: an unlabelled field and an image without text are caught."""
    page = browser.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<h1>Form</h1><input type="text"><img src="data:,"></main></body></html>'
    )
    results = Axe().run(page, options=AXE_OPTIONS)
    found = {v["id"] for v in results.response["violations"] if v["impact"] in BLOCKING}
    assert {"label", "image-alt"} <= found
    page.close()
