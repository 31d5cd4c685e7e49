from __future__ import annotations

import io
import re
from unittest import mock

import pytest
from pypdf import PdfReader

from recruitment.lib import pdf as pdf_module
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, with line wraps and no-break spaces read as plain spaces."""
    return [
        re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages
    ]


@pytest.fixture
def notice_250715(client, seeded) -> list[str]:
    response = client.get("/fr/vacancies/250715/notice.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="nato-internship-250715.pdf"'
    assert response.content.startswith(b"%PDF-")
    return pdf_pages(response.content)


def test_notice_pdf_has_english_then_french(notice_250715):
    text = " ".join(notice_250715)

    english = text.index("NATO Internship - Public Diplomacy Division (PDD)")
    french = text.index("Programme de stages de l'OTAN - Division Diplomatie publique (PDD)")
    assert english < french
    assert text.index("What do we offer?") < french < text.index("Que propose l'OTAN ?")


def test_notice_pdf_keeps_french_accents(notice_250715):
    text = " ".join(notice_250715)

    for accented in [
        "Séance d'information sur le poste",
        "Compétences requises",
        "Acquis souhaitables",
        "À quoi ressemblera le travail au quotidien ?",
        "Organisation du Traité de l'Atlantique Nord".upper(),
        "1 286,09 EUR",
        "22 juin 2025, 23:59 (heure de Bruxelles, UTC+2)",
    ]:
        assert accented in text, accented


def test_every_page_carries_the_reference_and_its_number(notice_250715):
    total = len(notice_250715)
    assert total > 4
    for number, text in enumerate(notice_250715, start=1):
        assert "250715" in text
        assert f"Page {number} of {total}" in text or f"Page {number} sur {total}" in text


def test_notice_pdf_is_rendered_once_then_served_from_cache(client, seeded):
    with mock.patch.object(pdf_module, "_write_pdf", wraps=pdf_module._write_pdf) as write:
        first = client.get("/en/vacancies/250711/notice.pdf").content
        second = client.get("/fr/vacancies/250711/notice.pdf").content
        assert write.call_count == 1
        assert first == second

        vacancy = Vacancy.objects.get(reference="250711")
        vacancy.title_fr = "Un autre titre"
        vacancy.save()
        third = client.get("/en/vacancies/250711/notice.pdf").content
        assert write.call_count == 2
    assert "Un autre titre" in " ".join(pdf_pages(third))


def test_pdf_rendering_fetches_nothing_from_the_network(client, seeded):
    vacancy = Vacancy.objects.get(reference="250711")
    vacancy.description_en += "\n\n![tracker](http://169.254.169.254/latest/meta-data/)"
    vacancy.save()

    with mock.patch("urllib.request.OpenerDirector.open") as network:
        response = client.get("/en/vacancies/250711/notice.pdf")

    assert response.status_code == 200
    network.assert_not_called()
