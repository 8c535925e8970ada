"""The Redis cache, made to degrade rather than fail: when Redis is down or too slow, a
read is a miss and a write is skipped, and the site carries on from the database.

Every user of the cache benefits without a try/except of its own: Django's cache_page
(sitemaps), DRF's throttles, the rate limits, the page cache. The cost while Redis is down
is that nothing is cached and the limits are not counted (they "fail open": refusing every
reader because the counter is unreachable would be the worse outage); the log says so, at
most once every LOG_EVERY_SECONDS per process, so an outage does not flood it."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 30
_last_logged = 0.0


def _unavailable(operation: str, error: Exception) -> None:
    global _last_logged  # one timestamp per process, by design
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning(
            "Redis is unavailable (%s: %s); serving without the cache, rate limits not counted.",
            operation,
            error,
        )


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object for every cache call, and with
    redis-py 5 and later that costs more than the network round trip (its table of
    response callbacks is rebuilt each time: about 80 us here). One per connection pool
    is enough: redis.Redis is thread-safe, and its pool reconnects after a fork."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version=version)
        except UNAVAILABLE as error:
            _unavailable("add", error)
            return False

    def incr_window(self, key, *, timeout: int, previous: str, version=None) -> tuple[int, int]:
        """Count one more in the counter `key`, which expires `timeout` seconds after it
        was created, and read the counter `previous` (a sliding-window rate limit), in one
        round trip: SET NX EX, INCR and GET in one MULTI/EXEC, so a counter can never be
        left without its expiry. Returns (0, 0), failing open as documented above, while
        Redis is unavailable."""
        key = self.make_and_validate_key(key, version=version)
        previous = self.make_and_validate_key(previous, version=version)
        try:
            pipe = self._cache.get_client(key, write=True).pipeline(transaction=True)
            pipe.set(key, 0, ex=timeout, nx=True)
            pipe.incr(key)
            pipe.get(previous)
            _, count, before = pipe.execute()
        except UNAVAILABLE as error:
            _unavailable("incr_window", error)
            return 0, 0
        return count, int(before or 0)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE as error:
            _unavailable("get", error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version=version)
        except UNAVAILABLE as error:
            _unavailable("set", error)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version=version)
        except UNAVAILABLE as error:
            _unavailable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE as error:
            _unavailable("delete", error)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE as error:
            _unavailable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as error:
            _unavailable("has_key", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as error:
            _unavailable("incr", error)
            # As if the key had expired: callers (the rate limits) start counting afresh.
            raise ValueError(f"Key {key!r} not found (the cache is unavailable).") from None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version=version)
        except UNAVAILABLE as error:
            _unavailable("set_many", error)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNAVAILABLE as error:
            _unavailable("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except UNAVAILABLE as error:
            _unavailable("clear", error)
            return False
