"""Forms validate what a candidate sends; services write it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from vacancies.models import Vacancy

from .choices import EducationStatus, world_language_choices
from .models import (
    MOTIVATION_MAX_LENGTH,
    Application,
    Candidate,
    Document,
    Education,
    LanguageSkill,
)

NATIONALITY_FIELDS = ("nationality_1", "nationality_2", "nationality_3")


class LabelsWithoutColon:
    """Labels sit above their fields, and before a checkbox's text: no ":" after them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class TypedText(forms.CharField):
    """Text from a textarea, its line breaks as the browser counts them.

    A browser counts a line break as one character against the textarea's maxlength and
    sends it as two (CRLF): 3,000 characters typed would be refused as 3,028.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _country_choices(empty_label: str) -> list[tuple[str, str]]:
    return [("", empty_label), *[(code, name) for code, name in countries]]


class ProfileForm(LabelsWithoutColon, forms.ModelForm):
    """The candidate's profile; every field may stay empty in a draft."""

    nationality_1 = forms.ChoiceField(label=_("Nationality"), required=False)
    nationality_2 = forms.ChoiceField(label=_("Second nationality, if any"), required=False)
    nationality_3 = forms.ChoiceField(label=_("Third nationality, if any"), required=False)

    class Meta:
        model = Candidate
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "phone",
            "correspondence_language",
            "english_level",
            "french_level",
            "it_skills",
            "experience_international_organisation",
            "experience_national_administration",
            "experience_research",
            "experience_industry",
            "preferred_start",
        ]
        widgets = {
            "date_of_birth": DateInput(attrs={"autocomplete": "bday"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "correspondence_language": forms.RadioSelect,
            "it_skills": forms.RadioSelect,
            "preferred_start": forms.RadioSelect,
        }
        help_texts = {
            "correspondence_language": _("The language of the e-mails we send you."),
            "phone": _("With the country code, e.g. +32 2 707 41 11."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NATIONALITY_FIELDS:
            self.fields[name].choices = _country_choices("—")
        current = [country.code for country in self.instance.nationalities]
        for name, code in zip(NATIONALITY_FIELDS, current, strict=False):
            self.initial[name] = code
        for name in ("english_level", "french_level"):
            self.fields[name].choices = [("", "—"), *self.fields[name].choices[1:]]
        # a radio group needs no empty choice: nothing ticked is the empty answer
        for name in ("it_skills", "preferred_start"):
            self.fields[name].choices = self.fields[name].choices[1:]

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(name) for name in NATIONALITY_FIELDS if cleaned.get(name)]
        if len(chosen) != len(set(chosen)):
            raise ValidationError({"nationality_2": _("Give each nationality once.")})
        cleaned["nationalities"] = chosen
        return cleaned

    def save(self, commit=True):
        self.instance.nationalities = self.cleaned_data["nationalities"]
        return super().save(commit=commit)


class EducationForm(LabelsWithoutColon, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = EducationStatus.choices

    class Meta:
        model = Education
        fields = [
            "level",
            "field_of_study",
            "institution",
            "country",
            "start_date",
            "end_date",
            "status",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "status": forms.RadioSelect,
        }


# entries are removed by their own button (a separate POST), not a DELETE box: with autosave
# a deleted row would stay in the page and make the next save fail
EducationFormSet = inlineformset_factory(
    Candidate,
    Education,
    form=EducationForm,
    extra=1,
    max_num=10,
    validate_max=True,
    can_delete=False,
)


class LanguageSkillForm(LabelsWithoutColon, forms.ModelForm):
    class Meta:
        model = LanguageSkill
        fields = ["language", "level"]


LanguageFormSet = inlineformset_factory(
    Candidate,
    LanguageSkill,
    form=LanguageSkillForm,
    extra=1,
    max_num=10,
    validate_max=True,
    can_delete=False,
)


class DocumentForm(LabelsWithoutColon, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty."),
        },
    )
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=Document.Kind.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("Language of the document"))
    translation_of = forms.ModelChoiceField(
        label=_("Translation of"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("For a self-translation: the document it translates."),
    )
    studies_from = forms.DateField(label=_("Studies from"), required=False, widget=DateInput)
    studies_until = forms.DateField(
        label=_("Studies until (expected)"),
        required=False,
        widget=DateInput,
        help_text=_("For a proof of ongoing studies: the dates it shows."),
    )

    def __init__(self, *args, candidate: Candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *world_language_choices()]
        self.fields["translation_of"].queryset = candidate.documents.exclude(
            kind=Document.Kind.TRANSLATION
        )
        self.fields["translation_of"].empty_label = "—"

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Document.Kind.TRANSLATION:
            if not cleaned.get("translation_of"):
                self.add_error("translation_of", _("Choose the document this translates."))
            if cleaned.get("language") not in ("en", "fr"):
                self.add_error("language", _("A translation must be in English or French."))
        else:
            cleaned["translation_of"] = None
        if kind == Document.Kind.PROOF_OF_STUDIES:
            start, end = cleaned.get("studies_from"), cleaned.get("studies_until")
            if not start:
                self.add_error("studies_from", _("Give the date your studies started."))
            if not end:
                self.add_error("studies_until", _("Give the date your studies end."))
            if start and end and end < start:
                self.add_error("studies_until", _("The end date cannot be before the start date."))
        else:
            cleaned["studies_from"] = cleaned["studies_until"] = None
        return cleaned


class ApplicationForm(LabelsWithoutColon, forms.ModelForm):
    """The answers of an application. Only these fields are read from the request."""

    # not a model field of the form: its initial value is read only for a page to show
    documents = forms.ModelMultipleChoiceField(
        queryset=Document.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Documents to attach"),
        help_text=_(
            "At least a copy of your university qualifications or a proof of ongoing "
            "studies, and a translation of any document in neither English nor French."
        ),
    )
    work_area_1 = forms.TypedChoiceField(label=_("First choice"), coerce=int, required=False)
    work_area_2 = forms.TypedChoiceField(label=_("Second choice"), coerce=int, required=False)
    work_area_3 = forms.TypedChoiceField(label=_("Third choice"), coerce=int, required=False)

    class Meta:
        model = Application
        fields = [
            "motivation",
            "declared_accurate",
            "declared_no_generative_ai",
            "accommodation_request",
        ]
        field_classes = {"motivation": TypedText, "accommodation_request": TypedText}
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 10, "maxlength": MOTIVATION_MAX_LENGTH}),
            # health data: never kept in the browser's storage (static/js/autosave.js)
            "accommodation_request": forms.Textarea(
                attrs={"rows": 4, "maxlength": 3000, "data-autosave-private": ""}
            ),
        }
        labels = {
            "motivation": _("Why this internship? Your motivation"),
            "declared_accurate": _(
                "I confirm that all the information in my application is complete and accurate."
            ),
            "declared_no_generative_ai": _(
                "I confirm that no part of my application was prepared with generative "
                "artificial-intelligence tools."
            ),
            "accommodation_request": _("Reasonable accommodation (optional)"),
        }
        help_texts = {
            "accommodation_request": _(
                "If you need an adjustment to take part in the selection process, tell us "
                "here. Only the Talent Acquisition staff in charge read it; it is never shared "
                "with divisions."
            ),
        }

    def __init__(self, *args, vacancy: Vacancy, candidate: Candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motivation"].help_text = gettext("At most %(count)s characters.") % {
            "count": MOTIVATION_MAX_LENGTH
        }
        self.fields["documents"].queryset = candidate.documents.all()
        self.fields["documents"].label_from_instance = _document_label
        if not self.is_bound and self.instance.pk:
            self.initial["documents"] = [document.pk for document in self.instance.documents.all()]
        areas = list(vacancy.work_areas.all())
        self.has_work_areas = bool(areas)
        choices = [("", "—"), *[(area.pk, area.title) for area in areas]]
        for index, name in enumerate(("work_area_1", "work_area_2", "work_area_3")):
            if not areas:
                del self.fields[name]
                continue
            self.fields[name].choices = choices
            ranking = self.instance.work_area_ranking
            if index < len(ranking):
                self.initial[name] = ranking[index]

    def clean(self):
        cleaned = super().clean()
        if self.has_work_areas:
            ranking = [cleaned.get(f"work_area_{n}") for n in (1, 2, 3)]
            ranking = [area for area in ranking if area]
            if len(ranking) != len(set(ranking)):
                raise ValidationError({"work_area_2": _("Choose each work area once.")})
            cleaned["work_area_ranking"] = ranking
        else:
            cleaned["work_area_ranking"] = []
        return cleaned

    # the fields of Application that answers() writes (the documents are set apart)
    ANSWER_FIELDS = (
        "motivation",
        "work_area_ranking",
        "declared_accurate",
        "declared_no_generative_ai",
        "accommodation_request",
    )

    def answers(self) -> dict:
        """The validated answers, as the fields of Application to write."""
        return {name: self.cleaned_data[name] for name in self.ANSWER_FIELDS}


def _document_label(document: Document) -> str:
    return gettext("%(kind)s: %(name)s (%(language)s)") % {
        "kind": document.get_kind_display(),
        "name": document.original_name,
        "language": document.get_language_display(),
    }
