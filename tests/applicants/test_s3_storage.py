"""Documents in a private S3 bucket, as production keeps them: a local moto S3 server stands in
for the bucket, and the storage options are the ones the settings module builds."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import boto3
import environ
import pytest
import urllib3
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from applicants.models import Document
from recruitment.settings import s3_document_storage
from tests.factories import CandidateFactory, DocumentFactory, pdf_bytes

pytestmark = pytest.mark.django_db


@dataclass
class Bucket:
    name: str
    endpoint: str
    s3: object  # a boto3 S3 client, to look at the bucket behind Django's back

    def keys(self) -> list[str]:
        listing = self.s3.list_objects_v2(Bucket=self.name)
        return [item["Key"] for item in listing.get("Contents", [])]

    def object_url(self, key: str) -> str:
        return f"{self.endpoint}/{self.name}/{key}"


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, private_storage, settings, monkeypatch):
    """A fresh private bucket, and the default storage pointed at it as settings.py does."""
    name = f"documents-{uuid.uuid4().hex[:12]}"
    environment = {
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {**settings.STORAGES, "default": s3_document_storage(environ.Env())}
    settings.DOCUMENT_DOWNLOADS = "signed-url"
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket=name)
    return Bucket(name=name, endpoint=s3_endpoint, s3=s3)


@pytest.fixture
def candidate(client):
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    return candidate


def upload(client, content: bytes, name: str) -> None:
    data = {"kind": "qualification", "language": "en"}
    data["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(reverse("applicants:documents"), data)
    assert response.status_code == 302


def download_url(document: Document) -> str:
    return reverse("applicants:document", args=[document.public_id])


def plain_get(url: str) -> urllib3.BaseHTTPResponse:
    return urllib3.request("GET", url, redirect=False, retries=False, timeout=5)


def test_an_upload_lands_in_the_bucket_under_a_generated_key_and_is_private(
    client, candidate, bucket
):
    content = pdf_bytes()

    upload(client, content, name="Diplôme master.pdf")

    document = Document.objects.get(candidate=candidate)
    [key] = bucket.keys()
    assert key == document.file.name
    assert key.startswith("documents/")
    assert key.endswith(".pdf")
    assert "Dipl" not in key
    assert bucket.s3.get_object(Bucket=bucket.name, Key=key)["Body"].read() == content
    # without a signature the bucket refuses: the object's ACL is private
    assert plain_get(bucket.object_url(key)).status == 403


def test_the_owner_is_sent_to_a_short_lived_signed_url_that_downloads_the_file(
    client, candidate, bucket
):
    content = pdf_bytes()
    upload(client, content, name="Diplôme.pdf")
    document = Document.objects.get(candidate=candidate)

    response = client.get(download_url(document))

    assert response.status_code == 302
    signed_url = response["Location"]
    assert signed_url.startswith(f"{bucket.endpoint}/{bucket.name}/documents/")
    query = parse_qs(urlsplit(signed_url).query)
    assert int(query["X-Amz-Expires"][0]) <= 300
    assert query["response-content-disposition"][0].startswith("attachment;")
    assert query["response-content-type"] == ["application/pdf"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]

    from_bucket = plain_get(signed_url)
    assert from_bucket.status == 200
    assert from_bucket.data == content
    assert from_bucket.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Dipl%C3%B4me.pdf" in from_bucket.headers["Content-Disposition"]
    assert from_bucket.headers["Content-Type"] == "application/pdf"


def test_the_signed_url_lives_as_long_as_configured(
    client, candidate, bucket, settings, monkeypatch
):
    monkeypatch.setenv("AWS_QUERYSTRING_EXPIRE", "60")
    settings.STORAGES = {**settings.STORAGES, "default": s3_document_storage(environ.Env())}
    upload(client, pdf_bytes(), name="diploma.pdf")

    response = client.get(download_url(Document.objects.get(candidate=candidate)))

    assert parse_qs(urlsplit(response["Location"]).query)["X-Amz-Expires"] == ["60"]


def test_another_candidate_gets_not_found_and_no_url(client, candidate, bucket):
    other = DocumentFactory()

    response = client.get(download_url(other))

    assert response.status_code == 404
    assert bucket.name not in response.content.decode()


def test_deleting_a_document_removes_its_object_after_commit(
    client, candidate, bucket, django_capture_on_commit_callbacks
):
    upload(client, pdf_bytes(), name="diploma.pdf")
    document = Document.objects.get(candidate=candidate)
    assert bucket.keys() == [document.file.name]

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("applicants:document_delete", args=[document.public_id]))
        assert bucket.keys() == [document.file.name]  # the row may still come back
    for callback in callbacks:
        callback()

    assert not Document.objects.exists()
    assert bucket.keys() == []


def test_stream_mode_sends_the_file_through_django(client, candidate, bucket, settings):
    settings.DOCUMENT_DOWNLOADS = "stream"
    content = pdf_bytes()
    upload(client, content, name="Diplôme.pdf")
    document = Document.objects.get(candidate=candidate)

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Dipl%C3%B4me.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "no-store" in response["Cache-Control"]
