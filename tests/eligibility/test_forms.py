"""The public "Am I eligible?" self-check: its answers, screened by the same rules."""

from __future__ import annotations

import datetime as dt

import pytest

from eligibility.forms import EligibilityCheckForm
from eligibility.rules import Outcome, screen

REF = dt.date(2025, 6, 22)


def check(**answers) -> dict:
    """The education criterion the self-check gives for these answers."""
    form = EligibilityCheckForm(
        {"nationality": "BE", "date_of_birth": "2001-05-14", "english": "C1", **answers}
    )
    assert form.is_valid(), form.errors
    result = screen({"profile": form.profile(REF)}, REF, check_documents=False)
    return next(c for c in result.criteria if c.code == "education")


def graduate(degree: str, *, years: int) -> dict:
    """A real snapshot's education: a bachelor begun in September `years` years before it
    was obtained on `degree`."""
    begun = dt.date(dt.date.fromisoformat(degree).year - years, 9, 15)
    return {
        "level": "bachelor",
        "field_of_study": "Law",
        "institution": "KU Leuven",
        "start_date": begun.isoformat(),
        "end_date": degree,
        "status": "completed",
    }


def test_a_student_is_told_so_in_a_whole_sentence():
    education = check(studies="student")

    assert education.outcome == Outcome.MET
    assert education.reason.en == "A student on 22 June 2025."
    assert education.reason.fr == "Étudiant(e) le 22 juin 2025."


def test_other_education_names_no_empty_field():
    education = check(studies="other")

    assert education.outcome == Outcome.NEEDS_REVIEW
    assert "()" not in education.reason.en
    assert "your studies" not in education.reason.en
    assert "vos études" not in education.reason.fr


@pytest.mark.parametrize(
    "degree",
    [
        "2025-06-22",  # on the reference date
        "2024-06-22",  # exactly 12 months before
        "2024-06-21",  # a day more than 12 months before: two years of studies still count
        "2019-07-01",
        "2008-02-29",
    ],
)
def test_a_degree_is_met_whenever_the_rules_meet_a_graduate(degree):
    real = screen(
        {"profile": {"education": [graduate(degree, years=3)]}}, REF, check_documents=False
    )
    expected = next(c for c in real.criteria if c.code == "education").outcome

    education = check(studies="graduate", degree_date=degree)

    assert expected == Outcome.MET
    assert education.outcome == expected


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"date_of_birth": "2090-01-01"}, "date_of_birth", "cannot be in the future"),
        ({"date_of_birth": "1800-01-01"}, "date_of_birth", "Check the year"),
        (
            {"studies": "graduate", "degree_date": "2090-06-30"},
            "degree_date",
            "cannot be in the future",
        ),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(answers, field, message):
    form = EligibilityCheckForm(
        {
            "nationality": "BE",
            "date_of_birth": "2001-05-14",
            "studies": "student",
            "english": "C1",
            **answers,
        }
    )

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])
