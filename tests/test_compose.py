from __future__ import annotations

import http.client
import http.server
import re
import shutil
import socket
import subprocess
import threading
import time
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


def test_the_proxy_keeps_the_scheme_a_load_balancer_forwarded():
    [forwarded_proto] = [
        args.split()[1]
        for args in _nginx_directives("proxy_set_header")
        if args.split()[0].lower() == "x-forwarded-proto"
    ]
    source = NGINX_CONF.read_text()
    block = re.search(
        rf"map \$http_x_forwarded_proto {re.escape(forwarded_proto)} \{{(.*?)\}}", source, re.DOTALL
    )
    assert block, f"{forwarded_proto} is not mapped from the incoming X-Forwarded-Proto"
    values = dict(re.findall(r"^\s*(\S+)\s+(\S+);", block.group(1), re.MULTILINE))

    # a TLS load balancer's https survives nginx's own http; without one, nginx's scheme
    assert values["default"] == "$http_x_forwarded_proto"
    assert values['""'] == "$scheme"


class _Upstream(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers with the X-Forwarded-Proto it received."""

    def do_GET(self):
        body = (self.headers.get("X-Forwarded-Proto") or "").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def proxy(tmp_path):
    """deploy/nginx.conf run by the local nginx, in front of a stand-in for gunicorn."""
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = _free_port()
    site = (
        NGINX_CONF.read_text()
        .replace("server web:8000;", f"server 127.0.0.1:{upstream.server_port};")
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("/var/log/nginx/access.log", str(tmp_path / "access.log"))
    )
    (tmp_path / "default.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; daemon off;\n"
        "master_process off;\n"
        "events {}\n"
        f"http {{ client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};\n"
        f"include {tmp_path}/default.conf; }}\n"
    )
    checked = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        ["nginx", "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "error.log").read_text()
                assert time.monotonic() < deadline, "nginx did not start listening"
                time.sleep(0.05)  # nginx is another process: there is no clock to freeze here
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx not installed")
@pytest.mark.parametrize(
    ("sent", "passed_on"),
    [({"X-Forwarded-Proto": "https"}, "https"), ({}, "http")],
    ids=["behind-a-tls-load-balancer", "straight-to-nginx"],
)
def test_nginx_passes_on_the_scheme_the_client_used(proxy, sent, passed_on):
    connection = http.client.HTTPConnection("127.0.0.1", proxy, timeout=10)
    connection.request("GET", "/en/", headers=sent)
    response = connection.getresponse()

    assert response.status == 200
    assert response.read().decode() == passed_on


def test_long_exports_have_a_queue_and_a_worker_of_their_own():
    """Two ZIPs of dossiers must not keep the deadline job and the e-mails waiting."""
    from recruitment.celery import app

    def queue(task: str) -> str:
        return app.amqp.router.route({}, task)["queue"].name

    assert queue("applicants.tasks.build_dossier_export_task") == "bulk"
    assert queue("recruitment.tasks.process_deadlines_task") == "celery"
    assert queue("outbox.tasks.send_email_task") == "celery"
    compose = (ROOT / "docker-compose.yml").read_text()
    workers = re.findall(r"command: celery --app recruitment worker --queues (\S+)", compose)
    assert sorted(workers) == ["bulk", "celery"]
