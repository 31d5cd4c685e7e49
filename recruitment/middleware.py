"""Cross-cutting request rules: staff two-factor, idle staff sessions, no-store when signed in."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

# the only pages a staff user without two-factor may open: setting it up, and signing out
TWO_FACTOR_SETUP_PAGES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
    }
)
# staff sessions end after this much idleness (seconds); candidates keep the default
STAFF_IDLE_SECONDS = 30 * 60
# activity is recorded at most this often: a session write on every request costs queries
STAFF_ACTIVITY_RESOLUTION = 60
STAFF_SEEN_AT = "staff_seen_at"
STAFF_HAS_TOTP = "staff_has_totp"


class StaffNeedsTwoFactorMiddleware:
    """allauth's MFA is optional per user: staff must set up TOTP before any other page.

    Every page, not only the admin: a staff account may also read the pool and candidates'
    documents. Focal points are not staff and are not asked.

    Staff sessions also end after 30 minutes without a request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_staff:
            now = time.time()
            seen_at = request.session.get(STAFF_SEEN_AT, now)
            if now - seen_at > STAFF_IDLE_SECONDS:
                logout(request)
                return HttpResponseRedirect(
                    f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
                )
            if now - seen_at > STAFF_ACTIVITY_RESOLUTION or STAFF_SEEN_AT not in request.session:
                request.session[STAFF_SEEN_AT] = now
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple,
        view_kwargs: dict,
    ) -> HttpResponse | None:
        # here, not in __call__: the URL is resolved, so the set-up pages are known by name
        # in either language
        user = request.user
        if not (user.is_authenticated and user.is_staff) or request.session.get(STAFF_HAS_TOTP):
            return None
        # the view name carries any namespace: no other app's "logout" slips through
        if request.resolver_match.view_name in TWO_FACTOR_SETUP_PAGES:
            return None
        if not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            setup = reverse("mfa_activate_totp")
            return HttpResponseRedirect(f"{setup}?{urlencode({'next': request.path})}")
        # checked once per session (signing in again checks anew)
        request.session[STAFF_HAS_TOTP] = True
        return None


class NoStoreForSignedInUsersMiddleware:
    """Pages served to a signed-in user hold personal data: no cache may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
