from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import quote

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from applicants import services
from applicants.models import Application, Submission
from outbox.models import Email
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    DocumentFactory,
    RecruitmentCycleFactory,
    VacancyFactory,
    WorkAreaFactory,
)
from tests.html import Page
from vacancies.models import BRUSSELS

pytestmark = pytest.mark.django_db

CLOSES_AT = dt.datetime(2025, 6, 23, 0, 0, tzinfo=BRUSSELS)
BEFORE = dt.datetime(2025, 6, 20, 10, 0, tzinfo=BRUSSELS)
LAST_INSTANT = CLOSES_AT - dt.timedelta(microseconds=1)


@pytest.fixture
def candidate(client):
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    return candidate


@pytest.fixture
def cycle():
    return RecruitmentCycleFactory(closes_at=CLOSES_AT)


def application_url(application: Application, name: str = "application") -> str:
    return reverse(f"applicants:{name}", kwargs={"public_id": application.public_id})


def form_data(application: Application, **overrides) -> dict:
    data = {
        "motivation": application.motivation,
        "documents": [document.pk for document in application.documents.all()],
        "declared_accurate": "on",
        "declared_no_generative_ai": "on",
        "accommodation_request": "",
        "submit_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def submit(client, application: Application, **overrides):
    return client.post(
        application_url(application, "application_submit"), form_data(application, **overrides)
    )


# --- Applying and submitting ---------------------------------------------------------------


def test_apply_from_the_vacancy_page_creates_one_draft(client, candidate, cycle):
    vacancy = VacancyFactory(cycle=cycle)
    url = reverse("applicants:apply", kwargs={"reference": vacancy.reference})

    with time_machine.travel(BEFORE, tick=False):
        first = client.post(url)
        second = client.post(url)

    application = Application.objects.get()
    assert application.status == Application.Status.DRAFT
    assert application.cycle == cycle
    assert first["Location"] == second["Location"] == application_url(application)


def test_anonymous_visitor_is_asked_to_sign_in_to_apply(client, cycle):
    vacancy = VacancyFactory(cycle=cycle, closes_at=CLOSES_AT)

    with time_machine.travel(BEFORE, tick=False):
        page = Page(client.get(vacancy.get_absolute_url()).content)

    assert page.find_all(
        "a", href=f"/en/accounts/login/?next=/en/vacancies/{vacancy.reference}/apply/"
    )
    assert not page.find_all("input", name="csrfmiddlewaretoken")


def test_submitting_gives_a_receipt_page_email_and_pdf(
    client, candidate, cycle, django_capture_on_commit_callbacks
):
    candidate.correspondence_language = "fr"
    candidate.save()
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))

    with time_machine.travel(BEFORE, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = submit(client, application)

    submission = Submission.objects.get()
    assert response["Location"] == reverse(
        "applicants:receipt", kwargs={"public_id": application.public_id, "number": 1}
    )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.slot == 1
    assert application.latest_submission == submission
    assert submission.submitted_at == BEFORE
    assert submission.receipt_number == f"{application.reference}-1"

    page = Page(client.get(response["Location"]).content)
    assert submission.receipt_number in page.main_text
    assert "20 June 2025, 10:00 (Brussels time, UTC+2)" in page.main_text
    assert submission.snapshot_sha256 in page.main_text
    document = application.documents.get()
    assert document.sha256 in page.main_text

    [email] = mail.outbox
    assert email.to == [candidate.user.email]
    assert submission.receipt_number in email.subject
    assert email.subject == f"Candidature reçue : accusé de réception {submission.receipt_number}"
    assert submission.snapshot_sha256 in email.body
    assert email.alternatives
    assert "text/html" in email.alternatives[0][1]
    assert Email.objects.get().sent_at is not None

    pdf = client.get(response["Location"] + "receipt.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")


def test_an_incomplete_application_is_not_submitted_and_says_what_is_missing(
    client, candidate, cycle
):
    vacancy = VacancyFactory(cycle=cycle)
    WorkAreaFactory(vacancy=vacancy)
    application = ApplicationFactory(candidate=candidate, vacancy=vacancy, documents=[])
    candidate.nationalities = []
    candidate.save()

    with time_machine.travel(BEFORE, tick=False):
        response = submit(client, application, declared_no_generative_ai="", documents=[])
        page = Page(client.get(application_url(application)).content)

    assert response.status_code == 302
    assert not Submission.objects.exists()
    for problem in [
        "Profile: add at least one nationality.",
        "Choose at least one work area",
        "Attach a copy of your university qualifications or a proof of ongoing studies.",
        "Confirm that you did not use generative AI tools",
    ]:
        assert problem in page.main_text, problem
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_a_document_in_another_language_needs_its_translation(candidate, cycle):
    german = DocumentFactory(candidate=candidate, language="de", original_name="Zeugnis.pdf")
    application = ApplicationFactory(
        candidate=candidate, vacancy=VacancyFactory(cycle=cycle), documents=[german]
    )

    problems = services.submission_problems(application)
    assert any("Zeugnis.pdf" in problem for problem in problems)

    translation = DocumentFactory(
        candidate=candidate, kind="translation", language="en", translation_of=german
    )
    application.documents.add(translation)
    assert services.submission_problems(application) == []


def test_the_submit_button_saves_what_was_typed(client, candidate, cycle):
    application = ApplicationFactory(
        candidate=candidate, vacancy=VacancyFactory(cycle=cycle), motivation=""
    )

    with time_machine.travel(BEFORE, tick=False):
        submit(client, application, motivation="Typed just before clicking.")

    submission = Submission.objects.get()
    assert submission.snapshot["answers"]["motivation"] == "Typed just before clicking."


def test_extra_post_fields_are_ignored(client, candidate, cycle):
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))
    other = CandidateFactory()

    with time_machine.travel(BEFORE, tick=False):
        client.post(
            application_url(application),
            form_data(
                application,
                status="submitted",
                slot="1",
                candidate=str(other.pk),
                submitted_at="2020-01-01T00:00:00Z",
                cycle=str(RecruitmentCycleFactory().pk),
            ),
        )

    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.slot is None
    assert application.candidate == candidate
    assert application.submitted_at is None
    assert application.cycle == cycle


def test_line_breaks_count_once_as_the_browser_counts_them(client, candidate, cycle):
    """A textarea's maxlength counts a line break as one character; the browser sends it as
    two (CRLF). 3,000 characters typed are 3,000, not 3,050."""
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))
    typed = "\n".join(["x" * 58] * 50) + "\n" + "y" * 50  # 3,000 characters in a textarea

    with time_machine.travel(BEFORE, tick=False):
        response = client.post(
            application_url(application),
            form_data(application, motivation=typed.replace("\n", "\r\n")),
            headers={"X-Autosave": "1"},
        )

    assert len(typed) == 3000
    assert response.json()["saved"] is True, response.json()
    application.refresh_from_db()
    assert application.motivation == typed


def test_autosave_answers_in_json_and_saves_nothing_invalid(client, candidate, cycle):
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))
    headers = {"X-Autosave": "1"}

    with time_machine.travel(BEFORE, tick=False):
        saved = client.post(
            application_url(application),
            form_data(application, motivation="New words"),
            headers=headers,
        )
        refused = client.post(
            application_url(application),
            form_data(application, motivation="x" * 3001),
            headers=headers,
        )

    assert saved.json()["saved"] is True
    assert "not submitted yet" in saved.json()["message"]
    assert refused.status_code == 400
    assert refused.json()["saved"] is False
    application.refresh_from_db()
    assert application.motivation == "New words"


def test_an_autosave_names_the_save_it_made_as_the_page_does(client, candidate, cycle):
    """autosave.js puts back what was typed in a tab only onto the save it was typed on."""
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))
    with time_machine.travel(BEFORE, tick=False):
        before = Page(client.get(application_url(application)).content)
    with time_machine.travel(BEFORE + dt.timedelta(minutes=1), tick=False):
        saved = client.post(
            application_url(application),
            form_data(application, motivation="New words"),
            headers={"X-Autosave": "1"},
        )
        after = Page(client.get(application_url(application)).content)

    [form_before] = [f for f in before.find_all("form") if "data-autosave-restore" in f]
    [form_after] = [f for f in after.find_all("form") if "data-autosave-restore" in f]
    assert form_before["data-autosave-version"] != form_after["data-autosave-version"]
    assert saved.json()["version"] == form_after["data-autosave-version"]
    # health data is never kept in the browser
    [accommodation] = after.find_all("textarea", name="accommodation_request")
    assert "data-autosave-private" in accommodation


def test_a_signed_out_autosave_is_told_so_and_saves_nothing(client, candidate, cycle):
    application = ApplicationFactory(
        candidate=candidate, vacancy=VacancyFactory(cycle=cycle), motivation="Before"
    )
    client.logout()  # the session ended while the page was open

    with time_machine.travel(BEFORE, tick=False):
        draft = client.post(
            application_url(application),
            form_data(application, motivation="After"),
            headers={"X-Autosave": "1"},
        )
        profile = client.post(
            reverse("applicants:profile"), {"first_name": "After"}, headers={"X-Autosave": "1"}
        )

    # an object URL stays a 404 for a visitor who is not signed in, whoever's it is
    assert draft.status_code == 404
    assert profile.status_code == 401
    for response, page in ((draft, application_url(application)), (profile, "/en/me/profile/")):
        assert response.json()["saved"] is False
        assert response.json()["signed_out"] is True
        assert "you are signed out" in response.json()["message"]
        assert response.json()["sign_in_url"] == f"/en/accounts/login/?next={quote(page, '')}"
    with translation.override("fr"):
        french = client.post(
            application_url(application), form_data(application), headers={"X-Autosave": "1"}
        )
    assert "vous êtes déconnecté" in french.json()["message"]
    assert french.json()["sign_in_label"] == "Se connecter"
    application.refresh_from_db()
    assert application.motivation == "Before"


def test_a_form_sent_after_the_session_ended_leads_back_to_its_page(client, candidate, cycle):
    application = ApplicationFactory(
        candidate=candidate, vacancy=VacancyFactory(cycle=cycle), motivation="Before"
    )
    client.logout()

    with time_machine.travel(BEFORE, tick=False):
        response = client.post(
            application_url(application, "application_submit"),
            form_data(application, motivation="After"),
            headers={"Referer": f"http://testserver{application_url(application)}"},
        )
        elsewhere = client.post(
            application_url(application, "application_submit"),
            form_data(application),
            headers={"Referer": f"https://evil.example{application_url(application)}"},
        )

    assert response.status_code == 404
    [sign_in] = [a for a in Page(response.content).find_all("a") if "?next=" in a["href"]]
    assert sign_in["href"] == f"/en/accounts/login/?next={quote(application_url(application))}"
    [sign_in] = [a for a in Page(elsewhere.content).find_all("a") if "?next=" in a["href"]]
    assert sign_in["href"] == "/en/accounts/login/?next=/en/me/"
    assert not Submission.objects.exists()


# --- The cap -------------------------------------------------------------------------------


def _submitted(candidate, cycle, count: int) -> list[Application]:
    applications = [
        ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))
        for _ in range(count)
    ]
    for application in applications:
        services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    return applications


def test_a_fourth_submission_is_refused_and_a_withdrawal_frees_a_slot(client, candidate, cycle):
    first, *_rest = _submitted(candidate, cycle, 3)
    fourth = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))

    with time_machine.travel(BEFORE, tick=False):
        response = submit(client, fourth)
        page = Page(client.get(response["Location"]).content)
    assert "You have already submitted 3 applications in this recruitment cycle" in page.main_text
    assert "3 of 3 applications used in this recruitment cycle." in page.main_text
    fourth.refresh_from_db()
    assert fourth.status == Application.Status.DRAFT

    with time_machine.travel(BEFORE, tick=False):
        client.post(application_url(first, "application_withdraw"))
        submit(client, fourth)
        dashboard = Page(client.get(reverse("applicants:dashboard")).content)

    first.refresh_from_db()
    fourth.refresh_from_db()
    assert first.status == Application.Status.WITHDRAWN
    assert first.slot is None
    assert fourth.status == Application.Status.SUBMITTED
    assert fourth.slot == first.__class__.objects.get(pk=first.pk).slot or fourth.slot == 1
    assert "3 of 3 applications used" in dashboard.main_text


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("en", "You have used your 3 applications in this recruitment cycle. To apply here, "),
        ("fr", "Vous avez utilisé vos 3 candidatures de ce cycle de recrutement. Pour postuler "),
    ],
)
def test_with_all_applications_used_the_vacancy_page_says_to_withdraw_one(
    client, candidate, cycle, language, says
):
    _submitted(candidate, cycle, 3)
    vacancy = VacancyFactory(cycle=cycle, closes_at=CLOSES_AT)
    with translation.override(language):
        urls = [
            vacancy.get_absolute_url(),
            reverse("applicants:apply", kwargs={"reference": vacancy.reference}),
        ]

    with time_machine.travel(BEFORE, tick=False):
        pages = [Page(client.get(url).content) for url in urls]

    for page in pages:
        assert says in page.main_text
        assert page.find_all("a", href=f"/{language}/me/")


def test_with_a_slot_left_the_vacancy_page_just_offers_to_apply(client, candidate, cycle):
    _submitted(candidate, cycle, 2)
    vacancy = VacancyFactory(cycle=cycle, closes_at=CLOSES_AT)

    with time_machine.travel(BEFORE, tick=False):
        page = Page(client.get(vacancy.get_absolute_url()).content)

    assert "Apply to this vacancy" in page.main_text
    assert "You have used your" not in page.main_text


@pytest.mark.parametrize(
    ("language", "says", "button"),
    [
        ("en", "The deadline has passed", "Start my application"),
        ("fr", "La date limite est passée", "Commencer ma candidature"),
    ],
)
def test_a_closed_vacancys_apply_page_says_so_and_offers_no_button(
    client, candidate, cycle, language, says, button
):
    vacancy = VacancyFactory(cycle=cycle, closes_at=CLOSES_AT)
    with translation.override(language):
        url = reverse("applicants:apply", kwargs={"reference": vacancy.reference})

    with time_machine.travel(CLOSES_AT, tick=False):
        response = client.get(url)

    page = Page(response.content)
    assert says in page.main_text
    assert button not in page.main_text
    assert not page.find_all("button", **{"class": "button"})
    assert not Application.objects.exists()


def test_the_cap_counts_per_cycle(candidate, cycle):
    _submitted(candidate, cycle, 3)
    other_cycle = RecruitmentCycleFactory(closes_at=CLOSES_AT)

    [application] = _submitted(candidate, other_cycle, 1)

    assert application.__class__.objects.get(pk=application.pk).is_submitted


def test_the_database_refuses_a_fourth_slot_or_a_slot_twice(candidate, cycle):
    applications = _submitted(candidate, cycle, 3)
    fourth = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))

    taken = Application.objects.get(pk=applications[0].pk).slot
    for slot in (4, 0, None, taken):
        with pytest.raises(IntegrityError), transaction.atomic():
            Application.objects.filter(pk=fourth.pk).update(status="submitted", slot=slot)


def test_re_submitting_keeps_the_slot_and_adds_a_receipt(client, candidate, cycle):
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))

    with time_machine.travel(BEFORE, tick=False):
        submit(client, application)
        submit(client, application, motivation="Improved motivation")

    application.refresh_from_db()
    assert application.slot == 1
    assert [s.number for s in application.submissions.all()] == [1, 2]
    assert application.latest_submission.snapshot["answers"]["motivation"] == (
        "Improved motivation"
    )


def test_a_replayed_submit_gives_one_submission_and_one_email(
    client, candidate, cycle, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))
    data = form_data(application)

    with time_machine.travel(BEFORE, tick=False), django_capture_on_commit_callbacks(execute=True):
        first = client.post(application_url(application, "application_submit"), data)
        second = client.post(application_url(application, "application_submit"), data)

    assert first["Location"] == second["Location"]
    assert Submission.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_rolled_back_submission_sends_nothing(
    candidate, cycle, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))

    def submit_then_fail():
        with transaction.atomic():
            services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
            raise RuntimeError("something after the submission failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        submit_then_fail()

    assert callbacks == []
    assert mail.outbox == []
    assert not Email.objects.exists()
    assert not Submission.objects.exists()


# --- The deadline --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "closes_at",
    [
        CLOSES_AT,
        dt.datetime(2026, 1, 16, 0, 0, tzinfo=BRUSSELS),  # winter: UTC+1
        dt.datetime(2025, 10, 27, 0, 0, tzinfo=BRUSSELS),  # the day clocks go back
    ],
)
def test_accepted_until_the_last_instant_refused_at_midnight(client, candidate, closes_at):
    cycle = RecruitmentCycleFactory(closes_at=closes_at)
    on_time = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))
    late = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))

    with time_machine.travel(closes_at - dt.timedelta(microseconds=1), tick=False):
        submit(client, on_time)
    with time_machine.travel(closes_at, tick=False):
        response = submit(client, late)
        page = Page(client.get(response["Location"]).content)

    assert Submission.objects.get().application == on_time
    assert "Applications can no longer be created, changed, submitted or withdrawn" in (
        page.main_text
    )
    assert "This application is read-only." in page.main_text


def test_after_the_deadline_everything_is_read_only(client, candidate, cycle):
    application = ApplicationFactory(
        candidate=candidate, vacancy=VacancyFactory(cycle=cycle), motivation="Before"
    )
    with time_machine.travel(LAST_INSTANT, tick=False):
        submit(client, application)
    token = str(uuid.uuid4())

    with time_machine.travel(CLOSES_AT, tick=False):
        edit = client.post(application_url(application), form_data(application, motivation="After"))
        autosave = client.post(
            application_url(application),
            form_data(application, motivation="After"),
            headers={"X-Autosave": "1"},
        )
        withdraw = client.post(application_url(application, "application_withdraw"))
        resubmit = submit(client, application, motivation="After", submit_token=token)
        page = Page(client.get(application_url(application)).content)
        apply = client.post(
            reverse(
                "applicants:apply", kwargs={"reference": VacancyFactory(cycle=cycle).reference}
            ),
        )

    assert edit.status_code == 302
    assert autosave.status_code == 409
    assert withdraw.status_code == 302
    assert resubmit.status_code == 302
    application.refresh_from_db()
    assert application.motivation == "Before"
    assert application.status == Application.Status.SUBMITTED
    assert application.submissions.count() == 1
    assert "This application is read-only." in page.main_text
    assert not page.find_all("textarea")
    # nothing left to send: no form or button posts to the application's changing views
    targets = {form["action"] for form in page.find_all("form")}
    targets |= {button.get("formaction") for button in page.find_all("button")}
    assert not targets & {
        application_url(application, name)
        for name in ("application", "application_submit", "application_withdraw")
    }
    assert apply.status_code == 302
    assert Application.objects.filter(candidate=candidate).count() == 1


def test_a_withdrawal_is_refused_after_the_deadline(candidate, cycle):
    [application] = _submitted(candidate, cycle, 1)

    with pytest.raises(services.DeadlinePassed):
        services.withdraw_application(application=application, at=CLOSES_AT)


def test_a_change_let_through_in_time_is_recorded_in_time_however_late_it_is_written(
    candidate, cycle
):
    """A request that arrived at 23:59:59 may be written after midnight on a loaded server:
    the application records the time it was let through, as its receipt does."""
    draft, withdrawn = _submitted(candidate, cycle, 2)
    submitted = ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(cycle=cycle))

    with time_machine.travel(CLOSES_AT + dt.timedelta(seconds=2), tick=False):
        services.save_application_draft(
            application=draft, fields={"motivation": "In time"}, documents=[], at=LAST_INSTANT
        )
        services.withdraw_application(application=withdrawn, at=LAST_INSTANT)
        submission = services.submit_application(
            application=submitted, token=uuid.uuid4(), at=LAST_INSTANT
        )

    assert submission.submitted_at == LAST_INSTANT
    for application in (draft, withdrawn, submitted):
        application.refresh_from_db()
        assert application.updated_at == LAST_INSTANT
    assert draft.motivation == "In time"
    assert withdrawn.status == Application.Status.WITHDRAWN
    assert withdrawn.withdrawn_at == LAST_INSTANT
    assert (submitted.status, submitted.latest_submission) == (
        Application.Status.SUBMITTED,
        submission,
    )
    assert not Application.objects.filter(candidate=candidate, updated_at__gte=CLOSES_AT)


# --- Ownership -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_candidates_application_and_receipt_are_not_found(client, candidate, method, cycle):
    other = ApplicationFactory(vacancy=VacancyFactory(cycle=cycle))
    services.submit_application(application=other, token=uuid.uuid4(), at=BEFORE)
    receipt = reverse("applicants:receipt", kwargs={"public_id": other.public_id, "number": 1})

    for url in [
        application_url(other),
        application_url(other, "application_submit"),
        application_url(other, "application_withdraw"),
        receipt,
        receipt + "receipt.pdf",
    ]:
        response = getattr(client, method)(url)
        assert response.status_code in (404, 405), url
        assert other.candidate.last_name not in response.content.decode()

    other.refresh_from_db()
    assert other.status == Application.Status.SUBMITTED


def test_application_urls_are_not_found_for_anonymous_visitors(client, cycle):
    application = ApplicationFactory(vacancy=VacancyFactory(cycle=cycle))
    services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    receipt = reverse(
        "applicants:receipt", kwargs={"public_id": application.public_id, "number": 1}
    )

    for url in [
        application_url(application),
        receipt,
        receipt + "receipt.pdf",
        application_url(application, "application_submit"),
        application_url(application, "application_withdraw"),
    ]:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url).status_code == 404, url


# --- The snapshot --------------------------------------------------------------------------


def test_the_snapshot_does_not_change_when_the_profile_changes(candidate, cycle):
    [application] = _submitted(candidate, cycle, 1)
    submission = application.submissions.get()
    frozen = submission.snapshot

    candidate.first_name = "Changed"
    candidate.nationalities = ["US"]
    candidate.save()
    candidate.education.all().delete()

    submission.refresh_from_db()
    assert submission.snapshot == frozen
    assert submission.snapshot["profile"]["first_name"] == "Émilie"
    assert submission.snapshot["profile"]["nationalities"] == ["BE"]
    assert len(submission.snapshot["profile"]["education"]) == 1


def test_the_snapshot_leaves_the_accommodation_request_out(candidate, cycle):
    application = ApplicationFactory(
        candidate=candidate,
        vacancy=VacancyFactory(cycle=cycle),
        accommodation_request="SENTINEL-HEALTH-DETAIL",
    )

    submission = services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)

    assert "SENTINEL-HEALTH-DETAIL" not in str(submission.snapshot)
    assert submission.snapshot["answers"]["accommodation_requested"] is True
