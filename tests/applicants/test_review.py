"""Talent Acquisition's dossiers: built by a worker, in the language they were asked in."""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from applicants import services
from applicants.review import build_dossier_export, request_dossier_export
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory
from tests.html import Page
from vacancies.models import BRUSSELS

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2025, 6, 20, 10, 0, tzinfo=BRUSSELS)


@pytest.fixture
def html_instead_of_pdf(monkeypatch):
    """Each dossier's HTML, kept in the ZIP instead of its PDF."""

    def render_pdf(template_name, context, **options):
        return render_to_string(template_name, context).encode()

    monkeypatch.setattr("applicants.review.render_pdf", render_pdf)


def test_a_dossier_zip_asked_in_french_is_built_in_french_by_the_worker(html_instead_of_pdf):
    application = ApplicationFactory(vacancy=VacancyFactory())
    services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    with translation.override("fr"):  # the staff member's request
        export = request_dossier_export(
            application_ids=[application.pk], by=UserFactory(is_staff=True), at=BEFORE
        )

    with translation.override("en"):  # the worker knows no request
        build_dossier_export(export_id=export.pk)

    export.refresh_from_db()
    assert export.language == "fr"
    with export.file.open("rb") as archive:
        html = zipfile.ZipFile(io.BytesIO(archive.read())).read(
            f"dossier-{application.reference}.pdf"
        )
    page = Page(html)
    assert page.find_all("html", lang="fr")
    assert "Date de naissance" in page.text
    assert "14 mai 2001" in page.text


def test_a_dossier_shows_each_criterion_and_why_ta_changed_the_outcome(html_instead_of_pdf):
    from applicants.review import dossier_pdf
    from applicants.screening import override_outcome, screen_vacancy

    application = ApplicationFactory(vacancy=VacancyFactory())
    services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    screen_vacancy(vacancy=application.vacancy, at=BEFORE)
    application.refresh_from_db()
    override_outcome(
        assessment=application.assessment,
        verdict="ineligible",
        reason="Diploma not recognised.",
        by=UserFactory(is_staff=True, email="ta.officer@example.org"),
        at=BEFORE,
    )
    application.refresh_from_db()

    with translation.override("en"):
        page = Page(dossier_pdf(application=application, with_accommodation=False))

    assert "Not eligible (set by Talent Acquisition; the rules said Eligible)" in page.text
    assert "Met:" in page.text  # each criterion with its outcome
    assert "Eligible → Not eligible · Diploma not recognised." in page.text
