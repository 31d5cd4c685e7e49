from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import DivisionFactory, VacancyFactory, WorkAreaFactory
from tests.html import Page
from vacancies.models import BRUSSELS, VACANCY_TRANSLATED_FIELDS, Vacancy

pytestmark = pytest.mark.django_db

LAST_SECOND = dt.datetime(2025, 6, 22, 23, 59, 59, tzinfo=BRUSSELS)
MIDNIGHT = dt.datetime(2025, 6, 23, 0, 0, 0, tzinfo=BRUSSELS)


def detail_url(reference: str, language: str) -> str:
    with translation.override(language):
        return reverse("vacancies:detail", kwargs={"reference": reference})


def list_url(language: str) -> str:
    with translation.override(language):
        return reverse("vacancies:list")


PDD_EN = ("NATO Internship - Public Diplomacy Division (PDD)", "Public Diplomacy Division")
PDD_FR = (
    "Programme de stages de l'OTAN - Division Diplomatie publique (PDD)",
    "Division Diplomatie publique",
)
OCIO_EN = (
    "NATO Internship - Office of the Chief Information Officer (OCIO)",
    "Office of the Chief Information Officer",
)
OCIO_FR = (
    "Programme de stages de l'OTAN - Bureau de la directrice/du directeur des systèmes "
    "d'information (OCIO)",
    "Bureau de la directrice/du directeur des systèmes d'information",
)


@pytest.mark.parametrize(
    ("reference", "language", "texts"),
    [
        ("250715", "en", PDD_EN),
        ("250715", "fr", PDD_FR),
        ("250711", "en", OCIO_EN),
        ("250711", "fr", OCIO_FR),
    ],
)
def test_seed_vacancy_renders_in_its_language(client, seeded, reference, language, texts):
    title, division = texts
    response = client.get(detail_url(reference, language))

    assert response.status_code == 200
    assert response["Content-Language"] == language
    page = Page(response.content)
    assert page.find_all("html", lang=language)
    assert [tag for tag, _attrs in page.tags].count("h1") == 1
    assert title in page.main_text
    assert division in page.main_text


@pytest.mark.parametrize("reference", ["250715", "250711"])
def test_french_notice_has_no_english_body_text(client, seeded, reference):
    vacancy = Vacancy.objects.get(reference=reference)
    page = Page(client.get(detail_url(reference, "fr")).content)

    assert "Programme de stages de l'OTAN" in page.main_text
    english_paragraphs = [
        paragraph
        for field in VACANCY_TRANSLATED_FIELDS
        for paragraph in _paragraphs(getattr(vacancy, f"{field}_en"))
        if paragraph not in _paragraphs(getattr(vacancy, f"{field}_fr"))
    ]
    english_paragraphs += [
        paragraph
        for area in vacancy.work_areas.all()
        for paragraph in _paragraphs(area.tasks_en) + [area.title_en]
    ]
    leaked = [paragraph for paragraph in english_paragraphs if paragraph in page.main_text]
    assert leaked == []
    # the page's own words are French too
    for english in [
        "What do we offer",
        "Selection criteria",
        "Competencies required",
        "Application deadline",
        "Special notice",
        "Closed",
        "Download the notice",
    ]:
        assert english not in page.text


def _paragraphs(markdown: str) -> list[str]:
    """Lines of a section's Markdown without list markers, long enough to be telling."""
    lines = (re.sub(r"^\s*(?:[-*]|\d+\.|#+)\s*", "", line) for line in markdown.splitlines())
    return [re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", line) for line in lines if len(line) > 30]


def test_english_notice_shows_every_section(client, seeded):
    page = Page(client.get(detail_url("250715", "en")).content)

    for heading in [
        "Info-session on the vacancy and recruitment process",
        "Description",
        "What will the daily work look like?",
        "What do we offer?",
        "Selection criteria",
        "Essential",
        "Desirable",
        "Competencies required",
        "Our values",
        "Special notice",
        "The shared candidate pool",
        "Generative artificial intelligence",
    ]:
        assert heading in page.main_text, heading
    for work_area in [
        "Digital outreach",
        "Campaigns & Brand",
        "Audience Research",
        "Information Environment Assessment",
        "Press and Media",
        "Engagements Section",
    ]:
        assert work_area in page.main_text, work_area
    assert "1,286.09 EUR" in page.main_text
    assert "11 June 2025, 16:00 (Brussels time, UTC+2)" in page.main_text
    assert "You can apply to up to 3 different vacancies" in page.main_text
    assert page.find_all(
        "a", href="https://us06web.zoom.us/webinar/register/WN_HdnqpN5hSDaM-t7JB8lAuQ"
    )


def test_deadline_in_brussels_time_utc_and_a_hook_for_local_time(client, seeded):
    page = Page(client.get(detail_url("250715", "en")).content)

    assert "22 June 2025, 23:59 (Brussels time, UTC+2)" in page.main_text
    assert "22 June 2025, 21:59 UTC" in page.main_text
    [local] = [attrs for _tag, attrs in page.tags if "data-local-time" in attrs]
    assert local["data-local-time"] == "2025-06-22T23:59:00+02:00"


def test_french_deadline_reads_in_french(client, seeded):
    page = Page(client.get(detail_url("250715", "fr")).content)

    assert "22 juin 2025, 23:59 (heure de Bruxelles, UTC+2)" in page.main_text
    assert "1 286,09 EUR" in page.main_text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_open_at_the_last_second_closed_at_midnight_brussels(client, seeded, language):
    open_label, closed_label = {
        "en": ("Open for applications", "Closed"),
        "fr": ("Candidatures ouvertes", "Clôturée"),
    }[language]

    with time_machine.travel(LAST_SECOND, tick=False):
        detail = Page(client.get(detail_url("250715", language)).content)
        listing = Page(client.get(list_url(language)).content)
    assert open_label in detail.main_text
    assert open_label in listing.main_text
    assert detail.find_all("p", role="timer")
    assert closed_label not in listing.main_text

    with time_machine.travel(MIDNIGHT, tick=False):
        detail = Page(client.get(detail_url("250715", language)).content)
        listing = Page(client.get(list_url(language)).content)
    assert closed_label in detail.main_text
    assert open_label not in detail.main_text
    assert not detail.find_all("p", role="timer")
    assert open_label not in listing.main_text


def test_countdown_states_the_time_left_without_javascript(client, seeded):
    with time_machine.travel(LAST_SECOND - dt.timedelta(days=2, hours=3), tick=False):
        page = Page(client.get(detail_url("250715", "en")).content)

    [timer] = page.find_all("p", role="timer")
    assert timer["data-countdown"] == "2025-06-23T00:00:00+02:00"
    assert "Time left: 2 days, 3 hours" in page.main_text


def test_list_shows_title_division_reference_deadline_and_status(client, seeded):
    with time_machine.travel(MIDNIGHT, tick=False):
        page = Page(client.get(list_url("en")).content)

    assert "2 vacancies" in page.main_text
    for text in [
        "NATO Internship - Public Diplomacy Division (PDD)",
        "Public Diplomacy Division",
        "250715",
        "250711",
        "22 June 2025, 23:59 (Brussels time, UTC+2)",
        "Closed",
    ]:
        assert text in page.main_text
    assert page.find_all("a", href="/en/vacancies/250715/")


def test_list_filters_by_division(client, seeded):
    page = Page(client.get(list_url("en"), {"division": "OCIO"}).content)

    assert "1 vacancy" in page.main_text
    assert "250711" in page.main_text
    assert "250715" not in page.main_text
    [selected] = [attrs for tag, attrs in page.tags if tag == "option" and "selected" in attrs]
    assert selected["value"] == "OCIO"


def test_unknown_division_says_so_in_the_users_language_and_shows_all(client, seeded):
    page = Page(client.get(list_url("fr"), {"division": "NOPE"}).content)

    assert "Aucune division ne porte ce code" in page.main_text
    assert "2 offres de stage" in page.main_text


def test_division_filter_is_a_labelled_control(client, seeded):
    page = Page(client.get(list_url("en")).content)

    [select] = page.find_all("select")
    assert page.find_all("label", **{"for": select["id"]})


def test_language_switch_keeps_the_current_page_and_query(client, seeded):
    page = Page(client.get(list_url("en"), {"division": "PDD"}).content)
    assert page.find_all("a", href="/fr/vacancies/?division=PDD", hreflang="fr", lang="fr")

    page = Page(client.get(detail_url("250715", "fr")).content)
    assert page.find_all("a", href="/en/vacancies/250715/", hreflang="en")
    assert page.find_all("link", rel="alternate", hreflang="en", href="/en/vacancies/250715/")


def test_language_switch_on_the_sign_in_page_signs_in_to_the_same_language(client, seeded):
    page = Page(client.get("/en/accounts/login/", {"next": "/en/me/profile/"}).content)
    hostile = Page(client.get("/en/accounts/login/", {"next": "//evil.example/en/me/"}).content)

    assert page.find_all("a", href="/fr/accounts/login/?next=/fr/me/profile/", hreflang="fr")
    assert hostile.find_all(
        "a", href="/fr/accounts/login/?next=%2F%2Fevil.example%2Fen%2Fme%2F", hreflang="fr"
    )


def test_root_sends_visitors_to_the_vacancies_in_their_language(client, seeded):
    response = client.get("/", headers={"accept-language": "fr"}, follow=True)

    assert response.redirect_chain[-1][0] == "/fr/vacancies/"
    assert response.status_code == 200


def test_draft_vacancy_is_not_public(client):
    VacancyFactory(reference="123456", status=Vacancy.Status.DRAFT)

    assert client.get(detail_url("123456", "en")).status_code == 404
    assert client.get("/en/vacancies/123456/notice.pdf").status_code == 404
    assert "123456" not in Page(client.get(list_url("en")).content).main_text


def test_pages_are_accessible_by_structure(client, seeded):
    for url in [
        list_url("en"),
        list_url("fr"),
        detail_url("250715", "en"),
        detail_url("250711", "fr"),
    ]:
        page = Page(client.get(url).content)
        assert [tag for tag, _attrs in page.tags].count("h1") == 1, url
        assert page.find_all("main", id="main"), url
        assert page.find_all("a", href="#main"), url  # skip link
        assert page.find_all("header"), url
        assert page.find_all("footer"), url
        for nav in page.find_all("nav"):
            assert nav.get("aria-label"), url
        assert page.find_all("meta", name="viewport"), url


def test_pages_have_no_inline_script_or_style(client, seeded):
    # the CSP forbids them: anything inline would be silently broken in browsers
    for url in [list_url("en"), detail_url("250715", "fr")]:
        page = Page(client.get(url).content)
        for script in page.find_all("script"):
            assert script.get("src"), url
        assert not page.find_all("style"), url
        assert not [attrs for _tag, attrs in page.tags if "style" in attrs], url
        assert not [
            attrs for _tag, attrs in page.tags if any(name.startswith("on") for name in attrs)
        ], url


def test_security_headers_on_public_pages(client, seeded):
    response = client.get(detail_url("250715", "en"))

    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_info_session_calendar_event(client, seeded):
    response = client.get("/en/vacancies/250715/info-session.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="info-session-250715.ics"' in response["Content-Disposition"]
    ics = response.content.decode().replace("\r\n ", "")
    assert "BEGIN:VEVENT" in ics
    assert "DTSTART:20250611T140000Z" in ics  # 16:00 Brussels summer time
    assert "UID:info-session-250715@testserver" in ics
    assert "https://us06web.zoom.us/webinar/register/WN_HdnqpN5hSDaM-t7JB8lAuQ" in ics


def test_info_session_calendar_in_french(client, seeded):
    ics = client.get("/fr/vacancies/250711/info-session.ics").content.decode()

    assert "SUMMARY:Séance d'information" in ics.replace("\r\n ", "")


def test_vacancy_list_queries_do_not_grow_with_the_number_of_vacancies(client):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(list_url("en")).status_code == 200
        return len(queries)

    division = DivisionFactory(code="PDD")
    for _ in range(2):
        VacancyFactory(division=division)
    with_two = queries_for_list()

    for index in range(48):
        VacancyFactory(division=DivisionFactory(code=f"D{index % 7}"))
    with_fifty = queries_for_list()

    assert with_two == with_fifty


def test_work_areas_appear_in_order(client):
    vacancy = VacancyFactory()
    WorkAreaFactory(vacancy=vacancy, position=2, title_en="Second area")
    WorkAreaFactory(vacancy=vacancy, position=1, title_en="First area")

    text = Page(client.get(detail_url(vacancy.reference, "en")).content).main_text

    assert text.index("First area") < text.index("Second area")


def test_staff_written_markup_is_escaped(client):
    vacancy = VacancyFactory(
        description_en="<script>alert(1)</script> [click](javascript:alert(1))"
    )

    source = client.get(detail_url(vacancy.reference, "en")).content.decode()

    assert "<script>alert(1)" not in source
    assert 'href="javascript:' not in source
