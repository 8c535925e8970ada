"""A rate limit kept in Django's cache, so with Redis it holds across app servers.

A sliding-window counter: one counter per (scope, client, fixed window), and a hit is
refused when this window's count plus the previous window's, weighted by how much of the
previous window still lies within one window's length of now, is over the limit. Unlike a
plain fixed window it does not reset to zero at a window boundary (which let a client
spend twice its allowance across one). Deliberately small: two counters, one round trip
with Redis."""

import time

from django.core.cache import cache


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites
    # it, and the proxy setup is deployment-specific (see docs/deployment.md).
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limit_hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit; return True when the caller is over `limit` hits in the last
    `window_seconds` (as estimated from this window's and the previous window's counts).
    Fails open: when the cache is unreachable nothing is counted and nothing refused."""
    now = time.time()
    window, into = divmod(now, window_seconds)
    current = f"ratelimit:{scope}:{key}:{int(window)}"
    previous = f"ratelimit:{scope}:{key}:{int(window) - 1}"
    # Each counter lives two windows, so it is still there as the previous one.
    timeout = 2 * window_seconds + 1
    try:
        count, before = _count(current, previous, timeout=timeout)
    except Exception:
        return False
    return before * (1 - into / window_seconds) + count > limit


def _count(current: str, previous: str, *, timeout: int) -> tuple[int, int]:
    # The Redis cache counts in one round trip (config.cache.ResilientRedisCache); other
    # caches by add-then-increment.
    counter = getattr(cache, "incr_window", None)
    if counter is not None:
        return counter(current, timeout=timeout, previous=previous)
    try:
        count = 1 if cache.add(current, 1, timeout=timeout) else cache.incr(current)
    except ValueError:  # the key expired between add and incr
        cache.set(current, 1, timeout=timeout)
        count = 1
    return count, cache.get(previous, 0)
