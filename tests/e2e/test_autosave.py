"""Drafts save themselves in a real browser: a moment after a change, at most every ten
seconds while the candidate keeps typing, and when the page is left before that; when the
session has ended, what was typed comes back after signing in again.

The browser's clock is Playwright's (page.clock): timers run when the test says so.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
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


def sign_in(page: Page, draft: Application) -> None:
    page.fill("[name=login]", draft.candidate.user.email)
    page.fill("[name=password]", TEST_PASSWORD)
    page.locator("main form:has([name=password]) button[type=submit]").click()


def open_the_draft(page: Page, base: str, draft: Application) -> list:
    """Sign in, open the draft; returns the list the autosave requests will be added to."""
    page.goto(f"{base}/en/accounts/login/")
    sign_in(page, draft)
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


def test_typed_after_the_session_ended_comes_back_after_signing_in(page: Page, live_server, draft):
    page.clock.install()
    open_the_draft(page, live_server.url, draft)
    page.fill("[name=motivation]", "Saved while signed in.")
    page.clock.run_for(1600)
    expect_saved(page, draft, "Saved while signed in.")

    Session.objects.all().delete()  # the session expired while the page was open
    page.fill("[name=motivation]", "Typed after the session ended.")
    page.fill("[name=accommodation_request]", "Health data, never kept in the browser.")
    page.clock.run_for(11_000)
    status = page.locator("[data-autosave-status]")
    expect(status).to_contain_text("Not saved: you are signed out")
    assert saved_motivation(draft) == "Saved while signed in."

    status.get_by_role("link", name="Sign in").click()
    sign_in(page, draft)
    page.wait_for_url(f"{live_server.url}/en/me/applications/{draft.public_id}/")

    expect(page.locator("[name=motivation]")).to_have_value("Typed after the session ended.")
    expect(page.locator("[name=accommodation_request]")).to_have_value("")
    page.clock.run_for(100)
    expect_saved(page, draft, "Typed after the session ended.")
    expect(status).to_contain_text("What you typed before signing in again is back in the form.")
    expect(status).to_contain_text("Draft saved at")


def test_the_profile_typed_after_the_session_ended_comes_back_too(page: Page, live_server, draft):
    page.clock.install()
    open_the_draft(page, live_server.url, draft)
    page.goto(f"{live_server.url}/en/me/profile/")
    Session.objects.all().delete()

    page.fill("[name=first_name]", "Typed-After-Expiry")
    page.clock.run_for(1600)
    status = page.locator("[data-autosave-status]")
    expect(status).to_contain_text("Not saved: you are signed out")
    status.get_by_role("link", name="Sign in").click()
    sign_in(page, draft)
    page.wait_for_url(f"{live_server.url}/en/me/profile/")

    expect(page.locator("[name=first_name]")).to_have_value("Typed-After-Expiry")
    page.clock.run_for(100)
    expect(status).to_contain_text("Saved at")
    draft.candidate.refresh_from_db()
    assert draft.candidate.first_name == "Typed-After-Expiry"


def test_a_submit_sent_after_the_session_ended_loses_nothing(page: Page, live_server, draft):
    open_the_draft(page, live_server.url, draft)
    Session.objects.all().delete()

    page.fill("[name=motivation]", "Typed, then submitted after the session ended.")
    page.get_by_role("button", name="Submit my application").click()
    expect(page.locator("h1")).to_have_text("Page not found")
    page.locator("main").get_by_role("link", name="Sign in").click()
    sign_in(page, draft)
    page.wait_for_url(f"{live_server.url}/en/me/applications/{draft.public_id}/")

    expect(page.locator("[name=motivation]")).to_have_value(
        "Typed, then submitted after the session ended."
    )
    expect_saved(page, draft, "Typed, then submitted after the session ended.")
    assert not draft.submissions.exists()  # submitting is the candidate's own act, again


def test_signing_out_forgets_what_was_typed(page: Page, live_server, draft):
    open_the_draft(page, live_server.url, draft)
    page.fill("[name=motivation]", "Typed on a shared computer.")
    kept = "autosave:" + f"/me/applications/{draft.public_id}/"  # in either language
    assert page.evaluate("key => sessionStorage.getItem(key)", kept)

    page.locator("header").get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    assert page.evaluate("key => sessionStorage.getItem(key)", kept) is None


def expect_saved(page: Page, draft: Application, motivation: str) -> None:
    # the save is the browser's request: wait for the server to have it, for at most 5 s
    for _attempt in range(50):
        if saved_motivation(draft) == motivation:
            return
        page.wait_for_timeout(100)
    assert saved_motivation(draft) == motivation


def test_switching_language_keeps_what_was_just_typed(page: Page, live_server, draft):
    """The save made on leaving may reach the server after the other language's page is
    shown (here it never does): that page puts back what was typed, and saves it."""
    open_the_draft(page, live_server.url, draft)
    page.goto(f"{live_server.url}/fr/me/applications/{draft.public_id}/")
    lost = []

    def lose_the_first_save(route):
        if route.request.headers.get("x-autosave") and not lost:
            lost.append(route.request)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", lose_the_first_save)
    page.fill("[name=motivation]", "Tapé, puis la langue a changé aussitôt.")
    page.locator("a[hreflang=en]").first.click()
    page.wait_for_url(f"{live_server.url}/en/me/applications/{draft.public_id}/")

    expect(page.locator("[name=motivation]")).to_have_value(
        "Tapé, puis la langue a changé aussitôt."
    )
    expect_saved(page, draft, "Tapé, puis la langue a changé aussitôt.")
    assert lost  # the leaving save was indeed lost
