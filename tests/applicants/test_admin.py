"""Talent Acquisition's admin: who may see what, the list at scale, exports, review."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
import zipfile

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from applicants import services
from applicants.choices import LanguageLevel
from applicants.models import (
    Application,
    DocumentAccess,
    DossierExport,
    PoolEntry,
    ReviewDecision,
)
from applicants.screening import screen_vacancy
from recruitment.models import DeadlineRun
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    DocumentFactory,
    RecruitmentCycleFactory,
    UserFactory,
    VacancyFactory,
)
from tests.html import Page
from vacancies.models import BRUSSELS, FocalPoint

pytestmark = pytest.mark.django_db

CLOSES_AT = dt.datetime(2025, 6, 23, tzinfo=BRUSSELS)
BEFORE = dt.datetime(2025, 6, 1, tzinfo=BRUSSELS)
SENTINEL = "SENTINEL-ACCOMMODATION-7f3a"


def staff(*groups: str, **fields):
    user = UserFactory(is_staff=True, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def submitted():
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=CLOSES_AT))
    application = ApplicationFactory(
        vacancy=vacancy,
        accommodation_request=SENTINEL,
        candidate=CandidateFactory(first_name="Hélène", last_name="Lefèvre-Müller"),
    )
    services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    screen_vacancy(vacancy=vacancy, at=CLOSES_AT)
    application.refresh_from_db()
    return application


def people():
    focal_point = UserFactory()
    FocalPoint.objects.create(division=VacancyFactory().division, user=focal_point)
    return {
        "talent acquisition": staff("Talent Acquisition"),
        "focal point": focal_point,
        "candidate": CandidateFactory().user,
        "anonymous": None,
    }


RECRUITMENT_APPS = {"vacancies", "applicants", "eligibility", "recruitment"}


def admin_urls(application) -> list[str]:
    """Every admin page of the recruitment models: each list, the change page of an object
    of each, the add pages where adding is allowed, and the extra views."""
    DossierExport.objects.create(
        requested_by=application.candidate.user,
        requested_at=CLOSES_AT,
        application_ids=[application.pk],
    )
    urls = ["/admin/", "/admin/applicants/application/dashboard/"]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.app_label not in RECRUITMENT_APPS:
            continue
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        urls.append(base)
        if model_admin.has_add_permission.__func__ is admin.ModelAdmin.has_add_permission:
            urls.append(f"{base}add/")
        if model is not DossierExport and (first := model.objects.first()):
            urls.append(f"{base}{first.pk}/change/")
            urls.append(f"{base}{first.pk}/history/")
    urls.append(f"/admin/applicants/application/{application.pk}/dossier.pdf")
    return urls


ACTIONS = ["screen", "shortlist", "not_retained", "export_csv", "export_dossiers"]


def test_the_matrix_covers_every_action():
    assert sorted(admin.site._registry[Application].actions) == sorted(ACTIONS)


@pytest.mark.parametrize("who", ["talent acquisition", "focal point", "candidate", "anonymous"])
def test_the_permission_matrix(client, submitted, who):
    user = people()[who]
    urls = admin_urls(submitted)
    assert len(urls) > 25
    if user:
        client.force_login(user)
    document_url = reverse("applicants:document", args=[submitted.documents.get().public_id])

    statuses = {url: client.get(url).status_code for url in urls}
    actions = {
        action: client.post(
            "/admin/applicants/application/",
            {"action": action, "_selected_action": [submitted.pk]},
        ).status_code
        for action in ACTIONS
    }
    document = client.get(document_url)
    submitted.refresh_from_db()

    if who == "talent acquisition":
        assert set(statuses.values()) == {200}, statuses
        # the CSV is a download; the others go back to the list or to the export's page
        assert actions == {
            "screen": 302,
            "shortlist": 302,
            "not_retained": 302,
            "export_csv": 200,
            "export_dossiers": 302,
        }
        assert submitted.review_status == "not_retained"  # shortlisted, then not retained
        assert document.status_code == 200
        assert DocumentAccess.objects.filter(user=user).count() == 1
    else:
        # not staff: the admin sends to sign in (anonymous) or refuses (signed in)
        assert all(status in (302, 403) for status in statuses.values()), statuses
        assert all(status in (302, 403) for status in actions.values()), actions
        assert submitted.review_status == "screened"
        assert DossierExport.objects.count() == 1  # the fixture's, nothing more
        assert not ReviewDecision.objects.exists()
        assert document.status_code == 404
        assert not DocumentAccess.objects.exists()
        if user is None:
            assert all(client.get(url)["Location"].startswith("/admin/login/") for url in urls[:3])


def test_staff_outside_talent_acquisition_see_nothing(client, submitted):
    client.force_login(staff())

    assert client.get("/admin/applicants/application/").status_code == 403
    assert (
        client.get(
            reverse("applicants:document", args=[submitted.documents.get().public_id])
        ).status_code
        == 404
    )


def test_the_accommodation_request_needs_its_own_permission(client, submitted):
    client.force_login(staff("Talent Acquisition"))
    urls = [
        f"/admin/applicants/application/{submitted.pk}/change/",
        f"/admin/applicants/application/{submitted.pk}/dossier.pdf",
    ]
    assert all(SENTINEL not in client.get(url).content.decode(errors="ignore") for url in urls)
    assert SENTINEL not in client.post(
        "/admin/applicants/application/",
        {"action": "export_csv", "_selected_action": [submitted.pk]},
    ).content.decode("utf-8-sig")

    client.force_login(staff("Talent Acquisition", "Reasonable accommodation requests"))
    page = client.get(f"/admin/applicants/application/{submitted.pk}/change/")
    assert SENTINEL in page.content.decode()


def test_ta_sees_the_documents_as_submitted_not_as_the_draft_links_them_since(client):
    application = ApplicationFactory(vacancy=VacancyFactory(closes_at=CLOSES_AT))
    submitted_with = application.documents.get()
    services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    later = DocumentFactory(candidate=application.candidate, original_name="added-later.pdf")
    services.save_application_draft(
        application=application, fields={}, documents=[later], at=BEFORE
    )
    client.force_login(staff("Talent Acquisition"))

    page = client.get(f"/admin/applicants/application/{application.pk}/change/")

    assert str(submitted_with.public_id) in page.content.decode()
    assert "added-later.pdf" not in page.content.decode()


def test_the_document_access_log_cannot_be_edited(client, submitted):
    client.force_login(staff("Talent Acquisition"))
    client.get(reverse("applicants:document", args=[submitted.documents.get().public_id]))
    access = DocumentAccess.objects.get()

    page = client.get(f"/admin/applicants/documentaccess/{access.pk}/change/")
    client.post(f"/admin/applicants/documentaccess/{access.pk}/delete/", {"post": "yes"})

    assert 'name="_save"' not in page.content.decode()
    assert DocumentAccess.objects.filter(pk=access.pk).exists()


def test_the_applications_list_runs_a_bounded_number_of_queries(client, settings):
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=CLOSES_AT))
    for _ in range(500):
        application = ApplicationFactory(vacancy=vacancy, documents=[])
        ApplicationFactory._meta.model.objects.filter(pk=application.pk).update(
            status="submitted", slot=1, submitted_at=BEFORE
        )
    screen_vacancy(vacancy=vacancy, at=CLOSES_AT)
    client.force_login(staff("Talent Acquisition"))
    client.get("/admin/")  # the session's first request records its activity, once

    for url in [
        "/admin/applicants/application/",
        "/admin/applicants/application/?outcome=eligible&nationality=BE",
        "/admin/applicants/application/?q=Lef&o=-10",
    ]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(queries) <= 10, (url, len(queries))


def test_csv_export_keeps_french_accents(client, submitted):
    client.force_login(staff("Talent Acquisition"))

    response = client.post(
        "/admin/applicants/application/",
        {"action": "export_csv", "_selected_action": [submitted.pk]},
    )

    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["first_name"] == "Hélène"
    assert rows[0]["last_name"] == "Lefèvre-Müller"
    assert rows[0]["eligibility"] == "eligible"


def test_review_decisions_and_notes_are_kept_with_who_and_when(client, submitted):
    user = staff("Talent Acquisition")
    client.force_login(user)
    url = f"/admin/applicants/application/{submitted.pk}/change/"

    refused = client.post(url, {"new_review_status": "selected", "note": "Too early."})
    client.post(url, {"new_review_status": "shortlisted", "note": "Strong writer."})
    client.post(url, {"new_review_status": "", "note": "Called on 3 July."})

    submitted.refresh_from_db()
    assert submitted.review_status == "shortlisted"
    # refused on the form, shown again with what was typed: not "changed successfully"
    assert refused.status_code == 200
    assert "cannot become" in refused.content.decode()
    assert "Too early." in refused.content.decode()
    assert "successfully" not in refused.content.decode()
    decisions = list(
        ReviewDecision.objects.values_list("previous_status", "status", "note", "decided_by")
    )
    assert decisions == [
        ("screened", "shortlisted", "Strong writer.", user.pk),
        ("shortlisted", "shortlisted", "Called on 3 July.", user.pk),
    ]
    history = Page(client.get(url).content).text
    assert "Strong writer." in history
    assert "Called on 3 July." in history


def test_bulk_shortlisting_skips_what_is_not_allowed(client, submitted):
    draft = ApplicationFactory(vacancy=submitted.vacancy)
    client.force_login(staff("Talent Acquisition"))

    response = client.post(
        "/admin/applicants/application/",
        {"action": "shortlist", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )

    assert "1 application marked “Shortlisted”. 1 left as it was" in Page(response.content).text
    submitted.refresh_from_db()
    assert submitted.review_status == "shortlisted"


@pytest.mark.django_db(transaction=True)
def test_a_review_decision_takes_its_own_transaction(submitted):
    """As an admin action runs it, outside any transaction: the lock needs one."""
    from applicants.review import decide_review

    decide_review(
        application=submitted,
        status="shortlisted",
        note="",
        by=staff("Talent Acquisition"),
        at=CLOSES_AT,
    )

    submitted.refresh_from_db()
    assert submitted.review_status == "shortlisted"


def test_a_zip_of_dossiers_is_built_in_the_background_and_downloaded(
    client, submitted, django_capture_on_commit_callbacks
):
    other = ApplicationFactory(vacancy=submitted.vacancy)
    client.force_login(staff("Talent Acquisition"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/applicants/application/",
            {"action": "export_dossiers", "_selected_action": [submitted.pk, other.pk]},
        )

    export = DossierExport.objects.get()
    assert response["Location"] == f"/admin/applicants/dossierexport/{export.pk}/change/"
    assert export.status == "done"
    assert client.get(response["Location"]).status_code == 200
    download = client.get(f"/admin/applicants/dossierexport/{export.pk}/download/")
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert sorted(names) == sorted(f"dossier-{a.reference}.pdf" for a in (submitted, other))


def test_the_dashboard_counts_per_vacancy_and_nationality(client, submitted):
    ApplicationFactory(vacancy=submitted.vacancy)  # a draft
    client.force_login(staff("Talent Acquisition"))

    response = client.get("/admin/applicants/application/dashboard/")

    vacancy_row = next(v for v in response.context["vacancies"] if v.pk == submitted.vacancy_id)
    assert (vacancy_row.drafts, vacancy_row.submitted, vacancy_row.eligible) == (1, 1, 1)
    belgium = next(row for row in response.context["nationalities"] if row["code"] == "BE")
    assert belgium["counts"]["submitted"] == 1
    assert belgium["applicants"] == 1


def test_talent_acquisition_cannot_delete_the_records_the_audit_trail_hangs_on(client, submitted):
    """Deleting a candidate, a document, an assessment or a pool entry would take the
    document access log, the overrides and the history with it."""
    pool_entry = PoolEntry.objects.create(
        candidate=submitted.candidate,
        cycle=submitted.cycle,
        full_name="Hélène Lefèvre-Müller",
        education_level="master",
        institution_countries=",BE,",
        nationalities=",BE,",
        work_areas=[],
        vacancies=f",{submitted.vacancy.reference},",
        built_at=CLOSES_AT,
    )
    user = staff("Talent Acquisition")
    client.force_login(user)
    client.get(reverse("applicants:document", args=[submitted.documents.get().public_id]))
    records = {
        "applicants/candidate": submitted.candidate,
        "applicants/document": submitted.documents.get(),
        "applicants/poolentry": pool_entry,
        "eligibility/assessment": submitted.assessment,
        "recruitment/deadlinerun": DeadlineRun.objects.create(
            vacancy=submitted.vacancy, started_at=CLOSES_AT, step_done_at=CLOSES_AT
        ),
    }

    for path, record in records.items():
        url = f"/admin/{path}/"
        assert client.post(f"{url}{record.pk}/delete/", {"post": "yes"}).status_code == 403
        client.post(
            url, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
        )
        assert type(record).objects.filter(pk=record.pk).exists(), path
    assert DocumentAccess.objects.filter(user=user).exists()


def test_the_screening_reads_in_words_in_the_staff_members_language(client, submitted):
    client.force_login(staff("Talent Acquisition"))
    urls = [
        f"/admin/applicants/application/{submitted.pk}/change/",
        f"/admin/eligibility/assessment/{submitted.assessment.pk}/change/",
    ]
    criteria = submitted.assessment.criteria

    for url in urls:
        page = Page(client.get(url, headers={"Accept-Language": "fr"}).content).text
        assert "Rempli :" in page, url
        assert all(criterion["reason_fr"] in page for criterion in criteria), url
        assert not any(code in page for code in ("not_met", "needs_review", "(met)")), url
        assert criteria[0]["reason_en"] not in page, url


def test_the_accommodation_request_cannot_be_searched_through_the_url(client, submitted):
    """The admin filters on any field named in the URL: not on health data."""
    client.force_login(staff("Talent Acquisition", "Reasonable accommodation requests"))

    response = client.get(
        "/admin/applicants/application/", {"accommodation_request__icontains": "SENTINEL"}
    )

    assert response.status_code == 400
    assert submitted.reference not in response.content.decode()


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, submitted):
    submitted.candidate.first_name = '=HYPERLINK("http://evil.example","x")'
    submitted.candidate.last_name = "-2+3"
    submitted.candidate.save()
    client.force_login(staff("Talent Acquisition"))

    response = client.post(
        "/admin/applicants/application/",
        {"action": "export_csv", "_selected_action": [submitted.pk]},
    )

    [row] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["first_name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["last_name"] == "'-2+3"
    assert row["reference"] == submitted.reference  # the others as they are


def test_a_search_for_a_full_name_finds_the_candidate(client, submitted):
    client.force_login(staff("Talent Acquisition"))

    found = client.get("/admin/applicants/application/", {"q": "Hélène Lefèvre"})
    not_found = client.get("/admin/applicants/application/", {"q": "Hélène Dubois"})

    assert submitted.reference in found.content.decode()
    assert submitted.reference not in not_found.content.decode()


def test_sorted_highest_score_first_unscored_applications_come_last(client, submitted):
    draft = ApplicationFactory(vacancy=submitted.vacancy)  # no score
    client.force_login(staff("Talent Acquisition"))
    columns = admin.site._registry[Application].list_display
    score = columns.index("score_column") + 1  # the changelist counts from 1

    page = client.get("/admin/applicants/application/", {"o": f"-{score}"})

    references = [application.reference for application in page.context["cl"].result_list]
    assert references == [submitted.reference, draft.reference]


def test_the_dashboard_counts_a_candidate_with_two_nationalities_once_in_all(client, submitted):
    submitted.candidate.nationalities = ["BE", "FR"]
    submitted.candidate.save()
    client.force_login(staff("Talent Acquisition"))

    response = client.get("/admin/applicants/application/dashboard/")

    by_country = {row["code"]: row["applicants"] for row in response.context["nationalities"]}
    assert (by_country["BE"], by_country["FR"]) == (1, 1)
    assert response.context["totals"]["applicants"] == 1


def test_a_list_longer_than_the_count_cap_says_more_than_not_a_number(
    client, submitted, monkeypatch
):
    from applicants.paginators import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "CAP", 2)
    for _ in range(2):
        ApplicationFactory(vacancy=submitted.vacancy)
    client.force_login(staff("Talent Acquisition"))

    page = Page(client.get("/admin/applicants/application/", {"all": ""}).content).text
    small = Page(client.get("/admin/applicants/application/", {"status": "submitted"}).content)

    assert "more than 2 applications" in page
    assert "3 applications" not in page
    assert "1 application" in small.text


def test_the_document_access_log_says_whose_document_was_opened(client, submitted):
    client.force_login(staff("Talent Acquisition"))
    client.get(reverse("applicants:document", args=[submitted.documents.get().public_id]))

    found = Page(client.get("/admin/applicants/documentaccess/", {"q": "Lefèvre"}).content)

    assert "Hélène Lefèvre-Müller" in found.text


def test_the_list_shows_language_levels_in_words(client, submitted):
    submitted.candidate.french_level = "native"
    submitted.candidate.save()
    client.force_login(staff("Talent Acquisition"))

    page = Page(
        client.get("/admin/applicants/application/", headers={"Accept-Language": "fr"}).content
    )

    with translation.override("fr"):
        in_words = str(LanguageLevel.NATIVE.label)
    assert in_words in page.text
    assert "native" not in page.text.split()
