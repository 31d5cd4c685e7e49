"""Production logs: one JSON object per line, without query strings."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

from django.test import RequestFactory

from recruitment.logs import JsonFormatter


def record(message="hello %s", args=("world",), **extra) -> logging.LogRecord:
    made = logging.LogRecord("recruitment.test", logging.WARNING, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(made, key, value)
    return made


def test_a_record_is_one_line_of_json_with_its_extra_fields():
    line = JsonFormatter().format(record(email_id=42, outcome="sent"))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "hello world"
    assert (entry["level"], entry["logger"]) == ("WARNING", "recruitment.test")
    assert entry["time"].endswith("+00:00")
    assert (entry["email_id"], entry["outcome"]) == (42, "sent")


def test_a_request_is_logged_as_method_and_path_never_its_query_string():
    request = RequestFactory().get("/admin/applicants/application/?q=jane.doe%40example.org")
    entry = json.loads(JsonFormatter().format(record(request=request, status_code=404)))
    assert (entry["method"], entry["path"]) == ("GET", "/admin/applicants/application/")
    assert "jane.doe" not in json.dumps(entry)


def test_an_exception_is_kept_with_its_traceback():
    try:
        raise RuntimeError("the pool step crashed")
    except RuntimeError:
        made = record()
        made.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(made))
    assert "RuntimeError: the pool step crashed" in entry["exception"]


def test_production_settings_choose_json():
    output = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='recruitment.settings'; "
            "django.setup(); from django.conf import settings; "
            "print(settings.LOGGING['handlers']['console']['formatter'])",
        ],
        env={
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "example.org",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert output.stdout.strip() == "json"
