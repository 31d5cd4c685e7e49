"""The pages fit a phone's width (375 CSS pixels) once the candidate is signed in, when the
header holds the most links, in English and in French (whose labels are longer)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 667}
SIGN_OUT = {"en": "Sign out", "fr": "Se déconnecter"}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_signed_in_page_does_not_scroll_sideways_on_a_phone(browser, live_server, language):
    client = Client()
    client.force_login(CandidateFactory().user)
    context = browser.new_context(viewport=PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()

    response = page.goto(f"{live_server.url}/{language}/me/")

    assert response.status == 200
    sign_out = page.locator("header button", has_text=SIGN_OUT[language]).bounding_box()
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= PHONE["width"]
    assert sign_out["x"] + sign_out["width"] <= PHONE["width"]
