from __future__ import annotations

import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_french_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert not catalogue.metadata_is_fuzzy  # a fuzzy header loses the plural rule
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert len(catalogue) > 50


def _french(catalogue: polib.POFile, msgid: str) -> str:
    entry = catalogue.find(msgid)
    assert entry is not None, msgid
    return entry.msgstr


def test_screening_and_review_have_distinct_french_terms():
    catalogue = polib.pofile(str(CATALOGUE))

    # the eligibility filter, and the review statuses it sits next to in the admin
    assert _french(catalogue, "Not screened") != _french(catalogue, "Not reviewed")
    assert _french(catalogue, "Screened") not in {
        _french(catalogue, "Not reviewed"),
        _french(catalogue, "Review"),
    }
    # the fieldsets of an assessment and of an application
    assert _french(catalogue, "Screening") != _french(catalogue, "Review")


def test_french_uses_the_notices_words():
    catalogue = polib.pofile(str(CATALOGUE))
    translations = [
        text
        for entry in catalogue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if text
    ]

    # the notice: "Service Acquisition de talents", "admissible"; the menus: "Offres de stage"
    assert not [text for text in translations if "Talent Acquisition" in text]
    assert not [text for text in translations if re.search(r"\bTA\b", text)]
    assert not [text for text in translations if "éligible" in text]
    assert _french(catalogue, "Back to the vacancies") == "Retour aux offres de stage"
