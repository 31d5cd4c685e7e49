"""Production logs: one JSON object per line, without query strings."""

from __future__ import annotations

import http.client
import importlib.util
import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import RequestFactory

from recruitment.logs import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent.parent


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


def test_gunicorn_logs_each_request_as_json_without_what_could_name_a_person(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    output = tmp_path / "gunicorn.out"
    environment = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "1", "LOG_LEVEL": "INFO"}
    with output.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "recruitment.wsgi", "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            status = _get_when_up(
                port,
                "/healthz?email=jane.doe%40example.org",
                {"Referer": "https://example.org/?name=Jane+Doe", "User-Agent": "jane-phone"},
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    lines = output.read_text().splitlines()

    entries = [json.loads(line) for line in lines]  # every line is JSON, errors included
    [access] = [entry for entry in entries if entry["logger"] == "gunicorn.access"]
    assert (access["method"], access["path"], access["status"]) == ("GET", "/healthz", status)
    assert isinstance(access["duration_ms"], int)
    for private in ("jane", "Jane", "127.0.0.1", "example.org"):
        assert private not in json.dumps(access), private


def _get_when_up(port: int, path: str, headers: dict[str, str]) -> int:
    for _attempt in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path, headers=headers)
            status = connection.getresponse().status
            connection.close()
            return status
        except ConnectionRefusedError:
            time.sleep(0.1)  # gunicorn is still starting: a port, not a clock, is awaited
    raise AssertionError("gunicorn did not start")


@pytest.mark.parametrize(
    ("cpu_max", "expected"),
    [("max 100000\n", None), ("200000 100000\n", 2), ("50000 100000\n", 1), (None, None)],
)
def test_gunicorn_counts_the_cores_a_container_may_use_not_the_hosts(tmp_path, cpu_max, expected):
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "deploy/gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    path = tmp_path / "cpu.max"
    if cpu_max is not None:
        path.write_text(cpu_max)

    cores = conf.available_cores(path)

    cpu_set = len(os.sched_getaffinity(0))
    assert cores == (min(cpu_set, expected) if expected else cpu_set)
