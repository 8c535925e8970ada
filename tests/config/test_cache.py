"""The Redis cache (config/cache.py) keeps one redis client per connection pool instead of
building one per call, and still reads and writes like Django's own."""

import os
import socket
import uuid

import pytest
from django.core.cache.backends.redis import RedisCacheClient

from config.cache import ResilientRedisCache

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("Needs Redis at 127.0.0.1:6379 (CI has it).")
    cache = ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["page", "state", "count", "before", "new"])


def test_successive_calls_share_one_client(redis_cache):
    client = redis_cache._cache.get_client("page")
    assert redis_cache._cache.get_client("state") is client
    assert redis_cache._cache.get_client("page", write=True) is client
    # Django's own client builds a new one every time: what this avoids.
    stock = RedisCacheClient([REDIS_URL])
    assert stock.get_client("page") is not stock.get_client("page")


def test_values_round_trip_as_with_djangos_client(redis_cache):
    redis_cache.set("page", b"<html>", timeout=60)
    redis_cache.set("state", {"live": None}, timeout=60)
    assert redis_cache.get_many(["page", "state", "missing"]) == {
        "page": b"<html>",
        "state": {"live": None},
    }
    assert redis_cache.add("count", 1, timeout=60) is True
    assert redis_cache.incr("count") == 2


def test_a_window_counter_counts_in_one_round_trip_and_always_expires(redis_cache):
    redis_cache.set("before", 4, timeout=60)

    counts = [redis_cache.incr_window("count", timeout=30, previous="before") for _ in range(3)]

    key = redis_cache.make_and_validate_key("count")
    ttl = redis_cache._cache.get_client(key).ttl(key)
    assert counts == [(1, 4), (2, 4), (3, 4)]
    assert 0 < ttl <= 30  # set when the counter was created, not pushed back by each count
    assert redis_cache.get("count") == 3
    assert redis_cache.incr_window("new", timeout=30, previous="nothing") == (1, 0)


def test_a_window_counter_fails_open_while_redis_is_unreachable():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens on it once closed
    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
    )
    assert cache.incr_window("count", timeout=30, previous="before") == (0, 0)


def test_the_site_rate_limit_counts_in_redis(redis_cache, settings):
    from articles.ratelimit import rate_limit_hit

    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": redis_cache.key_prefix,
        }
    }
    hits = [rate_limit_hit(scope="test", key="me", limit=2, window_seconds=60) for _ in range(3)]
    assert hits == [False, False, True]
