from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from recruitment.lib.pdf import render_pdf

from .calendar import info_session_calendar
from .forms import DivisionFilterForm
from .models import Vacancy


class VacancyListView(ListView):
    template_name = "vacancies/vacancy_list.html"
    context_object_name = "vacancies"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = DivisionFilterForm(self.request.GET or None)
        vacancies = Vacancy.objects.for_public_list(at=timezone.now())
        if self.filter_form.is_valid() and self.filter_form.cleaned_data["division"]:
            vacancies = vacancies.filter(division=self.filter_form.cleaned_data["division"])
        return vacancies

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


def _published_notice(reference: str) -> Vacancy:
    return get_object_or_404(
        Vacancy.objects.published()
        .select_related("division", "cycle")
        .prefetch_related("work_areas", "competencies"),
        reference=reference,
    )


class VacancyDetailView(DetailView):
    template_name = "vacancies/vacancy_detail.html"
    context_object_name = "vacancy"

    def get_object(self, queryset=None) -> Vacancy:
        return _published_notice(self.kwargs["reference"])

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(is_open=self.object.is_open(at=now), now=now, **kwargs)


def vacancy_notice_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The bilingual notice, English then French, as the organisation publishes it."""
    vacancy = _published_notice(reference)
    pdf = render_pdf("vacancies/vacancy_notice_pdf.html", {"vacancy": vacancy}, cacheable=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="nato-internship-{vacancy.reference}.pdf"'
    )
    return response


def vacancy_info_session_ics(request: HttpRequest, reference: str) -> HttpResponse:
    vacancy = _published_notice(reference)
    if not vacancy.info_session_at:
        raise Http404
    ics = info_session_calendar(
        vacancy=vacancy,
        page_url=request.build_absolute_uri(vacancy.get_absolute_url()),
        domain=request.get_host().split(":")[0],
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="info-session-{vacancy.reference}.ics"'
    return response
