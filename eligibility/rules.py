"""The notice's essential criteria as rules, and its desirable criteria as a score.

Pure functions of a submission snapshot (plain data, see applicants/snapshots.py) and a
reference date: no database, no clock, no time zone. Each criterion is `met`, `not_met` or
`needs_review`, with a reason in English and in French that names the dates that matter.
Missing or malformed data gives `needs_review`, never an exception.

The rules, as the notices state them (criteria must be met at the reference date, which is
the application deadline):
1. national of a NATO member state: any one nationality suffices, and the state must have
   joined by the reference date (Finland 2023-04-04, Sweden 2024-03-07);
2. at least 21 years old. Decision for 29 February births: in a common year the birthday is
   1 March (the day the full years are complete), so the latest date of birth allowed is
   the reference date 21 years earlier, or 28 February when that day does not exist;
3. at least two years (730 days) of university-level studies completed, or a student on the
   reference date, or the highest degree obtained no more than 12 months before it (exactly
   12 months still counts); "equivalent education" is for a person to judge. The documents
   that prove it must be attached, with a translation for any not in English or French;
4. proficiency (C1, C2 or native) in English or French.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext
from django_countries import countries

RULES_VERSION = "2025.1"

# the 32 member states and the day each joined the Alliance
NATO_MEMBERS: dict[str, dt.date] = {
    **dict.fromkeys(
        ["BE", "CA", "DK", "FR", "IS", "IT", "LU", "NL", "NO", "PT", "GB", "US"],
        dt.date(1949, 8, 24),
    ),
    "GR": dt.date(1952, 2, 18),
    "TR": dt.date(1952, 2, 18),
    "DE": dt.date(1955, 5, 6),
    "ES": dt.date(1982, 5, 30),
    **dict.fromkeys(["CZ", "HU", "PL"], dt.date(1999, 3, 12)),
    **dict.fromkeys(["BG", "EE", "LV", "LT", "RO", "SK", "SI"], dt.date(2004, 3, 29)),
    **dict.fromkeys(["AL", "HR"], dt.date(2009, 4, 1)),
    "ME": dt.date(2017, 6, 5),
    "MK": dt.date(2020, 3, 27),
    "FI": dt.date(2023, 4, 4),
    "SE": dt.date(2024, 3, 7),
}

# Partnership for Peace, Mediterranean Dialogue, Istanbul Cooperation Initiative and
# partners across the globe: their nationals are told to contact their delegation
PARTNER_COUNTRIES = frozenset(
    [
        *["AM", "AT", "AZ", "BA", "CH", "GE", "IE", "KZ", "KG", "MD", "MT", "RS"],
        *["TJ", "TM", "UA", "UZ"],
        *["DZ", "EG", "IL", "JO", "MR", "MA", "TN"],
        *["AE", "BH", "KW", "QA"],
        *["AU", "CO", "IQ", "JP", "KR", "MN", "NZ", "PK"],
    ]
)

LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]
PROFICIENT = {"C1", "C2", "native"}
UNIVERSITY_LEVELS = {"bachelor", "master", "doctorate"}
DEGREE_LEVELS = {"bachelor", "master", "doctorate"}
TWO_YEARS = dt.timedelta(days=730)
EVIDENCE_KINDS = {"qualification", "proof_of_studies"}


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NEEDS_REVIEW = "needs_review"


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True)
class Reason:
    en: str
    fr: str


@dataclass(frozen=True)
class CriterionResult:
    code: str
    outcome: Outcome
    reason: Reason


@dataclass(frozen=True)
class DesirableResult:
    code: str
    met: bool
    reason: Reason


@dataclass(frozen=True)
class Screening:
    verdict: Verdict
    criteria: tuple[CriterionResult, ...]
    desirable: tuple[DesirableResult, ...]
    reference_date: dt.date
    rules_version: str = RULES_VERSION

    @property
    def score(self) -> int:
        return sum(result.met for result in self.desirable)

    def not_met_or_to_review(self) -> list[CriterionResult]:
        return [result for result in self.criteria if result.outcome != Outcome.MET]

    def criteria_as_data(self) -> list[dict]:
        return [
            {
                "code": r.code,
                "outcome": r.outcome.value,
                "reason_en": r.reason.en,
                "reason_fr": r.reason.fr,
            }
            for r in self.criteria
        ]

    def desirable_as_data(self) -> list[dict]:
        return [
            {"code": r.code, "met": r.met, "reason_en": r.reason.en, "reason_fr": r.reason.fr}
            for r in self.desirable
        ]


# A rule returns its outcome and a function that words the reason in the active language:
# screen() words every reason once in English and once in French.
Wording = Callable[[], str]

ESSENTIAL = ("nationality", "age", "education", "language")
DESIRABLE = ("degree", "second_language", "it_skills", "experience")


def screen(snapshot: dict, reference_date: dt.date, *, check_documents: bool = True) -> Screening:
    """Screen one snapshot against the essential and desirable criteria."""
    profile = _dict(snapshot.get("profile") if isinstance(snapshot, dict) else None)
    documents = _list(snapshot.get("documents")) if isinstance(snapshot, dict) else []
    ref = reference_date
    essential = [
        ("nationality", *nationality(profile, ref)),
        ("age", *age(profile, ref)),
        ("education", *education(profile, documents if check_documents else None, ref)),
        ("language", *language(profile, ref)),
    ]
    desirable = [
        ("degree", *has_degree(profile, ref)),
        ("second_language", *knows_second_language(profile, ref)),
        ("it_skills", *is_advanced_it_user(profile, ref)),
        ("experience", *has_experience(profile, ref)),
    ]
    english = _word_all([wording for _code, _outcome, wording in essential + desirable], "en")
    french = _word_all([wording for _code, _outcome, wording in essential + desirable], "fr")
    reasons = [Reason(en, fr) for en, fr in zip(english, french, strict=True)]
    criteria = tuple(
        CriterionResult(code, outcome, reason)
        for (code, outcome, _wording), reason in zip(
            essential, reasons[: len(essential)], strict=True
        )
    )
    desirable_results = tuple(
        DesirableResult(code, met, reason)
        for (code, met, _wording), reason in zip(desirable, reasons[len(essential) :], strict=True)
    )
    return Screening(_verdict(criteria), criteria, desirable_results, ref)


def _verdict(criteria: tuple[CriterionResult, ...]) -> Verdict:
    outcomes = {result.outcome for result in criteria}
    if Outcome.NOT_MET in outcomes:
        return Verdict.INELIGIBLE
    if Outcome.NEEDS_REVIEW in outcomes:
        return Verdict.NEEDS_REVIEW
    return Verdict.ELIGIBLE


# the language reasons are being worded in: set by _word_all for the rules' own gettext
_wording_language: ContextVar[str] = ContextVar("wording_language", default="en")


def _word_all(wordings: list[Wording], language: str) -> list[str]:
    token = _wording_language.set(language)
    try:
        return [wording() for wording in wordings]
    finally:
        _wording_language.reset(token)


def _(message: str) -> str:
    """gettext in the wording language; a bulk screening asks the same few messages again
    and again, so each is looked up once per language."""
    return _translated(message, _wording_language.get())


@lru_cache(maxsize=1024)
def _translated(message: str, language: str) -> str:
    with translation.override(language):
        return gettext(message)


# --- The essential criteria ----------------------------------------------------------------


def nationality(profile: dict, ref: dt.date) -> tuple[Outcome, Wording]:
    codes = [str(code).upper() for code in _list(profile.get("nationalities")) if code]
    if not codes:
        return Outcome.NEEDS_REVIEW, lambda: _("No nationality was given.")
    for code in codes:
        joined = NATO_MEMBERS.get(code)
        if joined and joined <= ref:
            return (
                Outcome.MET,
                lambda code=code, joined=joined: (
                    _("National of %(country)s, a NATO member state since %(date)s.")
                    % {"country": _country(code), "date": _day(joined)}
                ),
            )
    late = [code for code in codes if code in NATO_MEMBERS]
    if late:
        code = late[0]
        return (
            Outcome.NOT_MET,
            lambda: (
                _(
                    "%(country)s joined NATO on %(joined)s, after the reference date of %(date)s: "
                    "its nationals can apply from the next recruitment cycle."
                )
                % {"country": _country(code), "joined": _day(NATO_MEMBERS[code]), "date": _day(ref)}
            ),
        )
    partners = [code for code in codes if code in PARTNER_COUNTRIES]
    if partners:
        return (
            Outcome.NOT_MET,
            lambda: (
                _(
                    "The programme is open only to nationals of NATO member states. "
                    "%(country)s is a NATO partner country: contact its delegation to NATO "
                    "about the opportunities open to its nationals."
                )
                % {"country": _country(partners[0])}
            ),
        )
    return (
        Outcome.NOT_MET,
        lambda: (
            _(
                "The programme is open only to nationals of NATO member states, and %(countries)s "
                "is not one."
            )
            % {"countries": ", ".join(_country(code) for code in codes)}
        ),
    )


def latest_birth_date(ref: dt.date, years: int = 21) -> dt.date:
    """The latest date of birth of someone `years` old on `ref` (29 February → 1 March)."""
    try:
        return ref.replace(year=ref.year - years)
    except ValueError:  # ref is 29 February and that year has none
        return ref.replace(year=ref.year - years, day=28)


def age(profile: dict, ref: dt.date) -> tuple[Outcome, Wording]:
    born = _date(profile.get("date_of_birth"))
    latest = latest_birth_date(ref)
    if born is None:
        return (
            Outcome.NEEDS_REVIEW,
            lambda: (
                _(
                    "No date of birth was given. To be 21 on %(date)s, you must be born on "
                    "or before %(latest)s."
                )
                % {"date": _day(ref), "latest": _day(latest)}
            ),
        )
    if born <= latest:
        return (
            Outcome.MET,
            lambda: (
                _("21 or older on %(date)s: born on or before %(latest)s.")
                % {"date": _day(ref), "latest": _day(latest)}
            ),
        )
    return (
        Outcome.NOT_MET,
        lambda: (
            _(
                "You must be born on or before %(latest)s to be 21 on %(date)s; you were born on "
                "%(born)s."
            )
            % {"latest": _day(latest), "date": _day(ref), "born": _day(born)}
        ),
    )


@dataclass(frozen=True)
class _Study:
    level: str
    field: str
    institution: str
    start: dt.date
    end: dt.date
    ongoing: bool


def _studies(profile: dict) -> tuple[list[_Study], int]:
    """The education entries that can be read, and how many could not."""
    studies, unreadable = [], 0
    for entry in _list(profile.get("education")):
        entry = _dict(entry)
        start, end = _date(entry.get("start_date")), _date(entry.get("end_date"))
        if start is None or end is None or end < start:
            unreadable += 1
            continue
        studies.append(
            _Study(
                level=str(entry.get("level") or ""),
                field=str(entry.get("field_of_study") or ""),
                institution=str(entry.get("institution") or ""),
                start=start,
                end=end,
                ongoing=entry.get("status") == "ongoing",
            )
        )
    return studies, unreadable


def degree_cutoff(ref: dt.date) -> dt.date:
    """The earliest degree date that is still "no longer than 12 months" before `ref`."""
    try:
        return ref.replace(year=ref.year - 1)
    except ValueError:
        return ref.replace(year=ref.year - 1, day=28)


def education(profile: dict, documents: list | None, ref: dt.date) -> tuple[Outcome, Wording]:
    studies, unreadable = _studies(profile)
    if not studies:
        if unreadable:
            return Outcome.NEEDS_REVIEW, lambda: _(
                "The dates of your education cannot be read: a person will check them."
            )
        return Outcome.NEEDS_REVIEW, lambda: _("No education was given.")
    outcome, wording = _education_path(studies, ref)
    if outcome == Outcome.MET and documents is not None:
        problem = _documents_problem(documents)
        if problem is not None:
            return Outcome.NEEDS_REVIEW, problem
    return outcome, wording


def _education_path(studies: list[_Study], ref: dt.date) -> tuple[Outcome, Wording]:
    university = [study for study in studies if study.level in UNIVERSITY_LEVELS]
    for study in university:
        if study.ongoing and study.start <= ref <= study.end:
            return Outcome.MET, lambda study=study: _a_student(study, ref)
    studied = _time_studied(university, ref)
    if studied >= TWO_YEARS:
        return (
            Outcome.MET,
            lambda: (
                _("Two years or more of university studies completed by %(date)s.")
                % {"date": _day(ref)}
            ),
        )
    cutoff = degree_cutoff(ref)
    for study in university:
        if not study.ongoing and cutoff <= study.end <= ref:
            return (
                Outcome.MET,
                lambda study=study: (
                    _("Degree obtained on %(end)s, no more than 12 months before %(date)s.")
                    % {"end": _day(study.end), "date": _day(ref)}
                ),
            )
    other = [study for study in studies if study.level not in UNIVERSITY_LEVELS]
    if other and other[0].field:
        return (
            Outcome.NEEDS_REVIEW,
            lambda: (
                _(
                    "Education other than a university degree (%(field)s) may be equivalent: a "
                    "person will assess it."
                )
                % {"field": other[0].field}
            ),
        )
    if other:
        return Outcome.NEEDS_REVIEW, lambda: _(
            "Education other than a university degree may be equivalent: a person will assess it."
        )
    overdue = [study for study in university if study.ongoing and study.end < ref]
    if overdue:
        return (
            Outcome.NEEDS_REVIEW,
            lambda: (
                _(
                    "Studies expected to end on %(end)s are still marked as ongoing: a person will "
                    "check whether you are a student or a recent graduate."
                )
                % {"end": _day(overdue[0].end)}
            ),
        )
    return (
        Outcome.NOT_MET,
        lambda: (
            _(
                "By %(date)s you need two years of university studies completed, to be a student, "
                "or a degree obtained on or after %(cutoff)s."
            )
            % {"date": _day(ref), "cutoff": _day(cutoff)}
        ),
    )


def _a_student(study: _Study, ref: dt.date) -> str:
    # the self-check knows neither the field nor the institution: no empty slots in the sentence
    where = ", ".join(part for part in (study.field, study.institution) if part)
    if not where:
        return _("A student on %(date)s.") % {"date": _day(ref)}
    return _("A student on %(date)s: %(studies)s.") % {"date": _day(ref), "studies": where}


def _time_studied(studies: list[_Study], ref: dt.date) -> dt.timedelta:
    """Time spent in university studies up to `ref`, overlapping periods counted once."""
    periods = sorted((study.start, min(study.end, ref)) for study in studies if study.start < ref)
    total, current_start, current_end = dt.timedelta(0), None, None
    for start, end in periods:
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


def _documents_problem(documents: list) -> Wording | None:
    documents = [_dict(document) for document in documents]
    if not any(document.get("kind") in EVIDENCE_KINDS for document in documents):
        return lambda: _(
            "No copy of university qualifications and no proof of ongoing studies is attached."
        )
    translated = {
        document.get("translation_of")
        for document in documents
        if document.get("kind") == "translation"
    }
    for document in documents:
        if document.get("kind") == "translation" or document.get("language") in ("en", "fr"):
            continue
        if document.get("id") not in translated:
            return lambda document=document: (
                _("“%(name)s” is in neither English nor French and no translation is attached.")
                % {"name": document.get("original_name") or "?"}
            )
    return None


def language(profile: dict, ref: dt.date) -> tuple[Outcome, Wording]:
    languages = _dict(profile.get("languages"))
    english, french = languages.get("en") or "", languages.get("fr") or ""
    if not english and not french:
        return Outcome.NEEDS_REVIEW, lambda: _("No level of English or French was given.")
    for code, level in (("en", english), ("fr", french)):
        if level in PROFICIENT:
            return (
                Outcome.MET,
                lambda code=code, level=level: (
                    _("Proficient in %(language)s (%(level)s).")
                    % {"language": _official_language(code), "level": _level(level)}
                ),
            )
    return (
        Outcome.NOT_MET,
        lambda: (
            _(
                "You need C1 or above, or to be a native speaker, in English or in French; "
                "you gave English %(english)s and French %(french)s."
            )
            % {"english": _level(english) or "—", "french": _level(french) or "—"}
        ),
    )


# --- The desirable criteria ----------------------------------------------------------------


def has_degree(profile: dict, ref: dt.date) -> tuple[bool, Wording]:
    studies, _unreadable = _studies(profile)
    for study in studies:
        if study.level in DEGREE_LEVELS and not study.ongoing and study.end <= ref:
            return True, lambda: _("A bachelor's degree or higher.")
        final_year = (ref + dt.timedelta(days=365)) >= study.end >= ref
        if study.level == "master" and study.ongoing and final_year:
            return True, lambda: _("In the final stage of a master's degree.")
    return False, lambda: _("No completed bachelor's degree, nor the final stage of a master's.")


def knows_second_language(profile: dict, ref: dt.date) -> tuple[bool, Wording]:
    languages = _dict(profile.get("languages"))
    english, french = languages.get("en") or "", languages.get("fr") or ""
    if _rank(english) >= _rank("A2") and _rank(french) >= _rank("A2"):
        return True, lambda: _("Elementary knowledge (A2 or above) of both English and French.")
    return False, lambda: _("Less than elementary knowledge (A2) of the second official language.")


def is_advanced_it_user(profile: dict, ref: dt.date) -> tuple[bool, Wording]:
    if profile.get("it_skills") == "advanced":
        return True, lambda: _("An advanced user of IT tools.")
    return False, lambda: _("Not an advanced user of IT tools.")


def has_experience(profile: dict, ref: dt.date) -> tuple[bool, Wording]:
    if _list(profile.get("experience")):
        return True, lambda: _(
            "Experience with an international organisation, a national administration, "
            "research or industry."
        )
    return False, lambda: _("No previous experience given.")


# --- Reading plain data defensively --------------------------------------------------------


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else -1


# screening words the same few dates and countries for thousands of candidates: each is
# formatted once per language
def _day(value: dt.date) -> str:
    return _day_in(value, _wording_language.get())


@lru_cache(maxsize=8192)
def _day_in(value: dt.date, language: str) -> str:
    with translation.override(language):
        return date_format(value, "j F Y")


def _country(code: str) -> str:
    return _country_in(code, _wording_language.get())


@lru_cache(maxsize=1024)
def _country_in(code: str, language: str) -> str:
    with translation.override(language):
        return str(countries.name(code)) or code


def _level(code: str) -> str:
    return _("native speaker") if code == "native" else code


def _official_language(code: str) -> str:
    return _("English") if code == "en" else _("French")
