"""/healthz: can this process serve candidates, and is its broker reachable?"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    """503 only when the database does not answer: without it nothing can be served.

    Without Redis a web process still signs candidates in and takes their drafts and
    submissions (the cache fails soft, recruitment/lib/cache.py; e-mails wait in the outbox):
    it answers 200, "degraded", naming the broker, so that a load balancer probing every web
    process does not take the whole site down with Redis.
    """
    checks = {"database": _database(), "broker": _broker()}
    if checks["database"] != "ok":
        status = "down"
    elif checks["broker"] in ("ok", "not configured"):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse({"status": status, **checks}, status=503 if status == "down" else 200)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure means unhealthy; say which
        return f"error: {type(error).__name__}"
    return "ok"


def _broker() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as error:  # noqa: BLE001 - reported, not raised
        return f"error: {type(error).__name__}"
    return "ok"
