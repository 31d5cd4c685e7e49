"""Redis down: the cache answers "nothing cached", and candidates still sign in and read."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCacheClient
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from recruitment.lib.cache import FailSoftRedisCache
from tests.factories import TEST_PASSWORD, UserFactory, VacancyFactory
from tests.html import Page

pytestmark = pytest.mark.django_db

BACKEND = "recruitment.lib.cache.FailSoftRedisCache"
NOTHING_LISTENS = "redis://127.0.0.1:9/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": BACKEND, "LOCATION": NOTHING_LISTENS}}
    yield
    caches["default"].close()


def test_candidates_sign_in_and_read_the_vacancies_while_redis_is_down(redis_down, caplog):
    UserFactory(email="steady@example.org")
    vacancy = VacancyFactory(title_en="Cyber defence intern")

    with caplog.at_level(logging.WARNING, logger="recruitment.lib.cache"):
        signed_in = Client().post(
            "/en/accounts/login/", {"login": "steady@example.org", "password": TEST_PASSWORD}
        )
        listed = Client().get("/en/vacancies/")
        shown = Client().get(f"/en/vacancies/{vacancy.reference}/")

    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/en/me/"
    assert "Cyber defence intern" in Page(listed.content).main_text
    assert shown.status_code == 200
    # said once, then Redis is left alone for a while instead of being asked on each request
    assert len([r for r in caplog.records if r.name == "recruitment.lib.cache"]) == 1


def test_while_redis_is_down_nothing_is_found_nothing_kept_and_add_says_yes():
    cache = FailSoftRedisCache(NOTHING_LISTENS, {})

    assert cache.get("page", "default") == "default"
    assert cache.set("page", "content") is None
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("lock", True) is True  # allauth's locks and rate limits let it through
    assert cache.has_key("page") is False
    assert cache.set_many({"a": 1}) == ["a"]
    with pytest.raises(ValueError, match="nothing is cached"):
        cache.incr("generation")


def test_after_a_failure_redis_is_left_alone_for_a_few_seconds():
    cache = FailSoftRedisCache(NOTHING_LISTENS, {})
    with mock.patch.object(
        RedisCacheClient, "get", side_effect=RedisConnectionError("down")
    ) as asked:
        cache.get("a")
        cache.get("b")
        cache.get("c")

    assert asked.call_count == 1


def test_with_redis_up_it_is_an_ordinary_cache():
    cache = FailSoftRedisCache("redis://127.0.0.1:6379/13", {"KEY_PREFIX": "fail-soft-test"})
    try:
        cache.set("page", "content", 30)
        assert cache.get("page") == "content"
        assert cache.add("page", "other") is False
    finally:
        cache.delete("page")
        cache.close()
