from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from applicants import services
from applicants.models import Application, Candidate, Document
from outbox.models import Email
from tests.factories import (
    ApplicationFactory,
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
def submitted(client, django_capture_on_commit_callbacks):
    cycle = RecruitmentCycleFactory(closes_at=CLOSES_AT)
    application = ApplicationFactory(
        vacancy=VacancyFactory(cycle=cycle), accommodation_request="Wheelchair access"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    client.force_login(application.candidate.user)
    return application


def test_my_data_is_complete_and_only_mine(client, submitted):
    other = ApplicationFactory(motivation="SOMEONE ELSE'S MOTIVATION")

    response = client.get("/en/me/data.json")

    assert response["Content-Disposition"] == 'attachment; filename="my-application-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == submitted.candidate.user.email
    assert data["profile"]["last_name"] == "Lefèvre"
    assert len(data["profile"]["education"]) == 1
    assert [document["sha256"] for document in data["documents"]] == [
        submitted.documents.get().sha256
    ]
    [application] = data["applications"]
    assert application["reference"] == submitted.reference
    assert application["accommodation_request"] == "Wheelchair access"
    assert application["submissions"][0]["snapshot"]["profile"]["last_name"] == "Lefèvre"
    assert len(data["emails"]) == 1
    assert other.candidate.user.email not in response.content.decode()
    assert "SOMEONE ELSE'S MOTIVATION" not in response.content.decode()


def test_deleting_the_account_is_refused_while_an_application_is_being_assessed(client, submitted):
    with time_machine.travel(CLOSES_AT, tick=False):
        page = Page(client.get("/en/me/delete/").content)
        response = client.post("/en/me/delete/", follow=True)

    assert "Your account cannot be deleted now" in page.main_text
    assert submitted.reference in page.main_text
    assert "is being assessed after the deadline" in Page(response.content).main_text
    assert Candidate.objects.filter(pk=submitted.candidate_id).exists()


def test_deleting_the_account_removes_everything_it_owns(
    client, submitted, private_storage, django_capture_on_commit_callbacks
):
    user = submitted.candidate.user
    media, _uploads = private_storage

    with time_machine.travel(BEFORE, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/me/delete/")

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not Candidate.objects.exists()
    assert not Application.objects.exists()
    assert not Document.objects.exists()
    assert not Email.objects.filter(to=user.email).exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []
    assert client.get("/en/me/").status_code == 302  # signed out


def test_e_mails_follow_the_account_not_the_address(client, submitted):
    """The candidate changes address; someone later signs up with the old one: the export
    and the deletion of each account find that account's e-mails, never the other's."""
    user = submitted.candidate.user
    old_address = user.email
    user.email = "new.address@example.org"
    user.save()
    EmailAddress.objects.filter(user=user).update(email=user.email)  # as allauth's change does
    newcomer = UserFactory(email=old_address)

    mine = json.loads(client.get("/en/me/data.json").content)["emails"]
    client.force_login(newcomer)
    theirs = json.loads(client.get("/en/me/data.json").content)["emails"]
    with time_machine.travel(BEFORE, tick=False):
        client.post("/en/me/delete/")

    assert [email["subject"] for email in mine] == [Email.objects.get(recipient=user).subject]
    assert theirs == []
    assert Email.objects.filter(recipient=user).exists()  # the newcomer's deletion left it
