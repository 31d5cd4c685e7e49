from __future__ import annotations

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
