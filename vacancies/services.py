"""Writes on vacancies: publishing a notice, loading the seed notices."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import (
    COMPETENCY_TRANSLATED_FIELDS,
    CYCLE_TRANSLATED_FIELDS,
    DIVISION_TRANSLATED_FIELDS,
    LANGUAGE_CODES,
    VACANCY_TRANSLATED_FIELDS,
    WORK_AREA_TRANSLATED_FIELDS,
    Competency,
    Division,
    RecruitmentCycle,
    Vacancy,
    WorkArea,
    missing_translations,
)

SEED_FILE = Path(__file__).resolve().parent / "seeds" / "notices.toml"


def notice_missing_translations(*, vacancy: Vacancy) -> list[str]:
    """Every text of the notice (its cycle, division, work areas, competencies) left empty."""
    missing = missing_translations(vacancy, VACANCY_TRANSLATED_FIELDS)
    missing += [
        f"{vacancy.cycle._meta.verbose_name}: {label}"
        for label in missing_translations(vacancy.cycle, CYCLE_TRANSLATED_FIELDS)
    ]
    missing += [
        f"{vacancy.division._meta.verbose_name}: {label}"
        for label in missing_translations(vacancy.division, DIVISION_TRANSLATED_FIELDS)
    ]
    for area in vacancy.work_areas.all():
        missing += [
            f"{area._meta.verbose_name} {area.position}: {label}"
            for label in missing_translations(area, WORK_AREA_TRANSLATED_FIELDS)
        ]
    if not vacancy.competencies.exists():
        missing.append(str(Competency._meta.verbose_name_plural))
    for competency in vacancy.competencies.all():
        missing += [
            f"{competency._meta.verbose_name} {competency.position}: {label}"
            for label in missing_translations(competency, COMPETENCY_TRANSLATED_FIELDS)
        ]
    return missing


@transaction.atomic
def publish_vacancy(*, vacancy: Vacancy) -> Vacancy:
    """Publish a notice, refused unless every text is filled in English and in French."""
    missing = notice_missing_translations(vacancy=vacancy)
    if missing:
        raise ValidationError(
            _(
                "%(reference)s cannot be published until every text is filled in English "
                "and in French. Missing: %(fields)s."
            )
            % {"reference": vacancy.reference, "fields": ", ".join(missing)}
        )
    vacancy.status = Vacancy.Status.PUBLISHED
    vacancy.save(update_fields=["status", "updated_at"])
    return vacancy


@dataclass(frozen=True)
class SeedResult:
    cycle: RecruitmentCycle
    vacancies: list[Vacancy]


def _upsert(model, *, lookup: dict, values: dict, update: bool, keep=()) -> tuple[object, bool]:
    """Get or create by `lookup`; with `update`, bring an existing row back to `values`
    (but the fields in `keep`), saving only if a value differs. Returns (row, created)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True
    if not update:
        return obj, False
    changed = [
        name for name, value in values.items() if name not in keep and getattr(obj, name) != value
    ]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
    return obj, False


def _translated(record: dict, field_names: tuple[str, ...]) -> dict[str, str]:
    return {
        f"{name}_{code}": record[f"{name}_{code}"].strip()
        for name in field_names
        for code in LANGUAGE_CODES
    }


def _replace_positioned_children(model, *, vacancy: Vacancy, records: list[dict], fields) -> None:
    for position, record in enumerate(records, start=1):
        _upsert(
            model,
            lookup={"vacancy": vacancy, "position": position},
            values=_translated(record, fields),
            update=True,
        )
    model.objects.filter(vacancy=vacancy, position__gt=len(records)).delete()


@transaction.atomic
def load_seed_vacancies(*, path: Path = SEED_FILE, update: bool = False) -> SeedResult:
    """Create the cycle, divisions and published vacancies of the seed file that are missing.

    What is already there is left as staff made it (a deadline extended, a vacancy taken
    down): the site may run this at every start. With `update`, the rows are brought back
    to the file, but for the fields a vacancy has settled (Vacancy.settled_fields).
    Idempotent: rows are matched by code and reference, so a second run changes nothing.
    """
    with path.open("rb") as seed_file:
        seed = tomllib.load(seed_file)

    cycle_record = seed["cycle"]
    cycle, _created = _upsert(
        RecruitmentCycle,
        lookup={"code": cycle_record["code"]},
        values={
            "closes_at": cycle_record["closes_at"],
            "application_cap": cycle_record["application_cap"],
            **_translated(cycle_record, CYCLE_TRANSLATED_FIELDS),
        },
        update=update,
    )
    divisions = {
        record["code"]: _upsert(
            Division,
            lookup={"code": record["code"]},
            values=_translated(record, DIVISION_TRANSLATED_FIELDS),
            update=update,
        )[0]
        for record in seed["divisions"]
    }

    defaults = seed["vacancy_defaults"]
    vacancies = []
    for vacancy_record in seed["vacancies"]:
        record = {**defaults, **vacancy_record}
        existing = Vacancy.objects.filter(reference=record["reference"]).first()
        vacancy, created = _upsert(
            Vacancy,
            lookup={"reference": record["reference"]},
            values={
                "cycle": cycle,
                "division": divisions[record["division"]],
                "closes_at": record.get("closes_at", cycle.closes_at),
                "grade": record["grade"],
                "clearance_level": record["clearance_level"],
                "monthly_grant": Decimal(record["monthly_grant"]),
                "info_session_at": record["info_session_at"],
                "info_session_url": record["info_session_url"],
                **_translated(record, VACANCY_TRANSLATED_FIELDS),
            },
            update=update,
            keep=existing.settled_fields() if existing else (),
        )
        vacancies.append(vacancy)
        if not (created or update):
            continue
        _replace_positioned_children(
            WorkArea,
            vacancy=vacancy,
            records=record.get("work_areas", []),
            fields=WORK_AREA_TRANSLATED_FIELDS,
        )
        _replace_positioned_children(
            Competency,
            vacancy=vacancy,
            records=record["competencies"],
            fields=COMPETENCY_TRANSLATED_FIELDS,
        )
        if created:
            publish_vacancy(vacancy=vacancy)
    return SeedResult(cycle=cycle, vacancies=vacancies)
