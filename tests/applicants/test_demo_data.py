from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from applicants.demo import DEMO_EMAIL, DEMO_PASSWORD
from applicants.models import Application, Candidate, Submission
from applicants.snapshots import snapshot_sha256
from tests.html import Page
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


def test_demo_vacancies_are_open_marked_and_made_once(client):
    call_command("generate_demo_data")
    call_command("generate_demo_data")

    demo = Vacancy.objects.filter(is_demo=True)
    assert demo.count() == 5
    assert all(vacancy.is_open(at=timezone.now()) for vacancy in demo)
    assert len({vacancy.cycle_id for vacancy in demo}) == 1
    listing = Page(client.get("/en/vacancies/").content)
    assert listing.main_text.count("Demo") >= 5
    detail = Page(client.get(demo.first().get_absolute_url()).content)
    assert "Demo vacancy, for trying the site: it is not a real internship." in detail.main_text
    assert Candidate.objects.filter(user__email=DEMO_EMAIL).count() == 1


def test_the_demo_candidate_can_sign_in_and_apply(client):
    call_command("generate_demo_data")

    response = client.post("/en/accounts/login/", {"login": DEMO_EMAIL, "password": DEMO_PASSWORD})

    assert response["Location"] == "/en/me/"
    candidate = Candidate.objects.get(user__email=DEMO_EMAIL)
    assert candidate.missing_for_submission() == []
    assert candidate.documents.count() == 1


def test_generated_candidates_respect_the_rules():
    call_command("generate_demo_data", candidates=40)

    generated = Candidate.objects.filter(user__username__startswith="generated-")
    assert generated.count() == 40
    per_candidate = (
        Application.objects.submitted()
        .filter(candidate__in=generated)
        .values("candidate")
        .annotate(count=Count("pk"))
    )
    assert all(1 <= row["count"] <= 3 for row in per_candidate)
    for submission in Submission.objects.filter(application__candidate__in=generated)[:20]:
        assert submission.snapshot_sha256 == snapshot_sha256(submission.snapshot)
        assert submission.application.latest_submission_id == submission.pk


def test_generating_twice_adds_more_candidates():
    call_command("generate_demo_data", candidates=5)
    call_command("generate_demo_data", candidates=5)

    assert Candidate.objects.filter(user__username__startswith="generated-").count() == 10


def test_the_demo_candidate_meets_every_criterion_of_the_demo_cycle():
    from applicants.screening import precheck_profile
    from vacancies.models import RecruitmentCycle

    call_command("generate_demo_data")

    candidate = Candidate.objects.get(user__email=DEMO_EMAIL)
    screening = precheck_profile(
        candidate=candidate, cycle=RecruitmentCycle.objects.get(code="demo")
    )
    assert screening.not_met_or_to_review() == []
