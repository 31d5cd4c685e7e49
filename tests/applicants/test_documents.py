from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from applicants.models import Application, Document, DocumentAccess
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    DocumentFactory,
    UserFactory,
    VacancyFactory,
    image_bytes,
    pdf_bytes,
)
from tests.html import Page
from vacancies.models import BRUSSELS

pytestmark = pytest.mark.django_db

DOCUMENTS_URL = "/en/me/documents/"


@pytest.fixture
def candidate(client):
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    return candidate


def upload(client, content: bytes, name: str = "diploma.pdf", **fields):
    data = {"kind": "qualification", "language": "en", **fields}
    data["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(DOCUMENTS_URL, data)


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def assert_nothing_stored(candidate, private_storage) -> None:
    media, uploads = private_storage
    assert not Document.objects.filter(candidate=candidate).exists()
    assert stored_files(media) == []
    assert list(uploads.iterdir()) == []


def test_a_pdf_is_stored_privately_under_a_generated_name(client, candidate, private_storage):
    content = pdf_bytes()

    response = upload(client, content, name="Diplôme master.pdf")

    assert response.status_code == 302
    document = Document.objects.get(candidate=candidate)
    assert document.original_name == "Diplôme master.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(content)
    import hashlib

    assert document.sha256 == hashlib.sha256(content).hexdigest()
    [stored] = stored_files(private_storage[0])
    assert stored.read_bytes() == content
    assert "Dipl" not in stored.name
    assert stored.name.endswith(".pdf")
    assert len(stored.stem) == 32


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(image_bytes("JPEG"), "image/jpeg"), (image_bytes("PNG"), "image/png")],
)
def test_images_are_accepted_by_their_content(client, candidate, content, content_type):
    upload(client, content, name="scan.pdf")  # the name does not matter

    assert Document.objects.get(candidate=candidate).content_type == content_type


def _truncated_pdf() -> bytes:
    content = pdf_bytes(pages=3)
    return content[: len(content) // 2]


REFUSED = {
    "empty": (b"", "The file is empty."),
    "executable named .pdf": (b"MZ\x90\x00\x03" + b"\x00" * 2000, "Only PDF, JPEG and PNG"),
    "ELF named .pdf": (b"\x7fELF\x02\x01\x01" + b"\x00" * 2000, "Only PDF, JPEG and PNG"),
    "HTML named .pdf": (b"<!doctype html><script>alert(1)</script>", "Only PDF, JPEG and PNG"),
    "zip named .pdf": (b"PK\x03\x04" + b"\x00" * 200, "Only PDF, JPEG and PNG"),
    "PDF followed by HTML": (
        pdf_bytes() + b"\n<html><script>alert(document.cookie)</script></html>",
        "content after its end",
    ),
    "truncated PDF": (_truncated_pdf(), "incomplete or damaged"),
    "encrypted PDF": (pdf_bytes(password="secret"), "protected by a password"),
    "PDF with JavaScript": (
        pdf_bytes().replace(
            b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
        ),
        "scripts",
    ),
    "truncated PNG": (image_bytes("PNG")[:60], "incomplete or damaged"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_upload_says_why_and_stores_nothing(client, candidate, private_storage, case):
    content, reason = REFUSED[case]

    response = upload(client, content)

    assert response.status_code == 400
    assert reason in Page(response.content).main_text
    assert_nothing_stored(candidate, private_storage)


def test_an_11_mb_file_is_refused_while_streaming(client, candidate, private_storage, settings):
    content = b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024)

    response = upload(client, content)

    assert response.status_code == 400
    assert "The file is larger than 10 MB. Reduce it" in Page(response.content).main_text
    assert_nothing_stored(candidate, private_storage)


def test_size_refusal_reads_in_french(client, candidate, private_storage):
    content = b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024)
    data = {"kind": "qualification", "language": "fr", "file": SimpleUploadedFile("a.pdf", content)}

    response = client.post("/fr/me/documents/", data)

    assert "Le fichier dépasse 10 Mo. Réduisez" in Page(response.content).main_text


def test_the_eleventh_document_is_refused(client, candidate, private_storage, settings):
    DocumentFactory.create_batch(10, candidate=candidate)
    before = sorted(stored_files(private_storage[0]))

    response = upload(client, pdf_bytes())

    assert response.status_code == 400
    assert "You already have 10 documents" in Page(response.content).main_text
    assert Document.objects.filter(candidate=candidate).count() == 10
    assert sorted(stored_files(private_storage[0])) == before
    assert list(private_storage[1].iterdir()) == []


def test_a_hostile_file_name_is_kept_only_as_clean_metadata(client, candidate, private_storage):
    response = upload(client, pdf_bytes(), name="../../etc/pa\r\nss\x00wd.pdf")

    assert response.status_code == 302
    document = Document.objects.get(candidate=candidate)
    # Django's parser already cuts the header at the CR; what is left carries no path
    assert document.original_name
    assert not set(document.original_name) & set("/\\\r\n\x00")
    assert ".." not in document.original_name
    [stored] = stored_files(private_storage[0])
    assert stored.is_relative_to(private_storage[0] / "documents")

    download = client.get(reverse("applicants:document", args=[document.public_id]))
    assert "\r" not in download["Content-Disposition"]
    assert "\n" not in download["Content-Disposition"]


def test_a_translation_must_name_its_original_and_be_in_english_or_french(client, candidate):
    response = upload(client, pdf_bytes(), kind="translation", language="de")

    text = Page(response.content).main_text
    assert "Choose the document this translates." in text
    assert "A translation must be in English or French." in text
    assert not Document.objects.exists()


def test_proof_of_studies_needs_its_dates(client, candidate):
    response = upload(
        client,
        pdf_bytes(),
        kind="proof_of_studies",
        studies_from="2025-09-01",
        studies_until="2024-06-30",
    )

    assert "The end date cannot be before the start date." in Page(response.content).main_text
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("language", "dates"),
    [("en", "1 September 2024 – 30 June 2025"), ("fr", "1 septembre 2024 – 30 juin 2025")],
)
def test_the_list_shows_the_studies_dates_as_the_rest_of_the_site(
    client, candidate, private_storage, language, dates
):
    DocumentFactory(
        candidate=candidate,
        kind="proof_of_studies",
        studies_from=dt.date(2024, 9, 1),
        studies_until=dt.date(2025, 6, 30),
    )

    response = client.get(f"/{language}/me/documents/")

    assert dates in Page(response.content).main_text


def test_the_owner_downloads_with_safe_headers(client, candidate):
    document = DocumentFactory(candidate=candidate, original_name="Diplôme.pdf")

    response = client.get(reverse("applicants:document", args=[document.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Dipl%C3%B4me.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_candidates_document_is_not_found(client, candidate, method):
    other = DocumentFactory()
    url = reverse("applicants:document", args=[other.public_id])
    delete_url = reverse("applicants:document_delete", args=[other.public_id])

    assert getattr(client, method)(url).status_code in (404, 405)
    assert client.post(delete_url).status_code == 404
    assert Document.objects.filter(pk=other.pk).exists()


def test_documents_are_not_found_for_anonymous_visitors(client):
    document = DocumentFactory()

    for url in [
        reverse("applicants:document", args=[document.public_id]),
        reverse("applicants:document_delete", args=[document.public_id]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_talent_acquisition_staff_download_and_are_logged(client):
    from django.contrib.auth.models import Permission

    document = DocumentFactory()
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_document"))
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    client.force_login(staff)

    response = client.get(reverse("applicants:document", args=[document.public_id]))

    assert response.status_code == 200
    [access] = DocumentAccess.objects.all()
    assert (access.document, access.user) == (document, staff)


def test_staff_without_the_permission_see_nothing(client):
    document = DocumentFactory()
    staff = UserFactory(is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    client.force_login(staff)

    assert client.get(reverse("applicants:document", args=[document.public_id])).status_code == 404
    assert not DocumentAccess.objects.exists()


def test_deleting_a_document_removes_its_file(
    client, candidate, private_storage, django_capture_on_commit_callbacks
):
    document = DocumentFactory(candidate=candidate)
    assert len(stored_files(private_storage[0])) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applicants:document_delete", args=[document.public_id]))

    assert response.status_code == 302
    assert not Document.objects.exists()
    assert stored_files(private_storage[0]) == []


def test_a_document_of_a_submitted_application_cannot_be_deleted(client, candidate):
    from applicants import services

    application = ApplicationFactory(candidate=candidate)
    services.submit_application(
        application=application, token=uuid.uuid4(), at=dt.datetime(2025, 6, 1, tzinfo=BRUSSELS)
    )
    document = application.documents.get()

    with time_machine.travel(dt.datetime(2025, 6, 2, tzinfo=BRUSSELS), tick=False):
        response = client.post(
            reverse("applicants:document_delete", args=[document.public_id]), follow=True
        )

    assert "part of a submitted application" in Page(response.content).main_text
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_document_submitted_then_unlinked_in_the_draft_cannot_be_deleted(client, candidate):
    """The submission counts, not what the draft links after it: the receipt names the file."""
    from applicants import services

    application = ApplicationFactory(candidate=candidate)
    submitted_with = application.documents.get()
    services.submit_application(
        application=application, token=uuid.uuid4(), at=dt.datetime(2025, 6, 1, tzinfo=BRUSSELS)
    )
    replacement = DocumentFactory(candidate=candidate)
    services.save_application_draft(
        application=application,
        fields={},
        documents=[replacement],
        at=dt.datetime(2025, 6, 1, 12, tzinfo=BRUSSELS),
    )

    with time_machine.travel(dt.datetime(2025, 6, 2, tzinfo=BRUSSELS), tick=False):
        refused = client.post(
            reverse("applicants:document_delete", args=[submitted_with.public_id]), follow=True
        )
        client.post(reverse("applicants:document_delete", args=[replacement.public_id]))

    assert application.reference in Page(refused.content).main_text
    assert Document.objects.filter(pk=submitted_with.pk).exists()
    assert not Document.objects.filter(pk=replacement.pk).exists()  # never submitted


def test_a_document_of_a_closed_draft_cannot_be_deleted_after_the_deadline(client, candidate):
    vacancy = VacancyFactory()
    application = ApplicationFactory(candidate=candidate, vacancy=vacancy)
    document = application.documents.get()

    with time_machine.travel(vacancy.closes_at, tick=False), translation.override("en"):
        response = client.post(
            reverse("applicants:document_delete", args=[document.public_id]), follow=True
        )

    assert "deadline for this vacancy passed" in Page(response.content).main_text
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_document_deleted_in_another_tab_is_just_no_longer_attached(candidate):
    """The form was checked with the document; it was deleted before the save ran."""
    from applicants import services

    application = ApplicationFactory(candidate=candidate)
    kept = application.documents.get()
    deleted_meanwhile = DocumentFactory(candidate=candidate)
    Document.objects.filter(pk=deleted_meanwhile.pk).delete()

    services.save_application_draft(
        application=application,
        fields={"motivation": "Still here."},
        documents=[kept, deleted_meanwhile],
        at=dt.datetime(2025, 6, 1, tzinfo=BRUSSELS),
    )

    application.refresh_from_db()
    assert application.motivation == "Still here."
    assert list(application.documents.all()) == [kept]
    links = Application.documents.through.objects.filter(application=application)
    assert list(links.values_list("document_id", flat=True)) == [kept.pk]


def test_deleting_a_document_asks_first(client, candidate, private_storage):
    document = DocumentFactory(candidate=candidate, original_name="diplôme.pdf")
    listing = Page(client.get(DOCUMENTS_URL).content)
    url = reverse("applicants:document_delete", args=[document.public_id])

    page = client.get(url)

    assert listing.find_all("a", href=url)  # a link to the question, not a button that deletes
    assert "“diplôme.pdf” will be deleted, the file too." in Page(page.content).main_text
    assert Document.objects.filter(pk=document.pk).exists()
    assert len(stored_files(private_storage[0])) == 1
