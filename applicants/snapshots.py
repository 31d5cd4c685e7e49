"""What a submission freezes: the profile, the answers and the documents, as plain data.

After the deadline, eligibility, dossiers and the pool read this, never the live profile, so
later edits change nothing that was submitted. The reasonable-accommodation request is
deliberately left out: it stays on the application, behind its own permission.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from vacancies.models import WorkArea

from .choices import Experience
from .models import Application, Candidate, Document, Education, LanguageSkill

SNAPSHOT_SCHEMA = 1


def assemble_snapshot(
    *,
    application: Application,
    candidate: Candidate,
    education: list[Education],
    languages: list[LanguageSkill],
    documents: list[Document],
    work_areas: list[WorkArea],
    at: dt.datetime,
) -> dict:
    """The snapshot of an application from its loaded profile parts, documents and work areas."""
    vacancy = application.vacancy
    work_areas = {area.pk: area for area in work_areas}
    return {
        "schema": SNAPSHOT_SCHEMA,
        "submitted_at": at.isoformat(),
        "application": {
            "reference": application.reference,
            "cycle": application.cycle.code,
            "vacancy": {
                "reference": vacancy.reference,
                "division": vacancy.division.code,
                "title_en": vacancy.title_en,
                "title_fr": vacancy.title_fr,
            },
        },
        "profile": profile_section(candidate=candidate, education=education, languages=languages),
        "answers": {
            "motivation": application.motivation,
            "work_areas": [
                {
                    "position": work_areas[area_id].position,
                    "title_en": work_areas[area_id].title_en,
                    "title_fr": work_areas[area_id].title_fr,
                }
                for area_id in application.work_area_ranking
                if area_id in work_areas
            ],
            "declarations": {
                "information_complete_and_accurate": application.declared_accurate,
                "no_generative_ai": application.declared_no_generative_ai,
                "declared_at": at.isoformat(),
            },
            "accommodation_requested": bool(application.accommodation_request.strip()),
        },
        "documents": [
            {
                "id": str(document.public_id),
                "kind": document.kind,
                "language": document.language,
                "translation_of": (
                    str(document.translation_of.public_id) if document.translation_of else None
                ),
                "studies_from": _date(document.studies_from),
                "studies_until": _date(document.studies_until),
                "original_name": document.original_name,
                "content_type": document.content_type,
                "size": document.size,
                "sha256": document.sha256,
            }
            for document in documents
        ],
    }


def profile_section(
    *, candidate: Candidate, education: list[Education], languages: list[LanguageSkill]
) -> dict:
    """The profile as a snapshot holds it (also what the eligibility pre-check reads)."""
    experience = [
        kind.value for kind in Experience if getattr(candidate, f"experience_{kind.value}")
    ]
    return {
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "email": candidate.user.email,
        "date_of_birth": _date(candidate.date_of_birth),
        "nationalities": [country.code for country in candidate.nationalities],
        "phone": candidate.phone,
        "correspondence_language": candidate.correspondence_language,
        "languages": {
            "en": candidate.english_level,
            "fr": candidate.french_level,
            "other": [{"language": skill.language, "level": skill.level} for skill in languages],
        },
        "it_skills": candidate.it_skills,
        "experience": experience,
        "preferred_start": candidate.preferred_start,
        "education": [
            {
                "institution": entry.institution,
                "country": entry.country.code,
                "level": entry.level,
                "field_of_study": entry.field_of_study,
                "start_date": _date(entry.start_date),
                "end_date": _date(entry.end_date),
                "status": entry.status,
            }
            for entry in education
        ],
    }


def snapshot_sha256(snapshot: dict) -> str:
    """SHA-256 of the snapshot in a canonical form: the same data always gives the same hash."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
