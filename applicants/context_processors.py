from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def pool_access(request: HttpRequest) -> dict:
    """Whether the navigation offers the shared pool: asked only when a page shows it."""
    from .pool_views import can_search_pool

    return {"can_search_pool": SimpleLazyObject(lambda: can_search_pool(request.user))}
