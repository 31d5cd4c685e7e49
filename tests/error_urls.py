"""The project's URLs plus a view that breaks, for the error page tests."""

from django.urls import path

from recruitment.urls import handler500  # noqa: F401 (Django looks it up here)
from recruitment.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("boom/", boom), *project_urlpatterns]
