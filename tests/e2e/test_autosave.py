"""Drafts save themselves in a real browser: a moment after a change, at most every ten
seconds while the candidate keeps typing, and when the page is left before that.

The browser's clock is Playwright's (page.clock): timers run when the test says so.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from applicants.models import Application
from tests.factories import (
    TEST_PASSWORD,
    ApplicationFactory,
    RecruitmentCycleFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft() -> Application:
    closes_at = (timezone.now() + dt.timedelta(days=10)).replace(second=0, microsecond=0)
    vacancy = VacancyFactory(
        cycle=RecruitmentCycleFactory(closes_at=closes_at), closes_at=closes_at
    )
    return ApplicationFactory(vacancy=vacancy, motivation="")


def open_the_draft(page: Page, base: str, draft: Application) -> list:
    """Sign in, open the draft; returns the list the autosave requests will be added to."""
    page.goto(f"{base}/en/accounts/login/")
    page.fill("[name=login]", draft.candidate.user.email)
    page.fill("[name=password]", TEST_PASSWORD)
    page.locator("main form:has([name=password]) button[type=submit]").click()
    page.wait_for_url(f"{base}/en/me/")
    page.goto(f"{base}/en/me/applications/{draft.public_id}/")
    saves = []
    page.on(
        "request",
        lambda request: saves.append(request) if request.headers.get("x-autosave") else None,
    )
    return saves


def saved_motivation(draft: Application) -> str:
    return Application.objects.values_list("motivation", flat=True).get(pk=draft.pk)


def test_a_draft_saves_after_a_pause_and_at_most_every_ten_seconds(page: Page, live_server, draft):
    page.clock.install()
    saves = open_the_draft(page, live_server.url, draft)
    status = page.locator("[data-autosave-status]")

    page.fill("[name=motivation]", "First sentence.")
    page.clock.run_for(1000)
    assert saves == []  # still typing
    page.clock.run_for(600)
    expect(status).to_contain_text("Draft saved at")
    assert saved_motivation(draft) == "First sentence."

    page.fill("[name=motivation]", "First sentence. Second sentence.")
    page.clock.run_for(2000)
    assert len(saves) == 1  # ten seconds have not passed since the first save

    page.clock.run_for(8500)
    expect_saved(page, draft, "First sentence. Second sentence.")
    assert len(saves) == 2


def test_leaving_the_page_saves_what_was_typed_since_the_last_save(page: Page, live_server, draft):
    open_the_draft(page, live_server.url, draft)

    page.fill("[name=motivation]", "Typed, then the page was left at once.")
    page.goto(f"{live_server.url}/en/me/")

    expect_saved(page, draft, "Typed, then the page was left at once.")


def expect_saved(page: Page, draft: Application, motivation: str) -> None:
    # the save is the browser's request: wait for the server to have it, for at most 5 s
    for _attempt in range(50):
        if saved_motivation(draft) == motivation:
            return
        page.wait_for_timeout(100)
    assert saved_motivation(draft) == motivation
