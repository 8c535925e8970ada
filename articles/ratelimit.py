"""A fixed-window rate limit kept in Django's cache, so with Redis it holds across app
servers. Deliberately small: one counter per (scope, client, window)."""

import time

from django.core.cache import cache


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites
    # it, and the proxy setup is deployment-specific (see docs/deployment.md).
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limit_hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit; return True when the caller is over the limit for this window."""
    window = int(time.time() // window_seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    # The Redis cache counts in one round trip (config.cache.ResilientRedisCache); other
    # caches by add-then-increment.
    counter = getattr(cache, "incr_window", None)
    if counter is not None:
        return counter(cache_key, timeout=window_seconds + 1) > limit
    try:
        added = cache.add(cache_key, 1, timeout=window_seconds + 1)
        count = 1 if added else cache.incr(cache_key)
    except ValueError:  # the key expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds + 1)
        count = 1
    except Exception:
        return False
    return count > limit
