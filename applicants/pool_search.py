"""Searching a cycle's pool: the form divisions fill in, and the query it becomes.

Codes are stored between commas (",BE,FR,"), so "has nationality BE" is a plain
`contains` on one column; the text search is `icontains` per word, which a trigram index
answers on PostgreSQL.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from vacancies.models import RecruitmentCycle, Vacancy, WorkArea

from .choices import EducationLevel, LanguageLevel, StartPeriod, other_language_choices
from .models import PoolEntry
from .paginators import CappedCountPaginator
from .pool import EDUCATION_RANK

PAGE_SIZE = 25
MAX_WORDS = 6
LEVELS = list(LanguageLevel.values)  # in order, native last
# "at least" a level: that level and every higher one (other education is the lowest)
EDUCATION_AT_LEAST = {
    level: EDUCATION_RANK[: EDUCATION_RANK.index(level) + 1] for level in EDUCATION_RANK
}
SORTS = {
    "score": ["-score", "full_name", "id"],
    "name": ["full_name", "id"],
}


class PoolPaginator(CappedCountPaginator):
    """A broad pool search says "more than 1,000: add a filter" instead of counting them."""

    CAP = 1000


def _any(label):
    return [("", label)]


class LongSelect(forms.Select):
    """A select whose options are written in Python: the country and language lists have
    hundreds of options, and one template per option made the pool page slow."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html(
            "<select{}>{}</select>",
            flatatt(self.build_attrs(self.attrs, attrs) | {"name": name}),
            options,
        )


class PoolSearchForm(forms.Form):
    """Every field optional; an invalid value is reported and the search runs without it."""

    q = forms.CharField(
        label=_("Field of study or institution"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    education = forms.ChoiceField(label=_("Highest education, at least"), required=False)
    institution_country = forms.ChoiceField(
        widget=LongSelect, label=_("Country of the institution"), required=False
    )
    nationality = forms.ChoiceField(widget=LongSelect, label=_("Nationality"), required=False)
    english = forms.ChoiceField(label=_("English, at least"), required=False)
    french = forms.ChoiceField(label=_("French, at least"), required=False)
    other_language = forms.ChoiceField(widget=LongSelect, label=_("Other language"), required=False)
    other_level = forms.ChoiceField(label=_("Its level, at least"), required=False)
    start = forms.ChoiceField(label=_("Available to start in"), required=False)
    work_area = forms.ChoiceField(label=_("Work area of interest"), required=False)
    vacancy = forms.ChoiceField(label=_("Applied to the vacancy"), required=False)
    min_score = forms.TypedChoiceField(
        label=_("Desirable score, at least"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_any(pgettext_lazy("score", "Any")) + [(n, f"{n} / 4") for n in range(1, 5)],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_any(pgettext_lazy("status", "Any")) + list(PoolEntry.Status.choices),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("score", _("Desirable score, best first")), ("name", _("Name"))],
    )

    def __init__(self, *args, cycle: RecruitmentCycle | None, **kwargs):
        super().__init__(*args, **kwargs)
        any_ = _any(pgettext_lazy("filter", "Any"))
        levels = [(level, LanguageLevel(level).label) for level in LEVELS]
        country_choices = list(countries)
        self.fields["education"].choices = any_ + list(EducationLevel.choices)
        self.fields["institution_country"].choices = any_ + country_choices
        self.fields["nationality"].choices = any_ + country_choices
        self.fields["english"].choices = any_ + levels
        self.fields["french"].choices = any_ + levels
        self.fields["other_language"].choices = any_ + other_language_choices()
        self.fields["other_level"].choices = any_ + levels
        self.fields["start"].choices = any_ + [
            (StartPeriod.MARCH, StartPeriod.MARCH.label),
            (StartPeriod.SEPTEMBER, StartPeriod.SEPTEMBER.label),
        ]
        vacancies = Vacancy.objects.filter(cycle=cycle).order_by("reference") if cycle else []
        self.fields["vacancy"].choices = any_ + [
            (vacancy.reference, f"{vacancy.reference} – {vacancy.title}") for vacancy in vacancies
        ]
        french = get_language() == "fr"
        areas = (
            WorkArea.objects.filter(vacancy__cycle=cycle)
            .values_list("title_en", "title_fr")
            .distinct()
            if cycle
            else []
        )
        self.fields["work_area"].choices = any_ + sorted(
            ((key, (label_fr if french else "") or key) for key, label_fr in areas),
            key=lambda choice: choice[1],
        )

    def clean(self):
        data = super().clean()
        if data.get("other_level") and not data.get("other_language"):
            self.add_error("other_level", _("Choose the language this level is for."))
        return data


def search_pool(cycle: RecruitmentCycle, form: PoolSearchForm) -> QuerySet[PoolEntry]:
    """The cycle's entries matching every valid filter of `form`, in its order."""
    entries = PoolEntry.objects.filter(cycle=cycle)
    data = _valid_filters(form)
    for word in (data.get("q") or "").split()[:MAX_WORDS]:
        entries = entries.filter(search_text__icontains=word)
    if education := data.get("education"):
        entries = entries.filter(education_level__in=EDUCATION_AT_LEAST[education])
    if country := data.get("institution_country"):
        entries = entries.filter(institution_countries__contains=f",{country},")
    if nationality := data.get("nationality"):
        entries = entries.filter(nationalities__contains=f",{nationality},")
    if english := data.get("english"):
        entries = entries.filter(english_level__in=_at_least(english))
    if french := data.get("french"):
        entries = entries.filter(french_level__in=_at_least(french))
    if language := data.get("other_language"):
        levels = _at_least(data.get("other_level") or LEVELS[0])
        spoken = Q()
        for level in levels:
            spoken |= Q(other_languages__contains=f",{language}:{level},")
        entries = entries.filter(spoken)
    if start := data.get("start"):
        entries = entries.filter(preferred_start__in=[start, StartPeriod.EITHER])
    if area := data.get("work_area"):
        entries = entries.filter(work_area_keys__contains=f"|{area}|")
    if reference := data.get("vacancy"):
        entries = entries.filter(vacancies__contains=f",{reference},")
    if (score := data.get("min_score")) is not None:
        entries = entries.filter(score__gte=score)
    if status := data.get("status"):
        entries = entries.filter(status=status)
    return entries.order_by(*SORTS[data.get("sort") or "score"])


def _at_least(level: str) -> list[str]:
    return LEVELS[LEVELS.index(level) :]


def _valid_filters(form: PoolSearchForm) -> dict:
    if not form.is_bound:
        return {}
    form.is_valid()
    # a field with an error is not in cleaned_data: the search runs without it
    return form.cleaned_data
