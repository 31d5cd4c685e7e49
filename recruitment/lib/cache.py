"""The shared cache (Redis in production): something the site runs faster with, never
something it stops without."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# after a failure Redis is left alone this long, so that requests do not each wait for it
PAUSE_SECONDS = 5.0


def _fail_soft(method: Callable, answer: Callable) -> Callable:
    """`method`, or `answer` (given the same arguments) while Redis does not answer."""

    @wraps(method)
    def wrapper(cache: FailSoftRedisCache, *args, **kwargs):
        if time.monotonic() < cache.paused_until:
            return answer(*args, **kwargs)
        try:
            return method(cache, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            cache.paused_until = time.monotonic() + PAUSE_SECONDS
            logger.warning(
                "The cache (Redis) does not answer; going on without it for %d s: %s",
                PAUSE_SECONDS,
                error,
            )
            return answer(*args, **kwargs)

    return wrapper


def _nothing_found(*args, **kwargs):
    raise ValueError("Redis does not answer: nothing is cached")


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache, which answers "nothing cached" while Redis does not answer.

    Without it a Redis outage stops sign-ins (allauth's rate limits count in the cache) and
    the public pages (cached there). With it, for as long as Redis is away, nothing is found
    and nothing is kept, and `add` says yes: rate limits and allauth's short locks let
    requests through, and pages are rendered afresh. On deadline night, signing in and
    applying matter more than rate limits for the minutes Redis is away.
    """

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self.paused_until = 0.0

    add = _fail_soft(RedisCache.add, lambda *args, **kwargs: True)
    get = _fail_soft(RedisCache.get, lambda key, default=None, version=None: default)
    set = _fail_soft(RedisCache.set, lambda *args, **kwargs: None)
    touch = _fail_soft(RedisCache.touch, lambda *args, **kwargs: False)
    delete = _fail_soft(RedisCache.delete, lambda *args, **kwargs: False)
    get_many = _fail_soft(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _fail_soft(RedisCache.has_key, lambda *args, **kwargs: False)
    incr = _fail_soft(RedisCache.incr, _nothing_found)
    set_many = _fail_soft(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    delete_many = _fail_soft(RedisCache.delete_many, lambda *args, **kwargs: None)
    clear = _fail_soft(RedisCache.clear, lambda *args, **kwargs: None)
