"""The public vacancy pages, cached per language and address for anonymous visitors.

Deadline night is mostly anonymous reading of two pages. A visitor without a session or
pending messages gets the page rendered for the last such visitor of the same address
(the language is in the address), as long as:
- nothing on the notices changed since (any save or delete of a vacancy, its work areas,
  competencies, division or cycle bumps a generation number that every cached page
  carries), and
- no deadline passed since (a page is kept at most until the next deadline, so "open"
  never outlives it) and it is younger than its time to live (the "time left" text of
  visitors without JavaScript stays within a minute, ten seconds in the last hour).
Signed-in visitors, sessions and messages always get a fresh page.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .models import Competency, Division, RecruitmentCycle, Vacancy, WorkArea

GENERATION_KEY = "public-pages:generation"
TTL_SECONDS = 60
LAST_HOUR_TTL_SECONDS = 10
WATCHED = (Vacancy, WorkArea, Competency, Division, RecruitmentCycle)


def cache_for_anonymous(view):
    """Serve `view`'s 200 responses from the cache to visitors who are not signed in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or _new_generation()
        page = found.get(key)
        now = time.time()
        if page and page["generation"] == generation and page["until"] > now:
            response = HttpResponse(page["content"], content_type=page["content_type"])
            response["X-Public-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            until = _valid_until(now)
            cache.set(
                key,
                {
                    "generation": generation,
                    "until": until,
                    "content": response.content,
                    "content_type": response["Content-Type"],
                },
                timeout=max(int(until - now), 1),
            )
        response["X-Public-Cache"] = "miss"
        return response

    return wrapper


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def _page_key(request: HttpRequest) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"public-page:{get_language()}:{address}"


def _valid_until(now: float) -> float:
    next_deadline = (
        Vacancy.objects.published()
        .filter(closes_at__gt=timezone.now())
        .order_by("closes_at")
        .values_list("closes_at", flat=True)
        .first()
    )
    until = now + TTL_SECONDS
    if next_deadline is not None:
        deadline = next_deadline.timestamp()
        if deadline - now < 3600:
            until = min(until, now + LAST_HOUR_TTL_SECONDS)
        until = min(until, deadline)
    return until


def _new_generation() -> int:
    # a clock in milliseconds: if the number is ever evicted, the next one is higher than
    # any a cached page carries, so no stale page comes back
    cache.add(GENERATION_KEY, int(time.time() * 1000), timeout=None)
    return cache.get(GENERATION_KEY)


def invalidate_public_pages(**kwargs) -> None:
    """Every cached public page is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set (or evicted): a new, higher number
        cache.set(GENERATION_KEY, int(time.time() * 1000), timeout=None)


def connect_signals() -> None:
    for model in WATCHED:
        post_save.connect(invalidate_public_pages, sender=model, dispatch_uid=f"public-{model}")
        post_delete.connect(invalidate_public_pages, sender=model, dispatch_uid=f"pub-d-{model}")
