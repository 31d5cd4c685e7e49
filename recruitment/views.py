"""/healthz: can this process reach its database and, when it has one, its broker?"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "broker": _broker()}
    healthy = all(state in ("ok", "not configured") for state in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)


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
