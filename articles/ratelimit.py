"""A rate limit kept in Django's cache, so with Redis it holds across app servers.

A sliding-window counter: one counter per (scope, client, fixed window), and a hit is
refused when this window's count plus the previous window's, weighted by how much of the
previous window still lies within one window's length of now, is over the limit. Unlike a
plain fixed window it does not reset to zero at a window boundary (which let a client
spend twice its allowance across one). Deliberately small: two counters, one round trip
with Redis."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, unless that is one of settings.TRUSTED_PROXIES
    (the site's own reverse proxies, e.g. nginx in deploy/), in which case the nearest
    address in X-Forwarded-For that is not a trusted proxy. Every other sender's
    X-Forwarded-For is ignored: anyone can write one. The login throttle (config.login)
    and the site's rate limits all count by this address."""
    return client_ip_from(request.META)


def client_ip_from(meta: dict) -> str:
    """client_ip from a request's META (a WSGI environ)."""
    remote = meta.get("REMOTE_ADDR", "unknown")
    proxies = settings.TRUSTED_PROXIES
    if not proxies or not _trusted(remote, proxies):
        return remote
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    # Read from the right: each proxy appends the address it received the request from,
    # so everything left of the first untrusted address could have been sent by a client.
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not _trusted(hop, proxies):
            return hop if _is_address(hop) else remote
    return remote


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _trusted(address: str, proxies) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


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
