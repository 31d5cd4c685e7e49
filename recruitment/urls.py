from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from recruitment.views import healthz

# the admin signs in through allauth: its rate limits and two-factor authentication apply
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", RedirectView.as_view(pattern_name="vacancies:list"), name="home"),
    path("vacancies/", include("vacancies.urls")),
    path("eligibility/", include("eligibility.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("applicants.urls")),
)

handler500 = "recruitment.errors.server_error"
