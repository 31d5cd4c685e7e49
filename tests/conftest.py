"""Test harness: PostgreSQL as in production, unless TEST_DB=sqlite asks for a quick run."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

QUICK_SQLITE_RUN = os.environ.get("TEST_DB") == "sqlite"


def _uses_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_sessionstart(session: pytest.Session) -> None:
    if _uses_postgresql():
        _require_postgresql_answers()
    elif not QUICK_SQLITE_RUN:
        pytest.exit(
            "The test suite runs on PostgreSQL, as production does. Run `make test` "
            "(it points DATABASE_URL at the local server), set DATABASE_URL=postgres://..., "
            "or set TEST_DB=sqlite for a quick run without the PostgreSQL-only tests.",
            returncode=3,
        )


def _require_postgresql_answers() -> None:
    import psycopg

    database = settings.DATABASES["default"]
    try:
        psycopg.connect(
            dbname="postgres",
            user=database["USER"],
            password=database["PASSWORD"],
            host=database["HOST"] or None,
            port=database["PORT"] or None,
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as error:
        where = f"{database['HOST'] or 'local socket'}:{database['PORT'] or 5432}"
        pytest.exit(
            f"PostgreSQL does not answer at {where} ({str(error).strip()}).\n"
            "Start it (pg_ctlcluster --skip-systemctl-redirect "
            "$(ls /etc/postgresql) main start), point DATABASE_URL at a running server, "
            "or run `TEST_DB=sqlite make test` for a quick run without the "
            "PostgreSQL-only tests.",
            returncode=3,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _uses_postgresql():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (TEST_DB=sqlite)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _uses_postgresql():
        return
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "TEST_DB=sqlite" in str(report.longrepr)
    ]
    terminalreporter.write_sep(
        "!",
        f"TEST_DB=sqlite: {len(skipped)} PostgreSQL-only tests were SKIPPED. "
        "This run proves nothing about them; CI runs them on PostgreSQL.",
        red=True,
        bold=True,
    )


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Every test stores files, and streams uploads, in its own directories."""
    media = tmp_path / "media"
    uploads = tmp_path / "upload-tmp"
    media.mkdir()
    uploads.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media), "base_url": None},
        },
    }
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads)
    return media, uploads


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 is slow by design; tests create hundreds of users
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a /fr/ request made by an earlier test
    leaves French active in the thread, and reverse() would then build /fr/ URLs."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seeded(db):
    """The two seed vacancies, loaded as `manage.py load_seed_vacancies` does."""
    from vacancies.services import load_seed_vacancies

    return load_seed_vacancies()
