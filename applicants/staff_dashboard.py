"""The counts on Talent Acquisition's dashboard, each from one grouped query."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q

from vacancies.models import Vacancy

from .models import Application, Candidate, PoolEntry, ReviewStatus

SUBMITTED = Q(status=Application.Status.SUBMITTED)
STATES = {
    "drafts": Q(status=Application.Status.DRAFT),
    "submitted": SUBMITTED,
    "eligible": SUBMITTED & Q(assessment__verdict="eligible"),
    "needs_review": SUBMITTED & Q(assessment__verdict="needs_review"),
    "shortlisted": SUBMITTED & Q(review_status=ReviewStatus.SHORTLISTED),
    "selected": SUBMITTED & Q(review_status=ReviewStatus.SELECTED),
}


def _prefixed(condition: Q, prefix: str) -> Q:
    """The same condition seen from a related model (Q(status=…) → Q(applications__status=…))."""
    prefixed = Q()
    prefixed.connector, prefixed.negated = condition.connector, condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            prefixed.children.append(_prefixed(child, prefix))
        else:
            prefixed.children.append((f"{prefix}{child[0]}", child[1]))
    return prefixed


def dashboard_counts() -> dict:
    vacancies = (
        Vacancy.objects.published()
        .select_related("division", "cycle")
        .annotate(
            **{
                name: Count("applications", filter=_prefixed(condition, "applications__"))
                for name, condition in STATES.items()
            }
        )
        .order_by("-closes_at", "reference")
    )
    # nationalities are stored "BE,FR": group by the combinations, then count each country
    by_nationality: dict[str, Counter] = {}
    rows = Application.objects.values("candidate__nationalities").annotate(
        **{name: Count("pk", filter=condition) for name, condition in STATES.items()}
    )
    for row in rows:
        for code in _split(row["candidate__nationalities"], ","):
            counts = by_nationality.setdefault(code, Counter())
            for name in STATES:
                counts[name] += row[name]
    applicants, applicants_total = _country_counts(
        Candidate.objects.filter(applications__status=Application.Status.SUBMITTED)
        .values("nationalities")
        .annotate(n=Count("pk", distinct=True)),
        "nationalities",
    )
    pool, pool_total = _country_counts(
        PoolEntry.objects.values("nationalities").annotate(n=Count("pk")), "nationalities"
    )
    selected, selected_total = _country_counts(
        Candidate.objects.filter(applications__review_status=ReviewStatus.SELECTED)
        .values("nationalities")
        .annotate(n=Count("pk", distinct=True)),
        "nationalities",
    )
    codes = sorted(set(by_nationality) | set(applicants) | set(pool) | set(selected))
    return {
        "vacancies": vacancies,
        "states": list(STATES),
        "nationalities": [
            {
                "code": code,
                "counts": by_nationality.get(code, Counter()),
                "applicants": applicants[code],
                "pool": pool[code],
                "selected": selected[code],
            }
            for code in codes
        ],
        # people, not the sum of the countries: a candidate with two nationalities is one
        "totals": {
            "applicants": applicants_total,
            "pool": pool_total,
            "selected": selected_total,
        },
    }


def _split(value: str | None, separator: str) -> list[str]:
    return [code for code in (value or "").split(separator) if code]


def _country_counts(rows, field: str) -> tuple[Counter, int]:
    """Per country, and in all: each row is one combination of nationalities, so the rows
    add up to the people, once each."""
    counts: Counter = Counter()
    total = 0
    for row in rows:
        total += row["n"]
        for code in _split(row[field], ","):
            counts[code] += row["n"]
    return counts, total
