"""Properties of the rules over generated inputs (hypothesis)."""

from __future__ import annotations

import datetime as dt
import os
import time

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.rules import (
    ESSENTIAL,
    LEVELS,
    NATO_MEMBERS,
    PARTNER_COUNTRIES,
    Outcome,
    Verdict,
    latest_birth_date,
    screen,
)

iso_dates = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2035, 12, 31))
maybe_date = st.one_of(
    st.none(), iso_dates.map(dt.date.isoformat), st.just(""), st.text(max_size=12)
)
country = st.sampled_from(sorted(NATO_MEMBERS) + sorted(PARTNER_COUNTRIES) + ["BR", "IN", "??"])
level = st.sampled_from([*LEVELS, "", None, "X9"])
education_entry = st.fixed_dictionaries(
    {
        "level": st.sampled_from(["bachelor", "master", "doctorate", "other", "", None]),
        "field_of_study": st.text(max_size=20),
        "institution": st.text(max_size=20),
        "start_date": maybe_date,
        "end_date": maybe_date,
        "status": st.sampled_from(["ongoing", "completed", "", None]),
    }
)
document = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["a", "b", "c"]),
        "kind": st.sampled_from(["qualification", "proof_of_studies", "translation", "x"]),
        "language": st.sampled_from(["en", "fr", "de", "", None]),
        "translation_of": st.sampled_from(["a", "b", None]),
        "original_name": st.text(max_size=15),
    }
)
profile = st.fixed_dictionaries(
    {
        "nationalities": st.one_of(st.lists(country, max_size=3), st.none(), st.text(max_size=3)),
        "date_of_birth": maybe_date,
        "languages": st.one_of(st.fixed_dictionaries({"en": level, "fr": level}), st.none()),
        "education": st.one_of(st.lists(education_entry, max_size=3), st.none()),
        "it_skills": st.sampled_from(["basic", "advanced", "", None]),
        "experience": st.one_of(st.lists(st.sampled_from(["research", "industry"])), st.none()),
    }
)
snapshots = st.fixed_dictionaries(
    {"profile": profile, "documents": st.one_of(st.lists(document, max_size=4), st.none())}
)
reference_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2035, 12, 31))


@settings(max_examples=300, deadline=None)
@given(snapshots, reference_dates)
def test_every_input_gives_a_result_with_reasons_in_both_languages(snapshot, reference_date):
    result = screen(snapshot, reference_date)

    assert [c.code for c in result.criteria] == list(ESSENTIAL)
    for item in (*result.criteria, *result.desirable):
        assert item.reason.en.strip()
        assert item.reason.fr.strip()
    outcomes = {c.outcome for c in result.criteria}
    expected = (
        Verdict.INELIGIBLE
        if Outcome.NOT_MET in outcomes
        else Verdict.NEEDS_REVIEW
        if Outcome.NEEDS_REVIEW in outcomes
        else Verdict.ELIGIBLE
    )
    assert result.verdict == expected
    assert 0 <= result.score <= 4


@st.composite
def eligible_snapshots(draw):
    """Inputs built to meet every essential criterion on the reference date drawn."""
    reference_date = draw(reference_dates)
    members = sorted(code for code, joined in NATO_MEMBERS.items() if joined <= reference_date)
    born = draw(
        st.dates(min_value=dt.date(1940, 1, 1), max_value=latest_birth_date(reference_date))
    )
    start = draw(
        st.dates(min_value=reference_date - dt.timedelta(days=2000), max_value=reference_date)
    )
    end = draw(
        st.dates(min_value=reference_date, max_value=reference_date + dt.timedelta(days=1500))
    )
    snapshot = {
        "profile": {
            "nationalities": [draw(st.sampled_from(members))],
            "date_of_birth": born.isoformat(),
            "languages": {"en": draw(st.sampled_from(["C1", "C2", "native"])), "fr": draw(level)},
            "education": [
                {
                    "level": draw(st.sampled_from(["bachelor", "master", "doctorate"])),
                    "start_date": start.isoformat(),
                    "end_date": end.isoformat(),
                    "status": "ongoing",
                    "field_of_study": "x",
                    "institution": "y",
                }
            ],
        },
        "documents": [
            {
                "id": "a",
                "kind": draw(st.sampled_from(["qualification", "proof_of_studies"])),
                "language": draw(st.sampled_from(["en", "fr"])),
            }
        ],
    }
    return snapshot, reference_date


@settings(max_examples=300, deadline=None)
@given(eligible_snapshots())
def test_meeting_all_four_criteria_gives_eligible(case):
    snapshot, reference_date = case

    result = screen(snapshot, reference_date)

    assert [c.outcome for c in result.criteria] == [Outcome.MET] * 4
    assert result.verdict == Verdict.ELIGIBLE


@settings(max_examples=100, deadline=None)
@given(snapshots, reference_dates)
def test_results_do_not_depend_on_the_servers_time_zone(snapshot, reference_date):
    baseline = screen(snapshot, reference_date)
    previous = os.environ.get("TZ")
    try:
        for zone in ("Pacific/Kiritimati", "America/Adak", "UTC"):
            os.environ["TZ"] = zone
            time.tzset()
            with timezone.override(zone):
                assert screen(snapshot, reference_date) == baseline
    finally:
        if previous is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = previous
        time.tzset()
