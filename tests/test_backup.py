"""The backup and restore drill: bin/backup, then bin/restore into a fresh database."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from applicants import services
from applicants.models import Document, Submission
from tests.factories import ApplicationFactory
from vacancies.models import BRUSSELS

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
BEFORE = dt.datetime(2025, 6, 1, tzinfo=BRUSSELS)


def _url(name: str) -> str:
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{name}"
    )


@pytest.fixture
def fresh_database():
    name = f"restore_{uuid.uuid4().hex[:10]}"
    admin = _url("postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# where the scripts look for documents: each test says, the caller's environment does not
STORAGE_VARIABLES = {"MEDIA_DIR", "VAR_DIR", "AWS_STORAGE_BUCKET_NAME"}


def run(script: str, *args, project: Path = ROOT, cwd: Path | None = None, **env):
    inherited = {key: value for key, value in os.environ.items() if key not in STORAGE_VARIABLES}
    return subprocess.run(
        [str(project / "bin" / script), *map(str, args)],
        env={**inherited, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def installed(at: Path) -> Path:
    """A copy of the project's scripts, installed at `at`, as on a server."""
    (at / "bin").mkdir(parents=True)
    for script in ("backup", "restore"):
        shutil.copy2(ROOT / "bin" / script, at / "bin" / script)
    return at


def test_a_backup_restores_into_a_fresh_database_with_its_submissions_and_documents(
    private_storage, tmp_path, fresh_database
):
    media, _uploads = private_storage
    applications = [ApplicationFactory() for _ in range(3)]
    for application in applications:
        services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    document = Document.objects.first()
    backups = tmp_path / "backups"

    made = run(
        "backup", backups, DATABASE_URL=_url(settings.DATABASES["default"]["NAME"]), MEDIA_DIR=media
    )
    assert made.returncode == 0, made.stderr
    stamp = (
        next(backups.glob("backup-*.sha256")).name.removeprefix("backup-").removesuffix(".sha256")
    )
    restored_media = tmp_path / "restored-media"
    restored = run(
        "restore", backups, stamp, DATABASE_URL=_url(fresh_database), MEDIA_DIR=restored_media
    )
    assert restored.returncode == 0, restored.stderr

    with psycopg.connect(_url(fresh_database)) as connection:
        rows = connection.execute(
            "select s.receipt_number, s.snapshot_sha256 from applicants_submission s order by s.id"
        ).fetchall()
    expected = list(
        Submission.objects.order_by("id").values_list("receipt_number", "snapshot_sha256")
    )
    assert rows == expected
    assert len(rows) == 3
    copy = restored_media / document.file.name
    original = media / document.file.name
    assert copy.read_bytes() == original.read_bytes()

    # restoring twice is refused: never over a database that has tables
    again = run(
        "restore", backups, stamp, DATABASE_URL=_url(fresh_database), MEDIA_DIR=restored_media
    )
    assert again.returncode != 0
    assert "restore into an empty one" in again.stderr


def test_a_damaged_backup_is_refused_before_anything_is_restored(
    private_storage, tmp_path, fresh_database
):
    media, _uploads = private_storage
    backups = tmp_path / "backups"
    assert (
        run(
            "backup",
            backups,
            DATABASE_URL=_url(settings.DATABASES["default"]["NAME"]),
            MEDIA_DIR=media,
        ).returncode
        == 0
    )
    dump = next(backups.glob("database-*.dump"))
    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    stamp = dump.name.removeprefix("database-").removesuffix(".dump")
    refused = run(
        "restore", backups, stamp, DATABASE_URL=_url(fresh_database), MEDIA_DIR=tmp_path / "m"
    )
    assert refused.returncode != 0
    with psycopg.connect(_url(fresh_database)) as connection:
        tables = connection.execute(
            "select count(*) from information_schema.tables where table_schema = 'public'"
        ).fetchone()[0]
    assert tables == 0


def test_from_any_directory_the_documents_are_the_projects_var_media(tmp_path, fresh_database):
    server = installed(tmp_path / "srv" / "recruitment")
    document = server / "var" / "media" / "documents" / "cv.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.7 a candidate's CV")
    home = tmp_path / "home"  # cron runs the script from $HOME
    home.mkdir()
    backups = tmp_path / "backups"

    made = run(
        "backup",
        backups,
        project=server,
        cwd=home,
        DATABASE_URL=_url(settings.DATABASES["default"]["NAME"]),
    )
    assert made.returncode == 0, made.stderr
    [archive] = backups.glob("documents-*.tar.gz")
    with tarfile.open(archive) as documents:
        assert "./documents/cv.pdf" in documents.getnames()

    # restoring from elsewhere unpacks into the project's var/media too
    other_server = installed(tmp_path / "srv" / "restored")
    stamp = archive.name.removeprefix("documents-").removesuffix(".tar.gz")
    restored = run(
        "restore", backups, stamp, project=other_server, cwd=home, DATABASE_URL=_url(fresh_database)
    )
    assert restored.returncode == 0, restored.stderr
    copy = other_server / "var" / "media" / "documents" / "cv.pdf"
    assert copy.read_bytes() == document.read_bytes()
    assert not (home / "var").exists()


def test_a_backup_without_the_document_directory_stops_and_writes_nothing(tmp_path):
    backups = tmp_path / "backups"

    made = run(
        "backup",
        backups,
        DATABASE_URL=_url(settings.DATABASES["default"]["NAME"]),
        MEDIA_DIR=tmp_path / "no-such-directory",
    )

    assert made.returncode != 0
    assert f"no document directory at {tmp_path / 'no-such-directory'}" in made.stderr
    assert not backups.exists()


def test_with_documents_in_s3_a_backup_saves_the_database_only(tmp_path):
    backups = tmp_path / "backups"

    made = run(
        "backup",
        backups,
        DATABASE_URL=_url(settings.DATABASES["default"]["NAME"]),
        MEDIA_DIR=tmp_path / "no-such-directory",
        AWS_STORAGE_BUCKET_NAME="documents",
    )

    assert made.returncode == 0, made.stderr
    assert "S3 bucket documents" in made.stderr
    assert [path.name.split("-")[0] for path in sorted(backups.iterdir())] == [
        "backup",
        "database",
    ]
