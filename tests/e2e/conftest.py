"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Everything here is confined to the tests/e2e package, so the rest of the suite runs as before:

- Playwright's sync API keeps an asyncio loop running in the test thread for as long as the
  Playwright instance lives, and Django then refuses ORM calls from that thread (factories,
  assertions, the flush after each transactional test) unless DJANGO_ALLOW_ASYNC_UNSAFE is set.
  pytest-playwright starts Playwright once per session, which would leave the loop running
  for every test collected after this package. So Playwright and the browser are started per
  package here, and the variable is set only while this package runs: set for the whole
  session, it leaks into subprocesses such as tests/test_settings.py's
  `manage.py check --deploy`, which then fails with async.E001.
"""

from __future__ import annotations

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_calls_beside_playwright():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


# pytest-playwright's own fixtures, with package scope instead of session scope (see above)


@pytest.fixture(scope="package")
def playwright(_pw_api_request_contexts):
    from playwright.sync_api import sync_playwright

    instance = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(instance)
    yield instance
    instance.stop()


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def launch_browser(browser_type_launch_args, browser_type):
    def launch(**kwargs):
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser):
    instance = launch_browser()
    yield instance
    instance.close()


@pytest.fixture(scope="package")
def browser_context_args(pytestconfig, playwright, device, base_url, _pw_artifacts_folder):
    args = {}
    if device:
        args.update(playwright.devices[device])
    if base_url:
        args["base_url"] = base_url
    if pytestconfig.getoption("--video") in ("on", "retain-on-failure"):
        args["record_video_dir"] = _pw_artifacts_folder.name
    return args
