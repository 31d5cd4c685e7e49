"""Sweeps over every URL: CSRF, open redirects, other people's objects, headers, errors."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import translation

from applicants import services
from applicants.models import Application, Document, Education, LanguageSkill
from recruitment.logs import JsonFormatter
from tests.applicants.test_admin import staff
from tests.factories import (
    TEST_PASSWORD,
    ApplicationFactory,
    CandidateFactory,
    DivisionFactory,
    UserFactory,
    VacancyFactory,
)
from tests.html import Page
from vacancies.models import BRUSSELS, FocalPoint

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2025, 6, 1, tzinfo=BRUSSELS)
SAMPLES = {"int": 1, "slug": "250715", "uuid": uuid.uuid4(), "str": "education", "path": "x"}


def named_urls() -> list[str]:
    """One concrete address for every named URL of the project (sample arguments)."""
    urls = set()
    for name, kwargs in _walk(get_resolver(), ""):
        try:
            with translation.override("en"):
                urls.add(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return sorted(urls)


def _walk(resolver: URLResolver, namespace: str):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            converters = getattr(pattern.pattern, "converters", {})
            groups = pattern.pattern.regex.groupindex
            kwargs = {}
            for group in groups:
                if group in converters:
                    kind = type(converters[group]).__name__.replace("Converter", "").lower()
                    kwargs[group] = SAMPLES.get(kind, "x")
                else:  # the admin's regular expressions
                    kwargs[group] = "applicants" if group == "app_label" else "1"
            yield f"{namespace}{pattern.name}", kwargs


def test_the_sweep_reaches_every_part_of_the_site():
    urls = named_urls()
    for expected in (
        "/admin/applicants/application/",
        "/en/me/applications/",
        "/en/pool/reservations/1/release/",
        "/en/accounts/login/",
        "/en/vacancies/250715/",
    ):
        assert any(url.startswith(expected) for url in urls), expected
    assert len(urls) > 100


# --- CSRF ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "candidate", "focal point", "talent acquisition"])
def test_every_post_without_a_csrf_token_is_refused(who):
    user = {
        "anonymous": lambda: None,
        "candidate": lambda: CandidateFactory().user,
        "focal point": _focal_point,
        "talent acquisition": lambda: staff("Talent Acquisition"),
    }[who]()
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    accepted = []
    for url in named_urls():
        response = client.post(url, {"anything": "x"})
        if response.status_code != 403 or b"CSRF" not in response.content:
            accepted.append((url, response.status_code))
    assert accepted == []


def _focal_point():
    user = UserFactory()
    FocalPoint.objects.create(division=DivisionFactory(), user=user)
    return user


# --- open redirects ------------------------------------------------------------------------

HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "\\\\evil.example",
    "http://testserver.evil.example/",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_in_never_redirects_off_the_site(target):
    UserFactory(email="redirect@example.org")
    client = Client()
    response = client.post(
        f"/en/accounts/login/?next={target}",
        {"login": "redirect@example.org", "password": TEST_PASSWORD, "next": target},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/"), location
    assert not location.startswith(("//", "/\\")), location
    assert "evil" not in location


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_out_never_redirects_off_the_site(target):
    client = Client()
    client.force_login(UserFactory())
    response = client.post("/en/accounts/logout/", {"next": target})
    assert "evil" not in response.get("Location", "")


# --- sessions ------------------------------------------------------------------------------


def test_the_session_cookie_is_http_only_and_same_site_from_sign_in():
    UserFactory(email="cookies@example.org")
    response = Client().post(
        "/en/accounts/login/", {"login": "cookies@example.org", "password": TEST_PASSWORD}
    )

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_signing_out_ends_the_session_on_the_server():
    client = Client()
    client.force_login(CandidateFactory().user)
    stolen = client.cookies["sessionid"].value

    client.post("/en/accounts/logout/")

    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies["sessionid"] = stolen
    response = replay.get("/en/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


# --- other people's objects ----------------------------------------------------------------


@pytest.fixture
def owner_objects():
    """Every object a candidate owns that has an address of its own."""
    application = ApplicationFactory()
    services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    candidate = application.candidate
    LanguageSkill.objects.create(candidate=candidate, language="de", level="B2")
    document = application.documents.get()
    public_id = application.public_id
    return [
        reverse("applicants:application", args=[public_id]),
        reverse("applicants:application_submit", args=[public_id]),
        reverse("applicants:application_withdraw", args=[public_id]),
        reverse("applicants:receipt", args=[public_id, 1]),
        reverse("applicants:receipt_pdf", args=[public_id, 1]),
        reverse("applicants:document", args=[document.public_id]),
        reverse("applicants:document_delete", args=[document.public_id]),
        reverse(
            "applicants:profile_entry_delete",
            args=["education", Education.objects.get(candidate=candidate).pk],
        ),
        reverse(
            "applicants:profile_entry_delete",
            args=["languages", LanguageSkill.objects.get(candidate=candidate).pk],
        ),
    ]


def test_the_owner_reaches_every_object_url(owner_objects):
    # the sweep below means something only if these addresses work for their owner
    application_url = owner_objects[0]
    owner = Application.objects.get().candidate.user
    client = Client()
    client.force_login(owner)
    for url in (application_url, owner_objects[3], owner_objects[5]):
        assert client.get(url).status_code == 200, url
    # the profile entries' delete addresses are real: the owner's POST removes the entry
    for url in owner_objects[-2:]:
        assert client.post(url).status_code == 302, url
    assert not Education.objects.exists()
    assert not LanguageSkill.objects.exists()


@pytest.mark.parametrize("who", ["another candidate", "focal point", "anonymous"])
def test_another_users_object_urls_are_not_found_with_any_method(owner_objects, who):
    client = Client()
    if who == "another candidate":
        client.force_login(CandidateFactory().user)
    elif who == "focal point":
        client.force_login(_focal_point())
    for url in owner_objects:
        for method in ("get", "post", "put", "delete"):
            response = getattr(client, method)(url)
            if who == "anonymous":
                assert response.status_code in (302, 404, 405), (url, method)
                if response.status_code == 302:
                    assert response["Location"].startswith("/en/accounts/login/")
            else:
                assert response.status_code in (404, 405), (url, method, response.status_code)
        if who != "anonymous":
            assert client.post(url).status_code == 404, url
    application = Application.objects.get()
    assert application.status == "submitted"
    assert Document.objects.count() == 1
    # the owner's profile entries survive every attempt
    assert Education.objects.filter(candidate=application.candidate).count() == 1
    assert LanguageSkill.objects.filter(candidate=application.candidate).count() == 1


# --- headers -------------------------------------------------------------------------------


def _pages(application) -> dict[str, list[str]]:
    return {
        "anonymous": [
            "/en/vacancies/",
            f"/fr/vacancies/{application.vacancy.reference}/",
            "/en/eligibility/",
            "/en/accounts/login/",
            "/fr/accounts/signup/",
            "/en/no-such-page/",
            "/healthz",
        ],
        "candidate": [
            "/en/me/",
            "/fr/me/profile/",
            "/en/me/documents/",
            reverse("applicants:application", args=[application.public_id]),
            reverse("applicants:receipt", args=[application.public_id, 1]),
            f"/en/vacancies/{application.vacancy.reference}/",
        ],
        "focal point": ["/en/pool/", "/fr/pool/reservations/"],
        "talent acquisition": [
            "/admin/",
            "/admin/applicants/application/",
            f"/admin/applicants/application/{application.pk}/change/",
        ],
    }


def test_every_response_carries_the_security_headers():
    application = ApplicationFactory(vacancy=VacancyFactory(reference="250715"))
    services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    users = {
        "anonymous": None,
        "candidate": application.candidate.user,
        "focal point": _focal_point(),
        "talent acquisition": staff("Talent Acquisition"),
    }
    for who, urls in _pages(application).items():
        client = Client()
        if users[who] is not None:
            client.force_login(users[who])
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404), (who, url, response.status_code)
            csp = response.get("Content-Security-Policy", "")
            assert "frame-ancestors 'none'" in csp, (who, url)
            assert "unsafe-inline" not in csp.split("script-src")[-1].split(";")[0], (who, url)
            assert response["X-Content-Type-Options"] == "nosniff", (who, url)
            assert response["Referrer-Policy"] == "same-origin", (who, url)
            assert response["X-Frame-Options"] == "DENY", (who, url)
            if users[who] is not None:
                assert "no-store" in response["Cache-Control"], (who, url)


def test_production_sends_hsts_for_a_year_and_redirects_to_https():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='recruitment.settings'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "example.org",
    }
    output = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    ).stdout.split()
    assert output == ["31536000", "True", "True", "True", "True"]


# --- errors --------------------------------------------------------------------------------


def test_an_error_shows_a_generic_page_with_an_id_and_logs_no_personal_data(settings, caplog):
    settings.ROOT_URLCONF = "tests.error_urls"
    settings.DEBUG = False
    user = CandidateFactory(first_name="Zoë", last_name="Secret-Surname").user
    client = Client(raise_request_exception=False)
    client.force_login(user)
    with caplog.at_level(logging.ERROR):
        response = client.post(
            "/boom/?email=zoe.private%40example.org",
            {"email": "zoe.private@example.org", "date_of_birth": "2001-05-14"},
        )
    assert response.status_code == 500
    page = Page(response.content)
    assert "Something went wrong on our side" in page.text
    assert "RuntimeError" not in page.source
    assert "Traceback" not in page.source
    assert "no-store" in response["Cache-Control"]
    ours = [record for record in caplog.records if record.name == "recruitment.errors"]
    assert len(ours) == 1
    error_id = ours[0].error_id
    assert error_id in page.text
    logged = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert "the view broke" in logged  # the error is there, with its traceback
    for private in ("zoe.private", "2001-05-14", "Secret-Surname", user.email, "sessionid"):
        assert private not in logged, private
    assert json.loads(JsonFormatter().format(ours[0]))["path"] == "/boom/"


def test_the_error_page_is_in_the_visitors_language(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="fr")
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Une erreur s’est produite" in Page(response.content).text
    assert Page(response.content).find_all("a", href="/fr/vacancies/")  # back in French
