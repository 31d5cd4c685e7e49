from modeltranslation.translator import TranslationOptions, register

from .models import (
    COMPETENCY_TRANSLATED_FIELDS,
    CYCLE_TRANSLATED_FIELDS,
    DIVISION_TRANSLATED_FIELDS,
    VACANCY_TRANSLATED_FIELDS,
    WORK_AREA_TRANSLATED_FIELDS,
    Competency,
    Division,
    RecruitmentCycle,
    Vacancy,
    WorkArea,
)


@register(RecruitmentCycle)
class RecruitmentCycleTranslation(TranslationOptions):
    fields = CYCLE_TRANSLATED_FIELDS


@register(Division)
class DivisionTranslation(TranslationOptions):
    fields = DIVISION_TRANSLATED_FIELDS


@register(Vacancy)
class VacancyTranslation(TranslationOptions):
    fields = VACANCY_TRANSLATED_FIELDS


@register(WorkArea)
class WorkAreaTranslation(TranslationOptions):
    fields = WORK_AREA_TRANSLATED_FIELDS


@register(Competency)
class CompetencyTranslation(TranslationOptions):
    fields = COMPETENCY_TRANSLATED_FIELDS
