"""The rules on plain data: no database, no clock."""

from __future__ import annotations

import datetime as dt

import pytest

from eligibility.rules import (
    NATO_MEMBERS,
    Outcome,
    Verdict,
    degree_cutoff,
    latest_birth_date,
    screen,
)

REF = dt.date(2025, 6, 22)


def snapshot(**profile_overrides) -> dict:
    """A candidate who meets every essential criterion on REF, with a diploma attached."""
    profile = {
        "nationalities": ["BE"],
        "date_of_birth": "2001-05-14",
        "languages": {"en": "C1", "fr": "A2", "other": []},
        "education": [study()],
        "it_skills": "advanced",
        "experience": ["research"],
    }
    documents = profile_overrides.pop("documents", [document()])
    profile.update(profile_overrides)
    return {"profile": profile, "documents": documents}


def study(level="master", start="2023-09-15", end="2026-02-28", status="ongoing", **extra):
    return {
        "level": level,
        "field_of_study": "Law",
        "institution": "KU Leuven",
        "start_date": start,
        "end_date": end,
        "status": status,
        **extra,
    }


def document(kind="qualification", language="en", id_="d1", translation_of=None, name="a.pdf"):
    return {
        "id": id_,
        "kind": kind,
        "language": language,
        "translation_of": translation_of,
        "original_name": name,
    }


def criterion(result, code):
    return next(c for c in result.criteria if c.code == code)


def test_a_candidate_meeting_everything_is_eligible():
    result = screen(snapshot(), REF)

    assert result.verdict == Verdict.ELIGIBLE
    assert [c.outcome for c in result.criteria] == [Outcome.MET] * 4
    assert result.score == 4


# --- Nationality ---------------------------------------------------------------------------


def test_there_are_32_members_with_their_accession_dates():
    assert len(NATO_MEMBERS) == 32
    assert NATO_MEMBERS["FI"] == dt.date(2023, 4, 4)
    assert NATO_MEMBERS["SE"] == dt.date(2024, 3, 7)


@pytest.mark.parametrize(
    ("nationalities", "reference_date", "outcome", "words"),
    [
        (["SE"], dt.date(2024, 3, 6), Outcome.NOT_MET, "joined NATO on 7 March 2024"),
        (["SE"], dt.date(2024, 3, 7), Outcome.MET, "since 7 March 2024"),
        (["FI"], dt.date(2023, 4, 3), Outcome.NOT_MET, "joined NATO on 4 April 2023"),
        (["FI"], dt.date(2023, 4, 4), Outcome.MET, "Finland"),
        (["CH", "FR"], REF, Outcome.MET, "France"),
        (["FR", "CH"], REF, Outcome.MET, "France"),
        (["CH"], REF, Outcome.NOT_MET, "contact its delegation to NATO"),
        (["UA"], REF, Outcome.NOT_MET, "partner country"),
        (["BR"], REF, Outcome.NOT_MET, "is not one"),
        ([], REF, Outcome.NEEDS_REVIEW, "No nationality was given."),
    ],
)
def test_nationality(nationalities, reference_date, outcome, words):
    result = criterion(screen(snapshot(nationalities=nationalities), reference_date), "nationality")

    assert result.outcome == outcome
    assert words in result.reason.en


def test_a_partner_national_is_told_in_french_too():
    result = criterion(screen(snapshot(nationalities=["CH"]), REF), "nationality")

    assert "Suisse" in result.reason.fr
    assert "délégation" in result.reason.fr


# --- Age -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "reference_date", "outcome"),
    [
        ("2004-06-22", REF, Outcome.MET),  # 21st birthday on the reference date
        ("2004-06-23", REF, Outcome.NOT_MET),  # 21st birthday the day after
        ("1990-01-01", REF, Outcome.MET),
        # 29 February births: the birthday is 1 March in common years
        ("2004-02-29", dt.date(2025, 2, 28), Outcome.NOT_MET),
        ("2004-02-29", dt.date(2025, 3, 1), Outcome.MET),
        ("2004-02-29", dt.date(2028, 2, 29), Outcome.MET),
        ("2007-02-28", dt.date(2028, 2, 29), Outcome.MET),  # 21 on 28 February 2028
        ("2007-03-01", dt.date(2028, 2, 29), Outcome.NOT_MET),
        (None, REF, Outcome.NEEDS_REVIEW),
        ("not a date", REF, Outcome.NEEDS_REVIEW),
    ],
)
def test_age(born, reference_date, outcome):
    assert criterion(screen(snapshot(date_of_birth=born), reference_date), "age").outcome == (
        outcome
    )


def test_the_age_reason_names_the_latest_date_of_birth_in_both_languages():
    result = criterion(screen(snapshot(date_of_birth="2005-01-01"), REF), "age")

    assert "You must be born on or before 22 June 2004 to be 21 on 22 June 2025" in (
        result.reason.en
    )
    assert "né(e) le 22 juin 2004 au plus tard" in result.reason.fr


@pytest.mark.parametrize(
    ("reference_date", "latest"),
    [
        (dt.date(2025, 6, 22), dt.date(2004, 6, 22)),
        (dt.date(2025, 3, 1), dt.date(2004, 3, 1)),
        (dt.date(2028, 2, 29), dt.date(2007, 2, 28)),
        (dt.date(2025, 2, 28), dt.date(2004, 2, 28)),
    ],
)
def test_latest_birth_date(reference_date, latest):
    assert latest_birth_date(reference_date) == latest


# --- Education -----------------------------------------------------------------------------


ONE_YEAR_MASTER = {"level": "master", "start": "2023-09-01", "status": "completed"}


@pytest.mark.parametrize(
    ("education", "outcome", "words"),
    [
        ([study()], Outcome.MET, "A student on 22 June 2025"),
        (
            [study(start="2019-09-01", end="2022-06-30", status="completed", level="bachelor")],
            Outcome.MET,
            "Two years or more",
        ),
        # a one-year degree: only the "recent graduate" path can hold
        ([study(**ONE_YEAR_MASTER, end="2024-06-22")], Outcome.MET, "no more than 12 months"),
        (
            [study(**ONE_YEAR_MASTER, end="2024-06-21")],
            Outcome.NOT_MET,
            "a degree obtained on or after 22 June 2024",
        ),
        # ...unless another path holds
        (
            [
                study(**ONE_YEAR_MASTER, end="2024-06-21"),
                study(level="bachelor", start="2019-09-01", end="2022-06-30", status="completed"),
            ],
            Outcome.MET,
            "Two years or more",
        ),
        (
            [study(level="other", start="2019-09-01", end="2024-06-30", status="completed")],
            Outcome.NEEDS_REVIEW,
            "may be equivalent",
        ),
        (
            [study(start="2022-09-01", end="2025-01-31", status="ongoing", level="bachelor")],
            Outcome.MET,
            "Two years or more",
        ),
        (
            [study(start="2024-09-01", end="2025-01-31", status="ongoing", level="bachelor")],
            Outcome.NEEDS_REVIEW,
            "still marked as ongoing",
        ),
        ([], Outcome.NEEDS_REVIEW, "No education was given."),
        ([{"level": "master", "start_date": "garbage"}], Outcome.NEEDS_REVIEW, "cannot be read"),
    ],
)
def test_education(education, outcome, words):
    result = criterion(screen(snapshot(education=education), REF), "education")

    assert result.outcome == outcome
    assert words in result.reason.en


def test_degree_cutoff_is_exactly_twelve_months_before():
    assert degree_cutoff(dt.date(2025, 6, 22)) == dt.date(2024, 6, 22)
    assert degree_cutoff(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("documents", "outcome", "words"),
    [
        ([], Outcome.NEEDS_REVIEW, "No copy of university qualifications"),
        ([document(language="de", name="Zeugnis.pdf")], Outcome.NEEDS_REVIEW, "Zeugnis.pdf"),
        (
            [document(language="de"), document(kind="translation", id_="t1", translation_of="d1")],
            Outcome.MET,
            "A student",
        ),
        ([document(kind="proof_of_studies", language="fr")], Outcome.MET, "A student"),
        (
            [document(kind="translation", id_="t1", translation_of="zz")],
            Outcome.NEEDS_REVIEW,
            "No copy",
        ),
    ],
)
def test_documents_must_prove_the_studies(documents, outcome, words):
    result = criterion(screen(snapshot(documents=documents), REF), "education")

    assert result.outcome == outcome
    assert words in result.reason.en


def test_the_public_check_leaves_documents_out():
    result = screen(snapshot(documents=[]), REF, check_documents=False)

    assert criterion(result, "education").outcome == Outcome.MET


# --- Languages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "french", "outcome"),
    [
        ("C1", "", Outcome.MET),
        ("B2", "C1", Outcome.MET),
        ("B2", "B2", Outcome.NOT_MET),
        ("", "native", Outcome.MET),
        ("C2", "A1", Outcome.MET),
        ("", "", Outcome.NEEDS_REVIEW),
    ],
)
def test_language(english, french, outcome):
    profile = {"languages": {"en": english, "fr": french}}
    assert criterion(screen(snapshot(**profile), REF), "language").outcome == outcome


def test_c1_versus_b2_is_explained():
    result = criterion(screen(snapshot(languages={"en": "B2", "fr": "A2"}), REF), "language")

    assert "you gave English B2 and French A2" in result.reason.en
    assert "anglais B2, français A2" in result.reason.fr


# --- Desirable criteria ----------------------------------------------------------------------


def test_the_score_counts_the_desirable_criteria_met():
    bare = snapshot(
        education=[study(level="bachelor", start="2023-09-01", end="2026-06-30")],
        languages={"en": "C1", "fr": "A1"},
        it_skills="basic",
        experience=[],
    )
    result = screen(bare, REF)
    assert result.score == 0
    assert result.verdict == Verdict.ELIGIBLE  # desirable criteria never exclude

    graduate = snapshot(
        education=[
            study(level="bachelor", start="2020-09-01", end="2023-06-30", status="completed")
        ]
    )
    assert {d.code: d.met for d in screen(graduate, REF).desirable} == {
        "degree": True,
        "second_language": True,
        "it_skills": True,
        "experience": True,
    }


def test_final_stage_of_a_masters_counts():
    final = snapshot(education=[study(level="master", start="2024-09-01", end="2026-01-31")])
    early = snapshot(education=[study(level="master", start="2025-01-01", end="2027-01-31")])

    assert next(d for d in screen(final, REF).desirable if d.code == "degree").met
    assert not next(d for d in screen(early, REF).desirable if d.code == "degree").met


# --- Robustness ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        {},
        {"profile": None},
        {"profile": "x"},
        {"profile": {"education": "x"}},
        {"profile": {"languages": None, "nationalities": "BE"}},
        {"documents": "x"},
        None,
        [],
    ],
)
def test_missing_or_malformed_data_needs_review_never_raises(broken):
    result = screen(broken, REF)

    assert result.verdict in (Verdict.NEEDS_REVIEW, Verdict.INELIGIBLE)
    assert all(c.reason.en and c.reason.fr for c in result.criteria)
