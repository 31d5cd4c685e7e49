from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .rules import TWO_YEARS
from .validators import validate_date_of_birth, validate_past_date

LEVEL_CHOICES = [
    ("", "—"),
    ("A1", "A1"),
    ("A2", "A2"),
    ("B1", "B1"),
    ("B2", "B2"),
    ("C1", "C1"),
    ("C2", "C2"),
    ("native", _("Native speaker")),
]


class DateInput(forms.DateInput):
    input_type = "date"


class EligibilityCheckForm(forms.Form):
    """A few answers, turned into the profile part of a snapshot for the same rules."""

    STUDENT = "student"
    TWO_YEARS = "two_years"
    GRADUATE = "graduate"
    OTHER = "other"

    nationality = forms.ChoiceField(label=_("Nationality"))
    second_nationality = forms.ChoiceField(label=_("Second nationality, if any"), required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=DateInput, validators=[validate_date_of_birth]
    )
    studies = forms.ChoiceField(
        label=_("Your studies on the reference date"),
        widget=forms.RadioSelect,
        choices=[
            (STUDENT, _("I am a university student")),
            (TWO_YEARS, _("I have completed at least two years of university studies")),
            (GRADUATE, _("I have obtained a university degree (give its date)")),
            (OTHER, _("Other education or training")),
        ],
    )
    degree_date = forms.DateField(
        label=_("Date of the degree"),
        required=False,
        widget=DateInput,
        validators=[validate_past_date],
    )
    english = forms.ChoiceField(label=_("English"), choices=LEVEL_CHOICES, required=False)
    french = forms.ChoiceField(label=_("French"), choices=LEVEL_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        country_choices = [(code, name) for code, name in countries]
        self.fields["nationality"].choices = [("", "—"), *country_choices]
        self.fields["second_nationality"].choices = [("", "—"), *country_choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("studies") == self.GRADUATE and not cleaned.get("degree_date"):
            self.add_error("degree_date", _("Give the date you obtained your degree."))
        if not cleaned.get("english") and not cleaned.get("french"):
            self.add_error("english", _("Give your level of English or French."))
        return cleaned

    def profile(self, reference_date: dt.date) -> dict:
        """The answers as the profile part of a snapshot."""
        data = self.cleaned_data
        education = {
            self.STUDENT: {
                "level": "bachelor",
                "status": "ongoing",
                "start_date": reference_date - dt.timedelta(days=365),
                "end_date": reference_date + dt.timedelta(days=365),
            },
            self.TWO_YEARS: {
                "level": "bachelor",
                "status": "completed",
                "start_date": reference_date - dt.timedelta(days=1100),
                "end_date": reference_date - dt.timedelta(days=370),
            },
            # a degree means at least two years of university studies completed, however long
            # ago: the rules then find it met as they would on a graduate's real dates
            self.GRADUATE: {
                "level": "bachelor",
                "status": "completed",
                "start_date": (data.get("degree_date") or reference_date) - TWO_YEARS,
                "end_date": data.get("degree_date") or reference_date,
            },
            self.OTHER: {
                "level": "other",
                "status": "completed",
                "start_date": reference_date - dt.timedelta(days=800),
                "end_date": reference_date - dt.timedelta(days=100),
            },
        }[data["studies"]]
        education = {
            **education,
            # not asked: the rules word their reasons without them
            "field_of_study": "",
            "institution": "",
            "start_date": education["start_date"].isoformat(),
            "end_date": education["end_date"].isoformat(),
        }
        return {
            "nationalities": [
                code for code in (data["nationality"], data.get("second_nationality")) if code
            ],
            "date_of_birth": data["date_of_birth"].isoformat(),
            "languages": {"en": data.get("english"), "fr": data.get("french"), "other": []},
            "education": [education],
        }
