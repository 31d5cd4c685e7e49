from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Division, Vacancy


class DivisionFilterForm(forms.Form):
    division = forms.ModelChoiceField(
        label=_("Division"),
        queryset=Division.objects.filter(vacancies__status=Vacancy.Status.PUBLISHED)
        .distinct()
        .order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("All divisions"),
        error_messages={
            "invalid_choice": _("There is no division with this code. Showing all vacancies.")
        },
    )
