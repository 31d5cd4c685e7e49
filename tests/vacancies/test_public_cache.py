"""Public vacancy pages cached per language for anonymous visitors, and never stale."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import CandidateFactory, VacancyFactory, WorkAreaFactory
from tests.html import Page
from vacancies.models import BRUSSELS

pytestmark = pytest.mark.django_db

CLOSES_AT = dt.datetime(2025, 6, 23, tzinfo=BRUSSELS)
EARLY = dt.datetime(2025, 6, 1, 12, 0, tzinfo=BRUSSELS)


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(f"vacancies:{name}", kwargs=kwargs)


@pytest.fixture
def vacancy():
    return VacancyFactory(closes_at=CLOSES_AT, title_en="Cyber intern", title_fr="Stage cyber")


@pytest.mark.parametrize("name", ["list", "detail"])
def test_an_anonymous_visitor_gets_the_cached_page_in_their_language(vacancy, name):
    kwargs = {"reference": vacancy.reference} if name == "detail" else {}
    with time_machine.travel(EARLY, tick=False):
        first = Client().get(url(name, "en", **kwargs))
        second = Client().get(url(name, "en", **kwargs))
        french = Client().get(url(name, "fr", **kwargs))
        french_again = Client().get(url(name, "fr", **kwargs))
    assert (first["X-Public-Cache"], second["X-Public-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert (french["X-Public-Cache"], french_again["X-Public-Cache"]) == ("miss", "hit")
    assert "Stage cyber" in Page(french_again.content).main_text
    assert "Cyber intern" in Page(second.content).main_text
    # the headers every page carries are still there on a cached one
    assert second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["Content-Language"] == "en"


def test_a_change_to_a_vacancy_or_its_work_areas_shows_at_once(vacancy):
    page = url("detail", "en", reference=vacancy.reference)
    with time_machine.travel(EARLY, tick=False):
        Client().get(page)
        vacancy.title_en = "Cyber defence intern"
        vacancy.save()
        changed = Client().get(page)
        assert changed["X-Public-Cache"] == "miss"
        assert "Cyber defence intern" in Page(changed.content).main_text
        Client().get(page)
        WorkAreaFactory(vacancy=vacancy, title_en="Threat intelligence")
        area = Client().get(page)
        assert "Threat intelligence" in Page(area.content).main_text
        listing = Client().get(url("list", "en"))
        assert "Cyber defence intern" in Page(listing.content).main_text


def test_a_cached_open_page_does_not_outlive_the_deadline(vacancy):
    page = url("detail", "en", reference=vacancy.reference)
    with time_machine.travel(CLOSES_AT - dt.timedelta(seconds=3), tick=False):
        Client().get(page)
        assert Client().get(page)["X-Public-Cache"] == "hit"
    with time_machine.travel(CLOSES_AT, tick=False):
        after = Client().get(page)
    assert after["X-Public-Cache"] == "miss"
    assert "Applications are closed" in Page(after.content).main_text


def test_in_the_last_hour_a_page_lives_ten_seconds(vacancy):
    page = url("detail", "en", reference=vacancy.reference)
    start = CLOSES_AT - dt.timedelta(minutes=30)
    with time_machine.travel(start, tick=False):
        Client().get(page)
    with time_machine.travel(start + dt.timedelta(seconds=9), tick=False):
        assert Client().get(page)["X-Public-Cache"] == "hit"
    with time_machine.travel(start + dt.timedelta(seconds=11), tick=False):
        assert Client().get(page)["X-Public-Cache"] == "miss"


def test_signed_in_visitors_and_sessions_always_get_a_fresh_page(vacancy):
    page = url("detail", "en", reference=vacancy.reference)
    with time_machine.travel(EARLY, tick=False):
        Client().get(page)
        candidate = Client()
        candidate.force_login(CandidateFactory().user)
        response = candidate.get(page)
        assert "X-Public-Cache" not in response
        assert "Sign out" in Page(response.content).text
        with_session = Client()
        with_session.cookies["sessionid"] = "anything"
        assert "X-Public-Cache" not in with_session.get(page)
        anonymous = Client().get(page)
        assert anonymous["X-Public-Cache"] == "hit"
        assert "Sign out" not in Page(anonymous.content).text


def test_a_missing_page_is_not_cached():
    with time_machine.travel(EARLY, tick=False):
        assert Client().get(url("detail", "en", reference="999999")).status_code == 404
        again = Client().get(url("detail", "en", reference="999999"))
    assert again.status_code == 404
    assert again.get("X-Public-Cache") != "hit"
