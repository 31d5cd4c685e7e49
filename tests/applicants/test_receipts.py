"""The receipt page and PDF show a snapshot in the reader's language, dates included."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from applicants import services
from tests.factories import ApplicationFactory, CandidateFactory, VacancyFactory
from tests.html import Page
from vacancies.models import BRUSSELS

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2025, 6, 20, 10, 0, tzinfo=BRUSSELS)


@pytest.fixture
def receipt(client):
    candidate = CandidateFactory()  # born 14 May 2001, studying 15 Sept 2023 to 30 June 2026
    client.force_login(candidate.user)
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory())
    services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    return reverse("applicants:receipt", kwargs={"public_id": application.public_id, "number": 1})


def html_instead_of_pdf(monkeypatch) -> list[str]:
    """Keep the HTML the PDF would be made from."""
    rendered = []

    def render_pdf(template_name, context, **options):
        rendered.append(render_to_string(template_name, context))
        return b"%PDF-"

    monkeypatch.setattr("applicants.views.render_pdf", render_pdf)
    return rendered


def test_the_receipt_page_shows_the_snapshot_dates_in_french(client, receipt):
    page = Page(client.get(receipt.replace("/en/", "/fr/", 1)).content)

    assert "14 mai 2001" in page.main_text
    assert "15 septembre 2023 – 30 juin 2026" in page.main_text
    assert "2001-05-14" not in page.main_text


def test_the_receipt_pdf_is_in_french_and_says_so(client, receipt, monkeypatch):
    rendered = html_instead_of_pdf(monkeypatch)

    client.get(receipt.replace("/en/", "/fr/", 1) + "receipt.pdf")

    [html] = rendered
    assert Page(html.encode()).find_all("html", lang="fr")
    assert "14 mai 2001" in html
    assert "2001-05-14" not in html


def test_the_receipt_and_its_pdf_label_it_skills_with_a_capital_in_french(
    client, receipt, monkeypatch
):
    rendered = html_instead_of_pdf(monkeypatch)
    french = receipt.replace("/en/", "/fr/", 1)

    page = Page(client.get(french).content)
    client.get(french + "receipt.pdf")

    [pdf] = rendered
    for text in (page.main_text, Page(pdf.encode()).text):
        assert "Compétences informatiques" in text
        assert "compétences informatiques" not in text


def test_a_snapshot_date_that_cannot_be_read_is_shown_as_it_is():
    from applicants.templatetags.receipts import snapshot_date

    assert snapshot_date("2001-05-14") == "14 May 2001"
    assert snapshot_date("sometime in 2001") == "sometime in 2001"
    assert snapshot_date(None) == ""
