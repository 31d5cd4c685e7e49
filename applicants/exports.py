"""A candidate's own data, complete and only theirs, as plain data for a JSON download."""

from __future__ import annotations

from django.utils import timezone

from outbox.models import Email

from .models import Candidate


def candidate_data(*, candidate: Candidate) -> dict:
    user = candidate.user
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "joined_at": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "date_of_birth": candidate.date_of_birth.isoformat()
            if candidate.date_of_birth
            else None,
            "nationalities": [country.code for country in candidate.nationalities],
            "phone": candidate.phone,
            "correspondence_language": candidate.correspondence_language,
            "english_level": candidate.english_level,
            "french_level": candidate.french_level,
            "other_languages": [
                {"language": skill.language, "level": skill.level}
                for skill in candidate.languages.all()
            ],
            "it_skills": candidate.it_skills,
            "experience": {
                "international_organisation": candidate.experience_international_organisation,
                "national_administration": candidate.experience_national_administration,
                "research": candidate.experience_research,
                "industry": candidate.experience_industry,
            },
            "preferred_start": candidate.preferred_start,
            "education": [
                {
                    "institution": entry.institution,
                    "country": entry.country.code,
                    "level": entry.level,
                    "field_of_study": entry.field_of_study,
                    "start_date": entry.start_date.isoformat(),
                    "end_date": entry.end_date.isoformat(),
                    "status": entry.status,
                }
                for entry in candidate.education.all()
            ],
        },
        "documents": [
            {
                "id": str(document.public_id),
                "kind": document.kind,
                "language": document.language,
                "original_name": document.original_name,
                "content_type": document.content_type,
                "size": document.size,
                "sha256": document.sha256,
                "uploaded_at": document.created_at.isoformat(),
            }
            for document in candidate.documents.all()
        ],
        "applications": [
            {
                "reference": application.reference,
                "vacancy": application.vacancy.reference,
                "status": application.status,
                "motivation": application.motivation,
                "accommodation_request": application.accommodation_request,
                "submitted_at": (
                    application.submitted_at.isoformat() if application.submitted_at else None
                ),
                "withdrawn_at": (
                    application.withdrawn_at.isoformat() if application.withdrawn_at else None
                ),
                "submissions": [
                    {
                        "receipt_number": submission.receipt_number,
                        "submitted_at": submission.submitted_at.isoformat(),
                        "snapshot_sha256": submission.snapshot_sha256,
                        "snapshot": submission.snapshot,
                    }
                    for submission in application.submissions.all()
                ],
            }
            for application in candidate.applications.select_related("vacancy")
        ],
        "emails": [
            {
                "subject": email.subject,
                "queued_at": email.created_at.isoformat(),
                "sent_at": email.sent_at.isoformat() if email.sent_at else None,
            }
            for email in Email.objects.filter(recipient=user)
        ],
    }
