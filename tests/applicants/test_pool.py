"""The shared candidate pool: who reaches it, what it shows, searching, reserving, e-mails."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import uuid
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, transaction
from django.test import Client
from django.urls import reverse

from applicants import services
from applicants.models import PoolEntry, Reservation, ReservationChange
from applicants.pool import build_pool_entries
from applicants.pool_digest import send_pool_digests
from applicants.reservations import ReservationError, move_reservation, request_reservation
from applicants.screening import override_outcome
from eligibility.models import VerdictChoices
from eligibility.services import override_verdict
from recruitment.deadlines import process_deadlines
from tests.applicants.test_admin import staff
from tests.applicants.test_concurrency import _run_together
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    DivisionFactory,
    EducationFactory,
    RecruitmentCycleFactory,
    UserFactory,
    VacancyFactory,
    WorkAreaFactory,
)
from tests.html import Page
from vacancies.models import BRUSSELS, FocalPoint

pytestmark = pytest.mark.django_db

CLOSES_AT = dt.datetime(2025, 6, 23, tzinfo=BRUSSELS)
BEFORE = dt.datetime(2025, 6, 1, tzinfo=BRUSSELS)
AFTER = dt.datetime(2025, 7, 1, 10, 0, tzinfo=BRUSSELS)
SENTINEL = "SENTINEL-ACCOMMODATION-91c2"


def focal_point(division, language="en", **fields):
    user = UserFactory(**fields)
    FocalPoint.objects.create(division=division, user=user, language=language)
    return user


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def entry(cycle, name="Ana Pereira", **fields) -> PoolEntry:
    first, _space, last = name.partition(" ")
    candidate = CandidateFactory(first_name=first, last_name=last)
    defaults = {
        "full_name": name,
        "education_level": "master",
        "fields_of_study": "Political science",
        "institutions": "KU Leuven",
        "institution_countries": ",BE,",
        "nationalities": ",PT,",
        "english_level": "C1",
        "french_level": "B2",
        "other_languages": "",
        "preferred_start": "september",
        "work_areas": [],
        "work_area_keys": "",
        "score": 2,
        "vacancies": ",250715,",
        "built_at": AFTER,
    }
    defaults.update(fields)
    defaults["search_text"] = f"{defaults['fields_of_study']} | {defaults['institutions']}"
    return PoolEntry.objects.create(cycle=cycle, candidate=candidate, **defaults)


@pytest.fixture
def divisions():
    return DivisionFactory(code="PDD", name_en="Public Diplomacy Division"), DivisionFactory(
        code="OCIO", name_en="Office of the Chief Information Officer"
    )


# --- who reaches the pool ------------------------------------------------------------------


def pool_urls(pool_entry, reservation) -> list[tuple[str, str]]:
    return [
        ("get", reverse("applicants:pool")),
        ("get", reverse("applicants:pool") + f"?cycle={pool_entry.cycle.code}&q=science"),
        ("get", reverse("applicants:pool_entry", args=[pool_entry.pk])),
        ("post", reverse("applicants:pool_entry", args=[pool_entry.pk])),
        ("get", reverse("applicants:pool_reservations")),
        ("post", reverse("applicants:reservation_release", args=[reservation.pk])),
    ]


def test_a_candidate_or_an_anonymous_visitor_is_refused_on_every_pool_url(divisions):
    cycle = RecruitmentCycleFactory()
    pool_entry = entry(cycle)
    holder = focal_point(divisions[0])
    reservation = request_reservation(
        entry=pool_entry, division=divisions[0], user=holder, period="march", need="x", at=AFTER
    )
    candidate = CandidateFactory().user
    for method, url in pool_urls(pool_entry, reservation):
        anonymous = getattr(client_for(None), method)(url, {"need": "x", "period": "march"})
        assert anonymous.status_code == 302, url
        assert anonymous["Location"].startswith(reverse("account_login")), url
        refused = getattr(client_for(candidate), method)(url, {"need": "x", "period": "march"})
        assert refused.status_code == 403, url
    assert Reservation.objects.count() == 1
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.RESERVED


def test_a_candidate_refused_the_pool_gets_the_sites_page_in_their_language():
    response = client_for(CandidateFactory().user).get("/fr/pool/")

    assert response.status_code == 403
    page = Page(response.content)
    assert page.find_all("html", lang="fr")
    assert page.find_all("a", href="#main")
    assert [tag for tag, _attrs in page.tags].count("h1") == 1
    assert "Voir les offres de stage" in page.main_text
    assert "Se déconnecter" in page.text  # signed in: the site's navigation, in French
    assert "Forbidden" not in page.text


def test_focal_points_and_talent_acquisition_reach_every_pool_page(divisions):
    cycle = RecruitmentCycleFactory()
    pool_entry = entry(cycle)
    holder = focal_point(divisions[0])
    reservation = request_reservation(
        entry=pool_entry, division=divisions[0], user=holder, period="march", need="x", at=AFTER
    )
    for user in (holder, staff("Talent Acquisition")):
        for method, url in pool_urls(pool_entry, reservation):
            if method == "get":
                assert client_for(user).get(url).status_code == 200, (user, url)


def test_a_focal_point_sees_the_pool_but_not_the_admin_nor_documents(divisions):
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(closes_at=CLOSES_AT))
    application = ApplicationFactory(vacancy=vacancy)
    services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    with time_machine.travel(AFTER, tick=False):
        process_deadlines(at=AFTER)
    document = application.documents.get()
    client = client_for(focal_point(divisions[0]))

    assert client.get(reverse("applicants:pool")).status_code == 200
    for url in (
        reverse("admin:index"),
        reverse("admin:applicants_application_changelist"),
        reverse("admin:applicants_application_change", args=[application.pk]),
        reverse("admin:applicants_poolentry_changelist"),
        reverse("admin:applicants_reservation_changelist"),
        reverse("admin:applicants_document_change", args=[document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    own_download = reverse("applicants:document", args=[document.public_id])
    assert client.get(own_download).status_code == 404


def test_no_page_or_email_a_focal_point_reaches_shows_an_accommodation_request(
    divisions, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory(
        cycle=RecruitmentCycleFactory(closes_at=CLOSES_AT), division=divisions[0]
    )
    area = WorkAreaFactory(vacancy=vacancy)
    candidate = CandidateFactory(first_name="Maëlle", last_name="Sentinel-Candidate")
    application = ApplicationFactory(
        vacancy=vacancy,
        candidate=candidate,
        accommodation_request=SENTINEL,
        work_area_ranking=[area.pk],
    )
    user = focal_point(divisions[0], email="pdd.focal@example.org")
    other = focal_point(divisions[1], email="ocio.focal@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    with time_machine.travel(AFTER, tick=False), django_capture_on_commit_callbacks(execute=True):
        process_deadlines(at=AFTER)
    pool_entry = PoolEntry.objects.get()
    client = client_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("applicants:pool_entry", args=[pool_entry.pk]),
            {"division": divisions[0].pk, "period": "march", "need": "Social media"},
        )
        client_for(other).post(
            reverse("applicants:pool_entry", args=[pool_entry.pk]),
            {"division": divisions[1].pk, "period": "march", "need": "Cyber"},
        )
        send_pool_digests(at=AFTER + dt.timedelta(days=2))

    seen = crawl(client, reverse("applicants:pool"))
    assert len(seen) >= 4  # list, card, reservations, a filtered list at least
    for url, body in seen.items():
        assert SENTINEL not in body, url
        assert "2001" not in Page(body).main_text, url  # the date of birth, 14 May 2001
    focal_mail = [m for m in mail.outbox if set(m.to) & {user.email, other.email}]
    assert focal_mail  # the pool published, the digest
    for message in focal_mail:
        assert SENTINEL not in message.body
        assert all(SENTINEL not in content for content, _type in message.alternatives)


def crawl(client: Client, start: str, limit: int = 40) -> dict[str, str]:
    """Every page under /<lang>/pool/ reachable by links from `start`, as this user."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        seen[url] = body
        for href in re.findall(r'href="([^"#]+)"', body):
            target = urljoin(url, href.replace("&amp;", "&"))
            if "/pool/" in urlsplit(target).path and target not in seen:
                queue.append(target)
    return seen


# --- searching -----------------------------------------------------------------------------


@pytest.fixture
def searchable():
    cycle = RecruitmentCycleFactory(code="2026")
    vacancy = VacancyFactory(cycle=cycle, reference="250711")
    WorkAreaFactory(vacancy=vacancy, title_en="Cyber security", title_fr="Cybersécurité")
    VacancyFactory(cycle=cycle, reference="250715")
    entry(
        cycle,
        "Ana Pereira",
        score=4,
        education_level="doctorate",
        fields_of_study="Computer science",
        institutions="Universidade de Lisboa",
        institution_countries=",PT,",
        nationalities=",PT,",
        english_level="C2",
        french_level="A2",
        other_languages=",es:C1,",
        preferred_start="march",
        work_areas=[{"en": "Cyber security", "fr": "Cybersécurité"}],
        work_area_keys="|Cyber security|",
        vacancies=",250711,",
    )
    entry(
        cycle,
        "Bruno Lefèvre",
        score=3,
        education_level="master",
        fields_of_study="Political science",
        institutions="Sciences Po",
        institution_countries=",FR,",
        nationalities=",FR,BE,",
        english_level="B2",
        french_level="native",
        other_languages=",de:B1,es:A2,",
        preferred_start="either",
        vacancies=",250715,",
    )
    entry(
        cycle,
        "Carla Rossi",
        score=1,
        education_level="bachelor",
        fields_of_study="Computer engineering",
        institutions="Politecnico di Milano",
        institution_countries=",IT,",
        nationalities=",IT,",
        english_level="C1",
        french_level="C1",
        preferred_start="september",
        status=PoolEntry.Status.RESERVED,
        vacancies=",250711,250715,",
    )
    entry(RecruitmentCycleFactory(code="2025"), "Dora Old-Cycle", score=4)
    return cycle


ALL = ["Ana Pereira", "Bruno Lefèvre", "Carla Rossi"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ALL),
        ({"q": "computer"}, ["Ana Pereira", "Carla Rossi"]),
        ({"q": "COMPUTER milano"}, ["Carla Rossi"]),
        ({"q": "lisboa"}, ["Ana Pereira"]),
        ({"q": "science", "nationality": "BE"}, ["Bruno Lefèvre"]),
        ({"education": "master"}, ["Ana Pereira", "Bruno Lefèvre"]),
        ({"education": "bachelor", "english": "C2"}, ["Ana Pereira"]),
        ({"education": "other"}, ALL),  # other education is the lowest: every degree is more
        ({"institution_country": "FR"}, ["Bruno Lefèvre"]),
        ({"nationality": "FR"}, ["Bruno Lefèvre"]),
        ({"nationality": "DE"}, []),
        ({"english": "C1"}, ["Ana Pereira", "Carla Rossi"]),
        ({"french": "C1"}, ["Bruno Lefèvre", "Carla Rossi"]),
        ({"english": "C1", "french": "C1"}, ["Carla Rossi"]),
        ({"other_language": "es"}, ["Ana Pereira", "Bruno Lefèvre"]),
        ({"other_language": "es", "other_level": "B2"}, ["Ana Pereira"]),
        ({"other_language": "de", "other_level": "B2"}, []),
        ({"start": "march"}, ["Ana Pereira", "Bruno Lefèvre"]),
        ({"start": "september"}, ["Bruno Lefèvre", "Carla Rossi"]),
        ({"work_area": "Cyber security"}, ["Ana Pereira"]),
        ({"vacancy": "250715"}, ["Bruno Lefèvre", "Carla Rossi"]),
        ({"vacancy": "250711", "q": "computer", "min_score": "2"}, ["Ana Pereira"]),
        ({"min_score": "3"}, ["Ana Pereira", "Bruno Lefèvre"]),
        ({"status": "available"}, ["Ana Pereira", "Bruno Lefèvre"]),
        ({"status": "reserved", "q": "engineering"}, ["Carla Rossi"]),
        ({"sort": "name", "min_score": "1"}, ["Ana Pereira", "Bruno Lefèvre", "Carla Rossi"]),
        ({"cycle": "2025"}, ["Dora Old-Cycle"]),
        # an invalid value is reported, and the valid filters still apply
        ({"nationality": "XX", "q": "political"}, ["Bruno Lefèvre"]),
    ],
)
def test_filters_combine(searchable, divisions, query, expected):
    client = client_for(focal_point(divisions[0]))
    response = client.get(reverse("applicants:pool"), {"cycle": "2026", **query})
    assert response.status_code == 200
    names = [entry.full_name for entry in response.context["entries"]]
    if query.get("sort") == "name":
        assert names == expected
    else:
        assert sorted(names) == sorted(expected)
        scores = [entry.score for entry in response.context["entries"]]
        assert scores == sorted(scores, reverse=True)  # best desirable score first


def test_an_invalid_filter_is_explained_in_the_users_language(searchable, divisions):
    client = client_for(focal_point(divisions[0]))
    page = client.get("/fr/pool/", {"cycle": "2026", "other_level": "B2"})
    assert "Choisissez la langue" in Page(page.content).main_text


def test_the_pool_page_runs_a_bounded_number_of_queries(divisions, django_assert_max_num_queries):
    cycle = RecruitmentCycleFactory()
    VacancyFactory(cycle=cycle)
    entries = [entry(cycle, f"Candidate {n}", score=n % 5) for n in range(60)]
    user = focal_point(divisions[0])
    rival = focal_point(divisions[1])
    for pool_entry in entries[:30]:
        request_reservation(
            entry=pool_entry, division=divisions[0], user=user, period="march", need="x", at=AFTER
        )
        request_reservation(
            entry=pool_entry, division=divisions[1], user=rival, period="march", need="y", at=AFTER
        )
    client = client_for(user)
    client.get(reverse("applicants:pool"))
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("applicants:pool"), {"q": "science", "english": "B2", "page": "2"}
        )
    assert len(response.context["entries"]) == 25
    with django_assert_max_num_queries(10):
        client.get(reverse("applicants:pool_reservations"))
    with django_assert_max_num_queries(12):
        client.get(reverse("applicants:pool_entry", args=[entries[0].pk]))


# --- reserving -----------------------------------------------------------------------------


@pytest.fixture
def talent_acquisition():
    return staff("Talent Acquisition", email="ta.officer@example.org")


def reserve(client, pool_entry, division, need="Social media campaign"):
    return client.post(
        reverse("applicants:pool_entry", args=[pool_entry.pk]),
        {"division": division.pk, "period": "september", "need": need},
        follow=True,
    )


def test_reserving_an_available_candidate_holds_them_and_tells_talent_acquisition(
    divisions, talent_acquisition, settings, django_capture_on_commit_callbacks
):
    settings.TALENT_ACQUISITION_EMAIL = "ta-team@example.org"
    pool_entry = entry(RecruitmentCycleFactory())
    client = client_for(focal_point(divisions[0]))

    with django_capture_on_commit_callbacks(execute=True):
        page = reserve(client, pool_entry, divisions[0])

    assert "Talent Acquisition has been told" in Page(page.content).main_text
    pool_entry.refresh_from_db()
    assert pool_entry.status == PoolEntry.Status.RESERVED
    reservation = Reservation.objects.get()
    assert (reservation.status, reservation.division, reservation.period) == (
        "reserved",
        divisions[0],
        "september",
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["ta-team@example.org", "ta.officer@example.org"]
    assert "Social media campaign" in mail.outbox[0].body
    assert f"/admin/applicants/reservation/{reservation.pk}/" in mail.outbox[0].body


def test_a_second_division_asking_waits_for_talent_acquisition_and_both_see_it(
    divisions, talent_acquisition, django_capture_on_commit_callbacks
):
    pool_entry = entry(RecruitmentCycleFactory())
    pdd, ocio = client_for(focal_point(divisions[0])), client_for(focal_point(divisions[1]))
    with django_capture_on_commit_callbacks(execute=True):
        reserve(pdd, pool_entry, divisions[0])
        page = reserve(ocio, pool_entry, divisions[1], need="Cloud migration")

    assert "Talent Acquisition has been told" in Page(page.content).main_text
    statuses = dict(Reservation.objects.values_list("division__code", "status"))
    assert statuses == {"PDD": "reserved", "OCIO": "requested"}
    assert len(mail.outbox) == 2
    assert "already held by: Public Diplomacy Division" in mail.outbox[1].body
    for client in (pdd, ocio):
        card = Page(client.get(reverse("applicants:pool_entry", args=[pool_entry.pk])).content)
        assert "Several divisions have asked for this candidate" in card.main_text
        listing = Page(client.get(reverse("applicants:pool")).content)
        assert "Several divisions asked" in listing.main_text
        mine = Page(client.get(reverse("applicants:pool_reservations")).content)
        assert re.search(r"(OCIO|PDD) \((Reserved|Requested, TA to decide)\)", mine.main_text)
    # each division reads its own need, not the other's
    card = Page(pdd.get(reverse("applicants:pool_entry", args=[pool_entry.pk])).content)
    assert "Social media campaign" in card.main_text
    assert "Cloud migration" not in card.main_text


def test_asking_twice_for_the_same_candidate_is_refused_with_a_message(divisions):
    pool_entry = entry(RecruitmentCycleFactory())
    client = client_for(focal_point(divisions[0]))
    reserve(client, pool_entry, divisions[0])
    page = client.post(
        "/fr" + reverse("applicants:pool_entry", args=[pool_entry.pk])[3:],
        {"division": divisions[0].pk, "period": "march", "need": "Encore"},
        follow=True,
    )
    assert "Votre division a déjà demandé ce candidat" in Page(page.content).main_text
    assert Reservation.objects.count() == 1


def test_a_reservation_needs_a_need_and_a_division_of_ones_own(divisions):
    pool_entry = entry(RecruitmentCycleFactory())
    client = client_for(focal_point(divisions[0]))
    url = reverse("applicants:pool_entry", args=[pool_entry.pk])
    client.post(url, {"division": divisions[0].pk, "period": "march", "need": ""})
    client.post(url, {"division": divisions[1].pk, "period": "march", "need": "x"})
    client.post(url, {"division": divisions[0].pk, "period": "march", "need": "x" * 501})
    assert not Reservation.objects.exists()
    page = client.post(url, {"division": divisions[0].pk, "period": "march", "need": ""})
    assert page.status_code == 200
    assert "This field is required." in Page(page.content).main_text


def test_talent_acquisition_decides_offers_and_places_and_the_divisions_hear_of_it(
    divisions, talent_acquisition, django_capture_on_commit_callbacks
):
    pool_entry = entry(RecruitmentCycleFactory())
    pdd_user = focal_point(divisions[0], email="pdd@example.org")
    ocio_user = focal_point(divisions[1], language="fr", email="ocio@example.org")
    first = request_reservation(
        entry=pool_entry, division=divisions[0], user=pdd_user, period="march", need="a", at=AFTER
    )
    second = request_reservation(
        entry=pool_entry, division=divisions[1], user=ocio_user, period="march", need="b", at=AFTER
    )
    admin = client_for(talent_acquisition)
    changelist = reverse("admin:applicants_reservation_changelist")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(changelist, {"action": "award", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("released", "reserved")
    assert {m.to[0] for m in mail.outbox} == {"pdd@example.org", "ocio@example.org"}
    french = next(m for m in mail.outbox if m.to == ["ocio@example.org"])
    assert "/fr/pool/candidates/" in french.body

    for action, status in (("offer", "offered"), ("place", "placed")):
        admin.post(changelist, {"action": action, "_selected_action": [second.pk]})
        second.refresh_from_db()
        pool_entry.refresh_from_db()
        assert second.status == pool_entry.status == status
    # placed: nobody can ask any more
    with pytest.raises(ReservationError):
        request_reservation(
            entry=pool_entry,
            division=divisions[0],
            user=pdd_user,
            period="march",
            need="c",
            at=AFTER,
        )
    history = list(second.changes.values_list("previous_status", "status"))
    assert history == [
        ("", "requested"),
        ("requested", "reserved"),
        ("reserved", "offered"),
        ("offered", "placed"),
    ]
    assert ReservationChange.objects.filter(changed_by=talent_acquisition).count() == 4


def test_talent_acquisition_cannot_skip_a_step(divisions, talent_acquisition):
    pool_entry = entry(RecruitmentCycleFactory())
    reservation = request_reservation(
        entry=pool_entry,
        division=divisions[0],
        user=focal_point(divisions[0]),
        period="march",
        need="a",
        at=AFTER,
    )
    admin = client_for(talent_acquisition)
    page = admin.post(
        reverse("admin:applicants_reservation_changelist"),
        {"action": "place", "_selected_action": [reservation.pk]},
        follow=True,
    )
    assert "cannot become" in page.content.decode()
    reservation.refresh_from_db()
    assert reservation.status == "reserved"


def test_a_focal_point_releases_their_own_reservation_only(divisions):
    pool_entry = entry(RecruitmentCycleFactory())
    owner = focal_point(divisions[0])
    reservation = request_reservation(
        entry=pool_entry, division=divisions[0], user=owner, period="march", need="a", at=AFTER
    )
    url = reverse("applicants:reservation_release", args=[reservation.pk])
    assert client_for(focal_point(divisions[1])).post(url).status_code == 403
    assert client_for(owner).get(url).status_code == 405
    reservation.refresh_from_db()
    assert reservation.status == "reserved"

    client_for(owner).post(url)

    reservation.refresh_from_db()
    pool_entry.refresh_from_db()
    assert (reservation.status, pool_entry.status) == ("released", "available")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(10))
def test_two_divisions_reserving_at_once_leave_one_reservation_and_one_visible_conflict(
    round_, divisions
):
    pool_entry = entry(RecruitmentCycleFactory())
    users = [focal_point(division) for division in divisions]
    clients = [client_for(user) for user in users]

    def job(client, division):
        return lambda: reserve(client, pool_entry, division).status_code

    results = _run_together([job(c, d) for c, d in zip(clients, divisions, strict=True)])

    assert results == [200, 200]
    statuses = sorted(Reservation.objects.values_list("status", flat=True))
    assert statuses == ["requested", "reserved"]
    pool_entry.refresh_from_db()
    assert pool_entry.status == "reserved"
    for client in clients:
        card = Page(client.get(reverse("applicants:pool_entry", args=[pool_entry.pk])).content)
        assert "Several divisions have asked for this candidate" in card.main_text


# --- building, notifying, the candidate's view ----------------------------------------------


def test_rebuild_pool_refreshes_entries_keeps_reservations_and_drops_the_ineligible(divisions):
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(code="c26", closes_at=CLOSES_AT))
    keep = ApplicationFactory(vacancy=vacancy, candidate=CandidateFactory(education=[]))
    EducationFactory(candidate=keep.candidate, institution="Sciences Po", field_of_study="Law")
    drop = ApplicationFactory(vacancy=vacancy)
    for application in (keep, drop):
        services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    with time_machine.travel(AFTER, tick=False):
        process_deadlines(at=AFTER)
    kept = PoolEntry.objects.get(candidate=keep.candidate)
    assert "Sciences Po" in kept.search_text
    assert "Law" in kept.search_text
    request_reservation(
        entry=kept,
        division=divisions[0],
        user=focal_point(divisions[0]),
        period="march",
        need="x",
        at=AFTER,
    )
    override_verdict(
        assessment=drop.assessment,
        verdict=VerdictChoices.INELIGIBLE,
        reason="Diploma not recognised",
        by=staff("Talent Acquisition"),
        at=AFTER,
    )
    PoolEntry.objects.filter(pk=kept.pk).update(full_name="stale", fields_of_study="stale")

    out = io.StringIO()
    call_command("rebuild_pool", "--cycle", "c26", stdout=out)

    assert "c26: 1 entries built, 1 removed" in out.getvalue()
    kept.refresh_from_db()
    assert (kept.full_name, kept.fields_of_study, kept.status) == (
        "Émilie Lefèvre",
        "Law",
        "reserved",
    )
    assert not PoolEntry.objects.filter(candidate=drop.candidate).exists()


def test_rebuild_pool_refuses_an_unknown_cycle():
    with pytest.raises(CommandError, match="No recruitment cycle"):
        call_command("rebuild_pool", "--cycle", "nope")


def test_the_weekly_digest_goes_once_a_week_in_each_focal_points_language(
    divisions, django_capture_on_commit_callbacks
):
    cycle = RecruitmentCycleFactory(name_en="NATO HQ Internship Programme 2026")
    with time_machine.travel(AFTER, tick=False):
        pool_entry = entry(cycle)
    english = focal_point(divisions[0], email="pdd@example.org")
    focal_point(divisions[1], language="fr", email="ocio@example.org")
    request_reservation(
        entry=pool_entry,
        division=divisions[0],
        user=english,
        period="march",
        need="a",
        at=AFTER + dt.timedelta(days=1),
    )
    monday = AFTER + dt.timedelta(days=6)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_pool_digests(at=monday) == 2
        assert send_pool_digests(at=monday + dt.timedelta(hours=1)) == 0  # the beat fired twice

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"pdd@example.org", "ocio@example.org"}
    assert (
        "1 new candidate in the pool of the NATO HQ Internship Programme 2026"
        in by_address["pdd@example.org"].body
    )
    assert "Ana Pereira, PDD: Reserved" in by_address["pdd@example.org"].body
    assert "nouveau candidat" in by_address["ocio@example.org"].body
    assert "Ana Pereira" not in by_address["ocio@example.org"].body  # not OCIO's business

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_pool_digests(at=monday + dt.timedelta(days=14)) == 0  # nothing changed
    assert mail.outbox == []


def test_the_digest_is_on_the_beat_schedule(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["send-pool-digests"]
    assert schedule["task"] == "applicants.tasks.send_pool_digests_task"
    assert schedule["schedule"].day_of_week == {1}


def test_a_candidate_sees_on_the_dashboard_that_they_are_in_the_shared_pool():
    cycle = RecruitmentCycleFactory(name_en="NATO HQ Internship Programme 2026")
    pool_entry = entry(cycle)
    other = CandidateFactory()
    client = client_for(pool_entry.candidate.user)
    page = Page(client.get(reverse("applicants:dashboard")).content).main_text
    assert "Your profile is in the shared candidate pool" in page
    assert "all NATO IS / IMS Divisions, Offices and NATO Bodies" in page
    page = Page(client_for(other.user).get(reverse("applicants:dashboard")).content).main_text
    assert "shared candidate pool" not in page


def test_talent_acquisition_group_may_decide_reservations():
    group = Group.objects.get(name="Talent Acquisition")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_reservation", "change_reservation", "view_reservationchange"} <= codenames
    assert (
        not Group.objects.get(name="Division focal point")
        .permissions.filter(codename__contains="reservation")
        .exists()
    )


def test_pool_entries_hold_nothing_sensitive():
    fields = {field.name for field in PoolEntry._meta.get_fields()}
    assert not fields & {"date_of_birth", "accommodation_request", "documents", "declared_accurate"}


def test_a_focal_point_lands_on_the_pool_and_the_navigation_offers_it(divisions):
    user = focal_point(divisions[0])
    client = client_for(user)
    response = client.get(reverse("applicants:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("applicants:pool")
    page = Page(client.get(reverse("applicants:pool")).content)
    assert page.find_all("a", href=reverse("applicants:pool"))
    assert not page.find_all("a", href=reverse("applicants:profile"))
    assert not hasattr(type(user).objects.get(pk=user.pk), "candidate")  # no profile made


def test_a_candidates_navigation_does_not_offer_the_pool():
    client = client_for(CandidateFactory().user)
    page = Page(client.get(reverse("applicants:dashboard")).content)
    assert not page.find_all("a", href=reverse("applicants:pool"))
    assert page.find_all("a", href=reverse("applicants:profile"))


def test_a_broad_search_says_more_than_the_cap_instead_of_counting_everything(
    divisions, monkeypatch
):
    monkeypatch.setattr("applicants.pool_search.PoolPaginator.CAP", 3)
    cycle = RecruitmentCycleFactory()
    for n in range(5):
        entry(cycle, f"Candidate {n}")
    client = client_for(focal_point(divisions[0]))
    page = Page(client.get(reverse("applicants:pool")).content).main_text
    assert "More than 3 candidates: add a filter" in page
    page = Page(client.get(reverse("applicants:pool"), {"q": "nothing-matches"}).content)
    assert "0 candidates" in page.main_text
    french = Page(client.get("/fr/pool/").content).main_text
    assert "Plus de 3 candidat(e)s" in french


def test_the_search_form_keeps_what_was_chosen(searchable, divisions):
    client = client_for(focal_point(divisions[0]))
    page = Page(
        client.get(
            reverse("applicants:pool"),
            {"cycle": "2026", "nationality": "FR", "other_language": "es", "q": "science"},
        ).content
    )

    def selected(value):
        return any("selected" in option for option in page.find_all("option", value=value))

    assert selected("FR")
    assert selected("es")
    assert not selected("BE")
    assert page.find_all("select", name="nationality", id="id_nationality")


# --- the pool follows TA's outcomes, and the queue of divisions ---------------------------


def ask(pool_entry, division, user=None, need="a"):
    """A focal point of `division` asks for the candidate (reserves, or waits for TA)."""
    return request_reservation(
        entry=pool_entry,
        division=division,
        user=user or focal_point(division),
        period="march",
        need=need,
        at=AFTER,
    )


@pytest.fixture
def closed_pool():
    """A closed vacancy whose pool is built: one candidate in it, one left out by the rules."""
    vacancy = VacancyFactory(cycle=RecruitmentCycleFactory(code="c26", closes_at=CLOSES_AT))
    eligible = ApplicationFactory(vacancy=vacancy)
    too_young = ApplicationFactory(
        vacancy=vacancy, candidate=CandidateFactory(date_of_birth=dt.date(2010, 1, 1))
    )
    for application in (eligible, too_young):
        services.submit_application(application=application, token=uuid.uuid4(), at=BEFORE)
    with time_machine.travel(AFTER, tick=False):
        process_deadlines(at=AFTER)
    eligible.refresh_from_db()
    too_young.refresh_from_db()
    assert list(PoolEntry.objects.values_list("candidate", flat=True)) == [eligible.candidate_id]
    return eligible, too_young


def override_in_admin(client, assessment, verdict: str) -> None:
    response = client.post(
        f"/admin/eligibility/assessment/{assessment.pk}/change/",
        {
            "new_verdict": verdict,
            "reason": "Checked the documents.",
            "overrides-TOTAL_FORMS": "0",
            "overrides-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302


def test_an_outcome_ta_changes_after_the_deadline_moves_the_candidate_in_or_out_of_the_pool(
    client, closed_pool, talent_acquisition
):
    eligible, too_young = closed_pool
    client.force_login(talent_acquisition)

    override_in_admin(client, too_young.assessment, VerdictChoices.ELIGIBLE)
    override_in_admin(client, eligible.assessment, VerdictChoices.INELIGIBLE)

    assert list(PoolEntry.objects.values_list("candidate", flat=True)) == [too_young.candidate_id]


def test_screening_again_after_the_deadline_brings_the_pool_in_line(
    client, closed_pool, talent_acquisition
):
    eligible, too_young = closed_pool
    too_young.candidate.date_of_birth = dt.date(2000, 1, 1)  # the snapshot still says 2010
    Submission = type(too_young.latest_submission)
    snapshot = too_young.latest_submission.snapshot
    snapshot["profile"]["date_of_birth"] = "2000-01-01"  # as if the rules had read it wrongly
    Submission.objects.filter(pk=too_young.latest_submission_id).update(snapshot=snapshot)
    client.force_login(talent_acquisition)

    client.post(
        "/admin/applicants/application/",
        {"action": "screen", "_selected_action": [too_young.pk, eligible.pk]},
    )

    assert set(PoolEntry.objects.values_list("candidate", flat=True)) == {
        eligible.candidate_id,
        too_young.candidate_id,
    }


def test_a_candidate_a_division_asked_for_stays_until_ta_settles_the_request(
    closed_pool, divisions, talent_acquisition
):
    eligible, _too_young = closed_pool
    pool_entry = PoolEntry.objects.get(candidate=eligible.candidate)
    holder = ask(pool_entry, divisions[0])
    waiting = ask(pool_entry, divisions[1], need="b")
    move_reservation(reservation=holder, to="released", by=talent_acquisition, at=AFTER)
    move_reservation(reservation=waiting, to="released", by=talent_acquisition, at=AFTER)
    asking = ask(pool_entry, divisions[1], need="c")
    Reservation.objects.filter(pk=asking.pk).update(status="requested")
    override_outcome(
        assessment=eligible.assessment,
        verdict=VerdictChoices.INELIGIBLE,
        reason="Forged diploma.",
        by=talent_acquisition,
        at=AFTER,
    )

    assert PoolEntry.objects.filter(pk=pool_entry.pk).exists()  # a request is open
    call_command("rebuild_pool", "--cycle", "c26", stdout=io.StringIO())
    assert PoolEntry.objects.filter(pk=pool_entry.pk).exists()
    assert ReservationChange.objects.filter(reservation__entry=pool_entry).count() == 6

    move_reservation(reservation=asking, to="declined", by=talent_acquisition, at=AFTER)
    call_command("rebuild_pool", "--cycle", "c26", stdout=io.StringIO())
    assert not PoolEntry.objects.filter(pk=pool_entry.pk).exists()


def test_when_the_holder_lets_go_the_division_that_asked_first_gets_the_candidate(
    divisions, django_capture_on_commit_callbacks
):
    third = DivisionFactory(code="JI", name_en="Joint Intelligence")
    pool_entry = entry(RecruitmentCycleFactory())
    holder_user = focal_point(divisions[0])
    first_user = focal_point(divisions[1], email="first@example.org")
    holder = ask(pool_entry, divisions[0], holder_user)
    first = ask(pool_entry, divisions[1], first_user, need="b")
    later = ask(pool_entry, third, need="c")

    with django_capture_on_commit_callbacks(execute=True):
        client_for(holder_user).post(reverse("applicants:reservation_release", args=[holder.pk]))

    statuses = {r.pk: r.status for r in Reservation.objects.all()}
    assert statuses == {holder.pk: "released", first.pk: "reserved", later.pk: "requested"}
    pool_entry.refresh_from_db()
    assert pool_entry.status == "reserved"
    assert [message.to for message in mail.outbox if message.to == ["first@example.org"]]


def test_a_staff_account_that_is_a_focal_point_reads_only_its_divisions_needs(divisions):
    pool_entry = entry(RecruitmentCycleFactory())
    ask(pool_entry, divisions[1], need="OCIO SECRET NEED")
    staff_focal_point = staff("Division focal point")
    FocalPoint.objects.create(division=divisions[0], user=staff_focal_point)
    client = client_for(staff_focal_point)

    card = Page(client.get(reverse("applicants:pool_entry", args=[pool_entry.pk])).content)
    mine = Page(client.get(reverse("applicants:pool_reservations")).content)

    assert "OCIO SECRET NEED" not in card.main_text
    assert "OCIO" not in mine.main_text


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_one_build_of_a_cycles_pool_at_a_time():
    """Two deadline workers building for two vacancies of a cycle: the second waits for the
    first, or it would write a candidate's entry from what it read before the first's commit."""
    cycle = RecruitmentCycleFactory()
    holding, release = threading.Event(), threading.Event()

    def first_build():
        try:
            with transaction.atomic():
                build_pool_entries(cycle=cycle, candidate_ids=[], at=AFTER)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    first = threading.Thread(target=first_build)
    first.start()
    try:
        assert holding.wait(timeout=30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            with pytest.raises(OperationalError):  # it waits for the first build's lock
                build_pool_entries(cycle=cycle, candidate_ids=[], at=AFTER)
    finally:
        release.set()
        first.join(timeout=30)


def test_giving_one_candidate_to_two_divisions_in_one_go_is_refused(divisions, talent_acquisition):
    third = DivisionFactory(code="JI", name_en="Joint Intelligence")
    pool_entry = entry(RecruitmentCycleFactory())
    holder = ask(pool_entry, divisions[0])
    second, later = ask(pool_entry, divisions[1]), ask(pool_entry, third)
    admin = client_for(talent_acquisition)

    page = admin.post(
        reverse("admin:applicants_reservation_changelist"),
        {"action": "award", "_selected_action": [second.pk, later.pk]},
        follow=True,
    )

    assert "Choose one division for Ana Pereira" in Page(page.content).text
    statuses = dict(Reservation.objects.values_list("pk", "status"))
    assert statuses == {holder.pk: "reserved", second.pk: "requested", later.pk: "requested"}
