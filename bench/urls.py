"""The project's URLs plus a hello-world view: the baseline every page is compared with."""

from django.http import HttpResponse
from django.urls import path

from recruitment.urls import urlpatterns as project_urlpatterns


def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("hello/", hello), *project_urlpatterns]
