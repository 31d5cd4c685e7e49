"""A new candidate's whole journey in a real browser, once in English and once in French.

Sign up, verify the e-mail address through the link in the e-mail, fill the profile, upload a
diploma, apply to an open vacancy and submit; then check the receipt page, the database, the
receipt e-mail (in the candidate's correspondence language) and the receipt PDF.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader, PdfWriter

from applicants.models import Application, Document, Education, Submission
from tests.factories import RecruitmentCycleFactory, VacancyFactory, WorkAreaFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-enough-passphrase-2026"


@dataclass(frozen=True)
class Words:
    """What the pages and the receipt e-mail say, in one language."""

    profile_heading: str
    profile_saved: str
    save_profile: str
    document_saved: str
    upload: str
    apply: str
    submit: str
    submitted_heading: str
    download_receipt: str
    receipt_subject: str


WORDS = {
    "en": Words(
        profile_heading="My profile",
        profile_saved="Your profile is saved.",
        save_profile="Save my profile",
        document_saved="Your document is saved.",
        upload="Upload",
        apply="Apply to this vacancy",
        submit="Submit my application",
        submitted_heading="Your application is submitted",
        download_receipt="Download the receipt (PDF)",
        receipt_subject="Application received: receipt {number}",
    ),
    "fr": Words(
        profile_heading="Mon profil",
        profile_saved="Votre profil est enregistré.",
        save_profile="Enregistrer mon profil",
        document_saved="Votre document est enregistré.",
        upload="Téléverser",
        apply="Postuler à cette offre de stage",
        submit="Soumettre ma candidature",
        submitted_heading="Votre candidature a été soumise",
        download_receipt="Télécharger l'accusé de réception (PDF)",
        receipt_subject="Candidature reçue : accusé de réception {number}",
    ),
}


@pytest.fixture
def open_vacancy():
    """A published vacancy of a cycle that closes in ten days, with two work areas."""
    closes_at = (timezone.now() + dt.timedelta(days=10)).replace(second=0, microsecond=0)
    cycle = RecruitmentCycleFactory(closes_at=closes_at)
    vacancy = VacancyFactory(cycle=cycle, closes_at=closes_at)
    WorkAreaFactory(
        vacancy=vacancy, position=1, title_en="Public diplomacy", title_fr="Diplomatie publique"
    )
    WorkAreaFactory(vacancy=vacancy, position=2, title_en="Cyber defence", title_fr="Cyberdéfense")
    return vacancy


@pytest.fixture
def diploma_pdf(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    path = tmp_path / "diploma.pdf"
    with path.open("wb") as file:
        writer.write(file)
    return path


def expect_language(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)


def sign_up_and_verify(page: Page, base: str, language: str, email: str) -> None:
    page.goto(f"{base}/{language}/accounts/signup/")
    expect_language(page, language)
    page.fill("[name=email]", email)
    page.fill("[name=password1]", PASSWORD)
    page.fill("[name=password2]", PASSWORD)
    page.locator("main form:has([name=password1]) button[type=submit]").click()

    # the verification is pending: a page says an e-mail was sent, and it is in the outbox
    page.wait_for_url(f"{base}/{language}/accounts/confirm-email/")
    expect_language(page, language)
    [verification] = [message for message in mail.outbox if message.to == [email]]
    link = re.search(rf"https?://\S+/{language}/accounts/confirm-email/[^/\s]+/", verification.body)
    assert link, verification.body
    assert link.group(0).startswith(base), link.group(0)

    page.goto(link.group(0))
    expect_language(page, language)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(lambda url: "/confirm-email/" not in url)

    if "/accounts/login/" in page.url:  # not signed in by the confirmation: sign in
        page.fill("[name=login]", email)
        page.fill("[name=password]", PASSWORD)
        page.locator("main form:has([name=password]) button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{base}/{language}/me/")
    page.wait_for_url(f"{base}/{language}/me/")  # signed in: no redirection to the login page


def fill_profile(page: Page, base: str, language: str, words: Words) -> None:
    page.goto(f"{base}/{language}/me/profile/")
    expect_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(words.profile_heading)

    page.fill("[name=first_name]", "Émilie")
    page.fill("[name=last_name]", "Lefèvre")
    page.fill("[name=date_of_birth]", "2001-05-14")
    page.fill("[name=phone]", "+32 2 707 41 11")
    page.check(f"[name=correspondence_language][value={language}]")
    page.select_option("[name=nationality_1]", "BE")
    page.select_option("[name=english_level]", "C1")
    page.select_option("[name=french_level]", "native")
    page.check("[name=it_skills][value=advanced]")
    page.check("[name=experience_research]")
    page.check("[name=experience_international_organisation]")
    page.check("[name=preferred_start][value=september]")

    page.select_option("[name=education-0-level]", "master")
    page.fill("[name=education-0-field_of_study]", "International relations")
    page.fill("[name=education-0-institution]", "KU Leuven")
    page.select_option("[name=education-0-country]", "BE")
    page.fill("[name=education-0-start_date]", "2019-09-15")
    page.fill("[name=education-0-end_date]", "2023-06-30")
    page.check("[name=education-0-status][value=completed]")

    page.get_by_role("button", name=words.save_profile).click()
    expect(page.locator(".messages")).to_contain_text(words.profile_saved)
    page.wait_for_url(f"{base}/{language}/me/profile/")


def upload_diploma(page: Page, base: str, language: str, words: Words, pdf) -> None:
    page.goto(f"{base}/{language}/me/documents/")
    expect_language(page, language)
    page.set_input_files("[name=file]", str(pdf))
    page.check("[name=kind][value=qualification]")
    page.select_option("[name=language]", "en")
    page.get_by_role("button", name=words.upload, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(words.document_saved)
    expect(page.locator("main table")).to_contain_text("diploma.pdf")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_new_candidate_signs_up_applies_and_gets_a_receipt(
    page: Page, live_server, open_vacancy, diploma_pdf, language
):
    base = live_server.url
    words = WORDS[language]
    email = f"e2e-{language}@example.org"
    vacancy = open_vacancy
    title = vacancy.title_en if language == "en" else vacancy.title_fr
    first_area = vacancy.work_areas.get(position=1)

    sign_up_and_verify(page, base, language, email)
    user = get_user_model().objects.get(email=email)

    fill_profile(page, base, language, words)
    candidate = user.candidate
    candidate.refresh_from_db()
    assert candidate.correspondence_language == language
    assert candidate.missing_for_submission() == []
    assert Education.objects.filter(candidate=candidate).count() == 1

    upload_diploma(page, base, language, words, diploma_pdf)
    document = Document.objects.get(candidate=candidate)
    assert (document.kind, document.language) == ("qualification", "en")

    # the vacancy page: apply
    page.goto(f"{base}/{language}/vacancies/{vacancy.reference}/")
    expect_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("button", name=words.apply).click()
    page.wait_for_url(re.compile(rf"/{language}/me/applications/[0-9a-f-]{{36}}/$"))
    expect_language(page, language)

    # the application form: answer, attach, declare, submit
    page.fill("[name=motivation]", "I would like to help NATO explain its work to the public.")
    page.select_option("[name=work_area_1]", str(first_area.pk))
    page.check(f"[name=documents][value='{document.pk}']")
    page.check("[name=declared_accurate]")
    page.check("[name=declared_no_generative_ai]")
    page.get_by_role("button", name=words.submit).click()
    page.wait_for_url(re.compile(rf"/{language}/me/applications/[0-9a-f-]{{36}}/receipts/1/$"))

    # the receipt page
    [submission] = Submission.objects.filter(application__candidate__user=user)
    application = Application.objects.get(candidate=candidate, vacancy=vacancy)
    assert application.status == Application.Status.SUBMITTED
    assert application.work_area_ranking == [first_area.pk]
    assert list(application.documents.all()) == [document]
    expect_language(page, language)
    expect(page.get_by_role("heading", level=1)).to_have_text(words.submitted_heading)
    main = page.locator("main")
    expect(main).to_contain_text(submission.receipt_number)
    expect(main).to_contain_text(title)
    expect(main).to_contain_text(vacancy.reference)

    # the receipt e-mail, in the candidate's correspondence language
    receipts = [message for message in mail.outbox if submission.receipt_number in message.subject]
    assert len(receipts) == 1, [message.subject for message in mail.outbox]
    [receipt_email] = receipts
    assert receipt_email.to == [email]
    assert receipt_email.subject == words.receipt_subject.format(number=submission.receipt_number)

    # the receipt PDF
    link = page.get_by_role("link", name=words.download_receipt)
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"receipt-{submission.receipt_number}.pdf"
    content = download.path().read_bytes()
    assert content.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(content)).pages) >= 1
