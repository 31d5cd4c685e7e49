from __future__ import annotations

import datetime as dt
import re
import smtplib
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client, TestCase

from applicants.models import DocumentAccess
from outbox.models import Email
from outbox.services import drain_outbox
from tests.factories import TEST_PASSWORD, DivisionFactory, DocumentFactory, UserFactory
from tests.html import Page
from vacancies.models import FocalPoint

pytestmark = pytest.mark.django_db

STRONG = "a-long-enough-passphrase-2026"


def sign_up(client, email: str, password: str = STRONG, language: str = "en"):
    return post(
        client,
        f"/{language}/accounts/signup/",
        {"email": email, "password1": password, "password2": password},
    )


def post(client, url: str, data: dict):
    """Account e-mails go through the outbox: they leave once the request has committed."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def test_sign_up_requires_verifying_the_email_address(client):
    response = sign_up(client, "new.candidate@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    [email] = mail.outbox
    link = re.search(r"http://testserver(/en/accounts/confirm-email/[^/\s]+/)", email.body)
    assert link, email.body

    # not verified: the candidate pages are out of reach, even with the right password
    client.logout()
    login = client.post(
        "/en/accounts/login/", {"login": "new.candidate@example.org", "password": STRONG}
    )
    assert login["Location"] == "/en/accounts/confirm-email/"
    assert client.get("/en/me/").status_code == 302

    confirm = client.post(link.group(1))
    assert confirm.status_code == 302
    assert client.get("/en/me/").status_code == 200


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Verify your e-mail address"), ("fr", "Vérifiez votre adresse e-mail")],
)
def test_the_verification_page_is_in_sentence_case_as_the_rest_of_the_site(
    client, language, heading
):
    page = Page(client.get(f"/{language}/accounts/confirm-email/").content)

    assert page.main_text.startswith(heading)
    assert "Verify Your Email Address" not in page.text


def test_the_verification_email_is_in_the_users_language_with_an_html_part(client):
    sign_up(client, "nouvelle@example.org", language="fr")

    [email] = mail.outbox
    assert "/fr/accounts/confirm-email/" in email.body
    assert "Bonjour" in email.body
    html = email.alternatives[0][0]
    assert "Confirmer mon adresse e-mail" in html


def test_sign_up_works_while_the_mail_server_is_down_and_the_link_leaves_later(
    client, django_capture_on_commit_callbacks
):
    """The verification e-mail is queued in the outbox: the sign-up does not wait for SMTP,
    and once sent its link (a credential) is not kept in the database."""
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=smtplib.SMTPServerDisconnected("the mail server is down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = sign_up(client, "during.outage@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    queued = Email.objects.get(to="during.outage@example.org")
    assert queued.sent_at is None
    assert queued.recipient == get_user_model().objects.get(email="during.outage@example.org")

    drain_outbox(at=queued.next_attempt_at + dt.timedelta(minutes=1))

    [sent] = mail.outbox
    assert "/en/accounts/confirm-email/" in sent.body
    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert (queued.body_text, queued.body_html) == ("", "")
    assert queued.subject  # what was sent stays known, not the link


@pytest.mark.parametrize("password", ["short-pass1", "123456789012", "password1234"])
def test_weak_passwords_are_refused(client, password):
    response = sign_up(client, "weak@example.org", password=password)

    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="weak@example.org").exists()


def test_the_minimum_length_is_twelve_characters_and_said_so(client):
    response = sign_up(client, "weak@example.org", password="Sh0rt-pass!")

    assert "at least 12 characters" in Page(response.content).main_text


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    UserFactory(email="known@example.org")

    known = post(client, "/en/accounts/password/reset/", {"email": "known@example.org"})
    unknown = post(client, "/en/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # each address hears about it, so only its owner learns the answer
    assert sorted(email.to[0] for email in mail.outbox) == [
        "known@example.org",
        "nobody@example.org",
    ]


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="target@example.org")

    responses = [
        client.post("/en/accounts/login/", {"login": "target@example.org", "password": "wrong"})
        for _ in range(7)
    ]

    assert "Too many failed login attempts" in Page(responses[-1].content).main_text
    # while limited, even the right password is not tried
    good = client.post(
        "/en/accounts/login/", {"login": "target@example.org", "password": TEST_PASSWORD}
    )
    assert good.status_code == 200
    assert "Too many failed login attempts" in Page(good.content).main_text


def test_admin_sign_in_goes_through_allauth(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert (
        response["Location"].startswith("/admin/login/")
        or "/accounts/login/" in (response["Location"])
    )
    login = client.get("/admin/login/?next=/admin/")
    assert login.status_code == 302
    assert "/accounts/login/" in login["Location"]


def test_staff_without_two_factor_are_sent_to_set_it_up(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_staff_with_two_factor_reach_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200


def _talent_acquisition_without_two_factor():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Talent Acquisition"))
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    return user


def test_staff_without_two_factor_cannot_open_the_pool_or_a_candidates_document(client):
    document = DocumentFactory()
    client.force_login(_talent_acquisition_without_two_factor())

    for url in ("/fr/pool/", f"/en/me/documents/{document.public_id}/", "/en/me/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/2fa/totp/activate/" in response["Location"], url
    assert not DocumentAccess.objects.exists()


def test_staff_with_two_factor_open_the_pool_and_documents(client):
    document = DocumentFactory()
    staff = _talent_acquisition_without_two_factor()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    client.force_login(staff)

    assert client.get("/fr/pool/").status_code == 200
    assert client.get(f"/en/me/documents/{document.public_id}/").status_code == 200


def test_staff_without_two_factor_can_still_sign_out(client):
    client.force_login(_talent_acquisition_without_two_factor())

    response = client.post("/fr/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_candidates_and_focal_points_are_not_asked_for_two_factor(client):
    client.force_login(UserFactory())
    assert client.get("/en/me/").status_code == 200
    assert client.get("/fr/me/profile/").status_code == 200

    focal_point = UserFactory()
    FocalPoint.objects.create(division=DivisionFactory(), user=focal_point, language="fr")
    client.force_login(focal_point)
    assert client.get("/fr/pool/").status_code == 200


def test_a_candidate_cannot_reach_the_admin(client):
    client.force_login(UserFactory())

    response = client.get("/admin/")

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert client.get(response["Location"]).status_code in (200, 302, 403)


def test_account_pages_are_in_french_in_the_sites_look(client):
    page = Page(client.get("/fr/accounts/signup/").content)

    assert page.find_all("html", lang="fr")
    assert page.find_all("a", href="#main")
    assert "Programme de stages de l'OTAN" in page.text
    assert [tag for tag, _attrs in page.tags].count("h1") == 1
    assert "Création de compte" in page.main_text


def test_signed_in_pages_are_not_stored_by_caches(client):
    client.force_login(UserFactory())

    response = client.get("/en/me/")

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_login_rotates_the_session_key(client):
    UserFactory(email="rotate@example.org")
    client.get("/en/accounts/login/")
    client.session.save()
    before = client.session.session_key

    client.post("/en/accounts/login/", {"login": "rotate@example.org", "password": TEST_PASSWORD})

    assert client.session.session_key != before


def test_staff_can_set_up_totp_in_the_sites_look(client):
    UserFactory(email="staff@example.org", is_staff=True)
    signed_in = client.post(
        "/fr/accounts/login/", {"login": "staff@example.org", "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302

    setup_url = client.get("/admin/")["Location"].replace("/en/", "/fr/")
    # allauth asks for the password again before a second factor is set up
    reauthenticate = client.get(setup_url)["Location"]
    assert reauthenticate.startswith("/fr/accounts/reauthenticate/")
    client.post(reauthenticate, {"password": TEST_PASSWORD})

    response = client.get(setup_url)

    assert response.status_code == 200
    page = Page(response.content)
    assert page.find_all("html", lang="fr")
    assert page.find_all("a", href="#main")
    images = [attrs.get("src") or "" for tag, attrs in page.tags if tag == "img"]
    assert any(src.startswith("data:image/svg") for src in images)  # the QR code


def test_an_idle_staff_session_ends(client):
    import time_machine

    from tests.applicants.test_admin import staff

    user = staff()
    with time_machine.travel(0, tick=False) as traveller:
        client.force_login(user)
        assert client.get("/en/me/").status_code == 200
        traveller.shift(29 * 60)
        assert client.get("/en/me/").status_code == 200  # activity moves the window
        traveller.shift(29 * 60)
        assert client.get("/en/me/").status_code == 200
        traveller.shift(31 * 60)
        response = client.get("/en/me/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/en/me/").status_code == 302  # signed out for good


def _sign_in_from(address: str, language: str = "en"):
    # a new browser each time: a signed-in one would just be sent to its page
    return Client(HTTP_X_FORWARDED_FOR=address).post(
        f"/{language}/accounts/login/", {"login": "busy@example.org", "password": TEST_PASSWORD}
    )


def test_sign_ins_are_limited_per_candidate_address_behind_the_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="busy@example.org")

    # allauth allows 30 sign-ins a minute from one address
    assert {_sign_in_from("203.0.113.7").status_code for _ in range(30)} == {302}
    limited = _sign_in_from("203.0.113.7", language="fr")

    assert limited.status_code == 429
    assert "Trop de tentatives" in Page(limited.content).main_text
    # another candidate, behind the same proxy, is not held back
    assert _sign_in_from("198.51.100.20").status_code == 302


def test_without_the_proxy_count_every_candidate_shares_the_proxys_limit(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    UserFactory(email="busy@example.org")

    for _ in range(30):
        _sign_in_from("203.0.113.7")

    # what TRUSTED_PROXY_COUNT is for: the test client's address is the proxy's
    assert _sign_in_from("198.51.100.20").status_code == 429


def test_passwords_are_stored_with_argon2id_and_older_hashes_upgraded_at_sign_in(client, settings):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

    import recruitment.settings as project

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS  # the suite uses a fast one
    argon2id = "argon2$argon2id$v=19$m=19456,t=2,p=1$"
    assert make_password(STRONG).startswith(argon2id)
    user = UserFactory(email="older@example.org")
    user.password = PBKDF2PasswordHasher().encode(STRONG, PBKDF2PasswordHasher().salt())
    user.save()

    client.post("/en/accounts/login/", {"login": "older@example.org", "password": STRONG})

    user.refresh_from_db()
    assert user.password.startswith(argon2id)
    assert user.check_password(STRONG)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_signing_out_lands_on_the_vacancies_in_the_pages_language(client, language):
    client.force_login(UserFactory())

    response = client.post(f"/{language}/accounts/logout/")

    assert response["Location"] == f"/{language}/vacancies/"
