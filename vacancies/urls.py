from django.urls import path

from . import views
from .public_cache import cache_for_anonymous

app_name = "vacancies"

urlpatterns = [
    path("", cache_for_anonymous(views.VacancyListView.as_view()), name="list"),
    path(
        "<slug:reference>/", cache_for_anonymous(views.VacancyDetailView.as_view()), name="detail"
    ),
    path("<slug:reference>/notice.pdf", views.vacancy_notice_pdf, name="notice_pdf"),
    path(
        "<slug:reference>/info-session.ics",
        views.vacancy_info_session_ics,
        name="info_session_ics",
    ),
]
