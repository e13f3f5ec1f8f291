"""Which cache the suite runs on: process memory on SQLite, a real Redis when REDIS_URL is set."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache

from lapak.core.ratelimit import rate_limit_hit


def test_cache_backend_matches_the_environment():
    backend = settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "django.core.cache.backends.redis.RedisCache"
        cache.set("probe", 1)
        assert cache.get("probe") == 1
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("limit", [1, 3])
def test_rate_limit_counts_within_a_window(limit):
    results = [rate_limit_hit(scope="t", identity="10.0.0.1", limit=limit, window_seconds=60) for _ in range(limit + 2)]
    assert results == [True] * limit + [False, False]
    assert rate_limit_hit(scope="t", identity="10.0.0.2", limit=limit, window_seconds=60)
