from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from tests.factories import (
    ApplicationFactory,
    RecruitmentCycleFactory,
    UserFactory,
    VacancyFactory,
    WorkAreaFactory,
)
from tests.html import Page
from vacancies.brussels_time import format_brussels
from vacancies.models import BRUSSELS, Vacancy
from vacancies.services import publish_vacancy

pytestmark = pytest.mark.django_db

SUMMER_CLOSE = dt.datetime(2025, 6, 23, 0, 0, tzinfo=BRUSSELS)
WINTER_CLOSE = dt.datetime(2026, 1, 16, 0, 0, tzinfo=BRUSSELS)
# 26 October 2025: clocks go back from 03:00 CEST to 02:00 CET
DST_DAY_CLOSE = dt.datetime(2025, 10, 27, 0, 0, tzinfo=BRUSSELS)


@pytest.mark.parametrize("closes_at", [SUMMER_CLOSE, WINTER_CLOSE, DST_DAY_CLOSE])
def test_open_until_the_last_microsecond_of_the_deadline_day(closes_at):
    vacancy = VacancyFactory.build(closes_at=closes_at)

    assert vacancy.is_open(at=closes_at - dt.timedelta(microseconds=1))
    assert not vacancy.is_open(at=closes_at)
    assert vacancy.deadline.date() == (closes_at - dt.timedelta(days=1)).date()


def test_deadline_reads_in_brussels_time_with_its_offset():
    summer = VacancyFactory.build(closes_at=SUMMER_CLOSE)
    winter = VacancyFactory.build(closes_at=WINTER_CLOSE)

    with translation.override("en"):
        assert format_brussels(summer.deadline) == "22 June 2025, 23:59 (Brussels time, UTC+2)"
        assert format_brussels(winter.deadline) == "15 January 2026, 23:59 (Brussels time, UTC+1)"
    with translation.override("fr"):
        assert format_brussels(summer.deadline) == (
            "22 juin 2025, 23:59 (heure de Bruxelles, UTC+2)"
        )


def test_open_queryset_uses_the_given_clock():
    vacancy = VacancyFactory(closes_at=SUMMER_CLOSE)
    VacancyFactory(closes_at=SUMMER_CLOSE, status=Vacancy.Status.DRAFT)

    just_before = SUMMER_CLOSE - dt.timedelta(microseconds=1)
    assert list(Vacancy.objects.open(at=just_before)) == [vacancy]
    assert list(Vacancy.objects.open(at=SUMMER_CLOSE)) == []


def test_publishing_is_refused_until_both_languages_are_complete():
    vacancy = VacancyFactory(status=Vacancy.Status.DRAFT, offer_fr="")
    WorkAreaFactory(vacancy=vacancy, position=1, tasks_fr="")

    with pytest.raises(ValidationError) as refusal:
        publish_vacancy(vacancy=vacancy)

    message = " ".join(refusal.value.messages)
    assert "what we offer (FR)" in message
    assert "work area 1: tasks (FR)" in message
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT


def test_publishing_a_complete_vacancy():
    vacancy = VacancyFactory(status=Vacancy.Status.DRAFT)

    publish_vacancy(vacancy=vacancy)

    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED


def test_the_database_refuses_a_published_vacancy_missing_a_translation():
    vacancy = VacancyFactory()

    with pytest.raises(IntegrityError):
        Vacancy.objects.filter(pk=vacancy.pk).update(description_fr=None)


def test_model_validation_names_what_is_missing():
    vacancy = VacancyFactory.build(title_fr="", cycle=RecruitmentCycleFactory())

    with pytest.raises(ValidationError) as refusal:
        vacancy.full_clean(exclude=["division"])

    assert "title (FR)" in " ".join(refusal.value.messages)


def test_closing_time_is_in_whole_minutes():
    vacancy = VacancyFactory.build(closes_at=SUMMER_CLOSE - dt.timedelta(seconds=1))

    with pytest.raises(ValidationError) as refusal:
        vacancy.clean()

    assert "closes_at" in refusal.value.message_dict


def test_reference_date_defaults_to_the_deadline_date():
    cycle = RecruitmentCycleFactory.build(closes_at=SUMMER_CLOSE)
    assert cycle.reference_date == dt.date(2025, 6, 22)

    cycle.eligibility_reference_date = dt.date(2025, 6, 1)
    assert cycle.reference_date == dt.date(2025, 6, 1)


def test_reference_is_unique():
    VacancyFactory(reference="250715")

    with pytest.raises(IntegrityError):
        VacancyFactory(reference="250715")


CLOSES_AT = dt.datetime(2025, 6, 23, tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    ("applied", "at", "settled"),
    [
        (False, dt.datetime(2025, 6, 1, tzinfo=BRUSSELS), []),
        (True, dt.datetime(2025, 6, 1, tzinfo=BRUSSELS), ["cycle"]),
        (False, dt.datetime(2025, 6, 23, tzinfo=BRUSSELS), ["closes_at"]),
        (True, dt.datetime(2025, 6, 23, tzinfo=BRUSSELS), ["cycle", "closes_at"]),
    ],
)
def test_the_cycle_settles_with_the_first_application_and_the_deadline_once_passed(
    applied, at, settled
):
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=CLOSES_AT))
    if applied:
        ApplicationFactory(vacancy=vacancy)

    assert vacancy.settled_fields(at=at) == settled


def test_the_admin_no_longer_offers_to_change_a_passed_deadline_or_the_cycle(client):
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=CLOSES_AT))
    ApplicationFactory(vacancy=vacancy)
    user = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client.force_login(user)
    url = f"/admin/vacancies/vacancy/{vacancy.pk}/change/"

    with time_machine.travel(CLOSES_AT - dt.timedelta(days=1), tick=False):
        before = Page(client.get(url).content)
    with time_machine.travel(CLOSES_AT, tick=False):
        after = Page(client.get(url).content)

    def fields(page: Page) -> set[str]:
        return {
            str(attrs.get("name"))
            for tag in ("input", "select")
            for attrs in page.find_all(tag)
            if attrs.get("type") != "hidden"
        }

    assert "cycle" not in fields(before)  # someone applied
    assert {"closes_at_0", "closes_at_1"} <= fields(before)
    assert not {"closes_at_0", "closes_at_1", "closes_at"} & fields(after)
