from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from applicants.models import Candidate
from tests.factories import CandidateFactory, UserFactory
from tests.html import Page
from vacancies.models import BRUSSELS

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2025, 6, 1, 12, 0, tzinfo=BRUSSELS)


@pytest.fixture
def candidate(client):
    candidate = CandidateFactory(education=False, first_name="", last_name="")
    client.force_login(candidate.user)
    return candidate


def profile_data(**overrides) -> dict:
    data = {
        "first_name": "Jan",
        "last_name": "Kowalski",
        "date_of_birth": "2002-03-04",
        "phone": "+48 22 123 45 67",
        "correspondence_language": "fr",
        "nationality_1": "PL",
        "nationality_2": "UA",
        "nationality_3": "",
        "english_level": "C1",
        "french_level": "A2",
        "it_skills": "advanced",
        "experience_research": "on",
        "preferred_start": "march",
        "education-TOTAL_FORMS": "1",
        "education-INITIAL_FORMS": "0",
        "education-MIN_NUM_FORMS": "0",
        "education-MAX_NUM_FORMS": "10",
        "education-0-level": "bachelor",
        "education-0-field_of_study": "Political science",
        "education-0-institution": "Uniwersytet Warszawski",
        "education-0-country": "PL",
        "education-0-start_date": "2021-10-01",
        "education-0-end_date": "2024-06-30",
        "education-0-status": "completed",
        "languages-TOTAL_FORMS": "1",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "10",
        "languages-0-language": "de",
        "languages-0-level": "B2",
    }
    data.update(overrides)
    return data


def test_the_whole_profile_is_saved(client, candidate):
    with time_machine.travel(TODAY, tick=False):
        response = client.post("/en/me/profile/", profile_data())

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.full_name == "Jan Kowalski"
    assert [country.code for country in candidate.nationalities] == ["PL", "UA"]
    assert candidate.correspondence_language == "fr"
    assert candidate.experience_research is True
    assert candidate.education.get().institution == "Uniwersytet Warszawski"
    assert candidate.languages.get().language == "de"
    assert candidate.missing_for_submission() == []


@pytest.mark.parametrize(
    ("language", "overrides", "message"),
    [
        ("en", {"date_of_birth": "2030-01-01"}, "The date of birth cannot be in the future."),
        (
            "fr",
            {"date_of_birth": "2030-01-01"},
            "La date de naissance ne peut pas être dans le futur.",
        ),
        (
            "en",
            {"education-0-end_date": "2020-01-01"},
            "The end date cannot be before the start date.",
        ),
        (
            "fr",
            {"education-0-end_date": "2020-01-01"},
            "La date de fin ne peut pas être antérieure à la date de début.",
        ),
        (
            "en",
            {"education-0-status": "completed", "education-0-end_date": "2027-06-30"},
            "Completed studies cannot end in the future",
        ),
        ("en", {"phone": "call me"}, "Enter a phone number with its country code"),
        ("en", {"nationality_2": "PL"}, "Give each nationality once."),
        ("en", {"date_of_birth": "not a date"}, "Enter a valid date."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(
    client, candidate, language, overrides, message
):
    with time_machine.travel(TODAY, tick=False):
        response = client.post(f"/{language}/me/profile/", profile_data(**overrides))

    assert response.status_code == 400
    assert message in Page(response.content).main_text
    candidate.refresh_from_db()
    assert candidate.first_name == ""  # the valid parts were not saved either
    assert not candidate.education.exists()
    assert not candidate.languages.exists()


@pytest.mark.parametrize(
    ("language", "summary"),
    [
        ("en", "Education, New entry, Level – This field is required."),
        ("fr", "Formation, Nouvelle entrée, Niveau – Ce champ est obligatoire."),
    ],
)
def test_an_invalid_entry_alone_is_named_in_the_summary_at_the_top(
    client, candidate, language, summary
):
    """The entries are far down the page: the summary links to the field to correct."""
    data = profile_data(
        **{f"education-0-{name}": "" for name in ("level", "institution", "country")},
        **{"education-0-start_date": "", "education-0-end_date": "", "education-0-status": ""},
    )
    with time_machine.travel(TODAY, tick=False):
        response = client.post(f"/{language}/me/profile/", data)

    assert response.status_code == 400
    page = Page(response.content)
    assert summary in page.main_text
    assert page.find_all("a", href="#id_education-0-level")
    assert page.find_all("a", href="#id_education-0-status_0")
    candidate.refresh_from_db()
    assert candidate.first_name == ""


def test_autosave_saves_the_profile_and_says_so_without_calling_it_a_draft(client, candidate):
    with time_machine.travel(TODAY, tick=False):
        saved = client.post("/en/me/profile/", profile_data(), headers={"X-Autosave": "1"})
        refused = client.post(
            "/en/me/profile/",
            profile_data(date_of_birth="2030-01-01", first_name="Changed"),
            headers={"X-Autosave": "1"},
        )

    assert saved.json()["saved"] is True
    assert saved.json()["message"] == "Saved at 12:00."
    assert refused.status_code == 400
    assert refused.json()["saved"] is False
    assert "The date of birth cannot be in the future." in refused.json()["errors"]
    assert Candidate.objects.get(pk=candidate.pk).first_name == "Jan"


def profile_form_version(client) -> str:
    page = Page(client.get("/en/me/profile/").content)
    [form] = [form for form in page.find_all("form") if "data-autosave-restore" in form]
    return form["data-autosave-version"]


def test_the_profile_names_its_save_and_its_entries_for_autosave(client, candidate):
    """autosave.js puts back what was typed in a tab only onto the save it was typed on."""
    with time_machine.travel(TODAY, tick=False):
        empty = profile_form_version(client)
        saved = client.post("/en/me/profile/", profile_data(), headers={"X-Autosave": "1"})
        after_save = profile_form_version(client)
    entry = candidate.education.get()
    with time_machine.travel(TODAY, tick=False):  # the same instant: only the rows differ
        client.post(f"/en/me/profile/education/{entry.pk}/delete/")
        after_removal = profile_form_version(client)

    assert saved.json()["version"] == after_save
    assert len({empty, after_save, after_removal}) == 3


def test_extra_fields_cannot_change_whose_profile_it_is(client, candidate):
    other = CandidateFactory()

    with time_machine.travel(TODAY, tick=False):
        client.post("/en/me/profile/", profile_data(user=str(other.user.pk), id=str(other.pk)))

    candidate.refresh_from_db()
    other.refresh_from_db()
    assert candidate.user != other.user
    assert candidate.first_name == "Jan"
    assert other.first_name == "Émilie"


def test_entries_are_removed_by_their_own_button_and_only_their_owners(client, candidate):
    with time_machine.travel(TODAY, tick=False):
        client.post("/en/me/profile/", profile_data())
    entry = candidate.education.get()
    language = candidate.languages.get()
    other = CandidateFactory()

    for kind, pk in [("education", other.education.get().pk)]:
        assert client.post(f"/en/me/profile/{kind}/{pk}/delete/").status_code == 404
    assert client.post(f"/en/me/profile/education/{entry.pk}/delete/").status_code == 302
    assert client.post(f"/en/me/profile/languages/{language.pk}/delete/").status_code == 302

    assert not candidate.education.exists()
    assert not candidate.languages.exists()
    assert other.education.exists()


def test_autosave_gives_new_rows_their_ids_so_the_next_save_updates_them(client, candidate):
    with time_machine.travel(TODAY, tick=False):
        first = client.post("/en/me/profile/", profile_data(), headers={"X-Autosave": "1"})
        formsets = first.json()["formsets"]
        education_id = formsets["education"]["ids"]["0"]
        again = client.post(
            "/en/me/profile/",
            profile_data(
                **{
                    "education-INITIAL_FORMS": str(formsets["education"]["initial"]),
                    "education-0-id": str(education_id),
                    "education-0-field_of_study": "Law",
                    "languages-INITIAL_FORMS": str(formsets["languages"]["initial"]),
                    "languages-0-id": str(formsets["languages"]["ids"]["0"]),
                }
            ),
            headers={"X-Autosave": "1"},
        )

    assert again.json()["saved"] is True
    assert candidate.education.get().field_of_study == "Law"
    assert candidate.languages.count() == 1


def test_a_stale_page_that_repeats_an_entry_gets_a_message_not_an_error(client, candidate):
    with time_machine.travel(TODAY, tick=False):
        client.post("/en/me/profile/", profile_data())
        stale = client.post("/en/me/profile/", profile_data(), headers={"X-Autosave": "1"})

    assert stale.status_code in (400, 409)
    assert stale.json()["saved"] is False
    assert candidate.languages.count() == 1


@pytest.mark.parametrize(("first_page", "language"), [("/fr/me/", "fr"), ("/en/me/profile/", "en")])
def test_e_mails_go_out_in_the_language_the_candidate_signed_up_in(client, first_page, language):
    user = UserFactory()
    client.force_login(user)

    client.get(first_page)

    assert Candidate.objects.get(user=user).correspondence_language == language
