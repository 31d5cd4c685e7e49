from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
def test_compose_file_is_valid_with_the_example_environment():
    result = subprocess.run(
        ["docker-compose", "--env-file", ".env.example", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr


def test_example_environment_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "recruitment" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()

    read = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z_]+)\"", settings_source))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, re.MULTILINE))
    assert read - listed == set()


NGINX_CONF = ROOT / "deploy" / "nginx.conf"
# variables that hold a query string, or a whole URL that may carry one
QUERY_VARIABLES = {"request", "request_uri", "args", "query_string", "http_referer"}


def _nginx_directives(name: str) -> list[str]:
    """The arguments of every `name ...;` directive, comments dropped."""
    source = re.sub(r"#[^\n]*", "", NGINX_CONF.read_text())
    return [args.strip() for args in re.findall(rf"(?:^|[;{{}}\s]){name}\s+([^;]*);", source)]


def _loggable_request_map() -> tuple[str, str]:
    source = NGINX_CONF.read_text()
    block = re.search(r"map \$request \$loggable_request \{(.*?)\}", source, re.DOTALL)
    assert block, "nginx.conf no longer maps $request to $loggable_request"
    pattern, value = re.search(r'"~([^"]+)"\s+"([^"]+)";', block.group(1)).groups()
    return pattern.replace("(?<", "(?P<"), value


def test_the_proxy_access_log_never_records_a_query_string():
    formats = dict(
        re.match(r"(\w+)\s+(.*)", args, re.DOTALL).groups()
        for args in _nginx_directives("log_format")
    )
    access_logs = _nginx_directives("access_log")
    assert access_logs, "without an access_log, nginx logs whole URLs in its default format"
    for access_log in access_logs:
        _path, *format_name = access_log.split()
        assert format_name, f"{access_log}: nginx's default format logs the whole URL"
        assert format_name[0] in formats
        logged = set(re.findall(r"\$(\w+)", formats[format_name[0]]))
        assert not logged & QUERY_VARIABLES
        assert not {name for name in logged if name.startswith("arg_")}

    # the request line it logs is cut before the query string
    pattern, value = _loggable_request_map()
    template = re.sub(r"\$(\w+)", r"\\g<\1>", value)
    for request, expected in [
        ("GET /en/eligibility/?date_of_birth=2001-02-03 HTTP/1.1", "GET /en/eligibility/ HTTP/1.1"),
        (
            "GET /admin/applicants/candidate/?q=Lef%C3%A8vre HTTP/2.0",
            "GET /admin/applicants/candidate/ HTTP/2.0",
        ),
        ("POST /fr/me/documents/ HTTP/1.1", "POST /fr/me/documents/ HTTP/1.1"),
    ]:
        assert re.match(pattern, request).expand(template) == expected


def test_an_upload_over_the_proxy_cap_gets_a_page_in_english_and_french():
    [error_page] = [args for args in _nginx_directives("error_page") if "413" in args.split()]
    uri = error_page.split()[-1]
    source = NGINX_CONF.read_text()
    location = re.search(rf"location = {re.escape(uri)} \{{(.*?)\}}", source, re.DOTALL)
    assert location, f"no location serves {uri}"
    [root] = re.findall(r"root\s+(\S+);", location.group(1))
    # docker-compose mounts the page where that location reads it
    compose = (ROOT / "docker-compose.yml").read_text()
    served_from = f"{root}{uri}"
    mounts = re.findall(r"- \./(\S+):(/\S+?)(?::ro)?$", compose, re.MULTILINE)
    [page] = [
        ROOT / local / served_from.removeprefix(mounted).lstrip("/")
        for local, mounted in mounts
        if served_from.startswith(mounted + "/")
    ]

    html = page.read_text()
    assert "10 MB" in html
    assert "10 Mo" in html
    assert 'lang="fr"' in html
