"""Production mode is configured by the environment; each case runs in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7#kPq2!vR9zL4mW8nB3cT6yH1jF5gD0sA-eU+iO@pQ^rZ&wE*tY(uI)oP",
    "ALLOWED_HOSTS": "internships.example.org",
    "DATABASE_URL": "sqlite:////tmp/never-opened.sqlite3",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


@pytest.mark.parametrize(
    ("value", "refusal"),
    [("redirect", "either signed-url or stream"), ("signed-url", "needs documents in S3")],
)
def test_document_downloads_refuses_what_it_cannot_do(value, refusal):
    result = manage("check", env={"DOCUMENT_DOWNLOADS": value})

    assert result.returncode != 0
    assert refusal in result.stderr


def test_embedded_mode_starts_with_no_environment_at_all():
    result = manage("check", env={})

    assert result.returncode == 0, result.stderr


PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client()
plain = client.get("/en/")
secure = client.get("/en/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "headers": dict(secure.headers),
}))
"""


def test_production_responses_carry_transport_security_headers():
    clean_env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={
            **clean_env,
            **PRODUCTION,
            "DJANGO_SETTINGS_MODULE": "recruitment.settings",
            "ALLOWED_HOSTS": "testserver",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])

    assert probe["plain_status"] == 301
    assert probe["plain_location"].startswith("https://")
    headers = probe["headers"]
    assert headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
