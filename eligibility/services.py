"""Writes on assessments: recording screenings in bulk, and TA's overrides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Assessment, AssessmentOverride, VerdictChoices
from .rules import screen


@dataclass(frozen=True)
class SubmittedSnapshot:
    """What screening needs of one application: plain data, no model."""

    application_id: int
    submission_id: int
    snapshot: dict


def record_screenings(
    *, rows: Iterable[SubmittedSnapshot], reference_date: dt.date, at: dt.datetime
) -> int:
    """Screen the rows and store their assessments, in one query whatever their number.

    An application screened before keeps its TA override: the rules' verdict is refreshed,
    the outcome stays TA's.
    """
    assessments = []
    for row in rows:
        screening = screen(row.snapshot, reference_date)
        assessments.append(
            Assessment(
                application_id=row.application_id,
                submission_id=row.submission_id,
                computed_verdict=screening.verdict.value,
                criteria=screening.criteria_as_data(),
                desirable=screening.desirable_as_data(),
                score=screening.score,
                rules_version=screening.rules_version,
                reference_date=reference_date,
                assessed_at=at,
            )
        )
    if not assessments:
        return 0
    # one INSERT ... ON CONFLICT UPDATE; the override column is not touched, so TA's
    # verdict stays the outcome (the database derives it)
    Assessment.objects.bulk_create(
        assessments,
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=[
            "submission",
            "computed_verdict",
            "criteria",
            "desirable",
            "score",
            "rules_version",
            "reference_date",
            "assessed_at",
        ],
    )
    return len(assessments)


@transaction.atomic
def override_verdict(
    *, assessment: Assessment, verdict: str, reason: str, by, at: dt.datetime
) -> Assessment:
    """Set the outcome TA stands by; the reason is required and the decision kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for changing the outcome.")})
    if verdict not in VerdictChoices.values:
        raise ValidationError({"verdict": _("Choose an outcome.")})
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    AssessmentOverride.objects.create(
        assessment=locked,
        previous_verdict=locked.verdict,
        verdict=verdict,
        reason=reason,
        decided_by=by,
        decided_at=at,
    )
    locked.override_verdict = verdict
    locked.save(update_fields=["override_verdict"])
    locked.refresh_from_db(fields=["verdict"])
    return locked
