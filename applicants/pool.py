"""Building the shared candidate pool from eligible submissions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from vacancies.models import RecruitmentCycle

from .choices import EducationLevel
from .models import Application, PoolEntry, Reservation

CHUNK = 1000
# highest first
EDUCATION_RANK = [
    EducationLevel.DOCTORATE,
    EducationLevel.MASTER,
    EducationLevel.BACHELOR,
    EducationLevel.OTHER,
]


def eligible_applications(*, cycle: RecruitmentCycle):
    """Submitted, screened eligible (by the rules or by TA), of a vacancy past its deadline."""
    return Application.objects.submitted().filter(
        cycle=cycle,
        assessment__verdict="eligible",
        vacancy__closed_for_changes_at__isnull=False,
    )


def build_pool_entries(
    *, cycle: RecruitmentCycle, candidate_ids: Iterable[int], at: dt.datetime
) -> int:
    """Create or refresh the pool entries of these candidates. Their status is kept.

    One build of a cycle's pool at a time: an entry gathers all of a candidate's eligible
    applications, so two deadline workers building for two vacancies of the cycle must not
    each write it from what they read before the other committed. The cycle row is held FOR
    NO KEY UPDATE, which drafts being created in the cycle do not wait for.
    """
    with transaction.atomic():
        RecruitmentCycle.objects.select_for_update(no_key=True).filter(pk=cycle.pk).first()
        return _build(cycle, sorted(set(candidate_ids)), at)


def _build(cycle: RecruitmentCycle, candidate_ids: list[int], at: dt.datetime) -> int:
    built = 0
    for start in range(0, len(candidate_ids), CHUNK):
        chunk = candidate_ids[start : start + CHUNK]
        rows = (
            eligible_applications(cycle=cycle)
            .filter(candidate_id__in=chunk)
            .order_by("candidate_id", "latest_submission__submitted_at")
            .values_list(
                "candidate_id",
                "vacancy__reference",
                "assessment__score",
                "latest_submission__snapshot",
            )
        )
        entries = _entries(cycle, rows, at)
        if entries:
            PoolEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["cycle", "candidate"],
                update_fields=[
                    "full_name",
                    "education_level",
                    "fields_of_study",
                    "institutions",
                    "search_text",
                    "institution_countries",
                    "nationalities",
                    "english_level",
                    "french_level",
                    "other_languages",
                    "preferred_start",
                    "work_areas",
                    "work_area_keys",
                    "score",
                    "vacancies",
                    "built_at",
                    "updated_at",
                ],
            )
        built += len(entries)
    return built


def rebuild_pool(*, cycle: RecruitmentCycle, at: dt.datetime) -> tuple[int, int]:
    """Rebuild a cycle's pool from its eligible submissions: (entries built, entries removed).

    Entries are refreshed in place, so reservations and their history stay. A candidate no
    longer eligible (TA overrode a criterion) leaves the pool, unless a division holds or
    has asked for them.
    """
    with transaction.atomic():
        eligible = eligible_applications(cycle=cycle).values("candidate_id")
        built = build_pool_entries(
            cycle=cycle, candidate_ids=eligible.values_list("candidate_id", flat=True), at=at
        )
        removed = _remove(PoolEntry.objects.filter(cycle=cycle).exclude(candidate_id__in=eligible))
    return built, removed


def refresh_pool(*, cycle: RecruitmentCycle, candidate_ids: Iterable[int], at: dt.datetime):
    """Bring these candidates' entries in line with their assessments now, not at the next
    rebuild: in the pool if eligible in a closed vacancy of the cycle, out if no longer
    (unless a division holds or has asked for them). Returns (entries built, removed)."""
    candidate_ids = set(candidate_ids)
    with transaction.atomic():
        eligible = set(
            eligible_applications(cycle=cycle)
            .filter(candidate_id__in=candidate_ids)
            .values_list("candidate_id", flat=True)
        )
        built = build_pool_entries(cycle=cycle, candidate_ids=eligible, at=at)
        removed = _remove(
            PoolEntry.objects.filter(cycle=cycle, candidate_id__in=candidate_ids - eligible)
        )
    return built, removed


def _remove(entries) -> int:
    """Delete these entries, but for those a division holds or has asked for: TA settles
    those requests first (deleting would take them and their history)."""
    asked = Reservation.objects.filter(status__in={*Reservation.OPEN, *Reservation.HOLDING})
    _total, deleted = entries.exclude(reservations__in=asked).delete()
    return deleted.get(PoolEntry._meta.label, 0)


def _entries(cycle, rows, at) -> list[PoolEntry]:
    by_candidate: dict[int, list] = {}
    for candidate_id, reference, score, snapshot in rows:
        by_candidate.setdefault(candidate_id, []).append((reference, score or 0, snapshot))
    return [
        _entry(cycle, candidate_id, applications, at)
        for candidate_id, applications in by_candidate.items()
    ]


def _entry(cycle, candidate_id: int, applications: list, at) -> PoolEntry:
    # the latest submission holds the latest profile
    profile = applications[-1][2].get("profile", {})
    education = profile.get("education") or []
    levels = {entry.get("level") for entry in education}
    highest = next((level for level in EDUCATION_RANK if level in levels), "")
    work_areas: list[dict] = []
    for _reference, _score, snapshot in applications:
        for area in snapshot.get("answers", {}).get("work_areas", []):
            named = {"en": area.get("title_en", ""), "fr": area.get("title_fr", "")}
            if named not in work_areas:
                work_areas.append(named)
    languages = profile.get("languages") or {}
    fields_of_study = "; ".join(sorted({e.get("field_of_study", "") for e in education} - {""}))
    institutions = "; ".join(sorted({e.get("institution", "") for e in education} - {""}))
    return PoolEntry(
        cycle=cycle,
        candidate_id=candidate_id,
        full_name=f"{profile.get('first_name', '')} {profile.get('last_name', '')}".strip(),
        education_level=highest,
        fields_of_study=fields_of_study,
        institutions=institutions,
        search_text=f"{fields_of_study} | {institutions}",
        institution_countries=_codes(e.get("country") for e in education),
        nationalities=_codes(profile.get("nationalities") or []),
        english_level=languages.get("en") or "",
        french_level=languages.get("fr") or "",
        other_languages=_codes(
            f"{skill.get('language')}:{skill.get('level')}" for skill in languages.get("other", [])
        ),
        preferred_start=profile.get("preferred_start") or "",
        work_areas=work_areas,
        work_area_keys="".join(f"|{area['en']}" for area in work_areas) + "|" if work_areas else "",
        score=max(score for _reference, score, _snapshot in applications),
        vacancies=_codes(reference for reference, _score, _snapshot in applications),
        built_at=at,
    )


def _codes(values) -> str:
    codes = sorted({value for value in values if value})
    return f",{','.join(codes)}," if codes else ""
