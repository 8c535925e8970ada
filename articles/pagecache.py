"""Cache reads and writes that never take a page down: when the cache (Redis) is
unreachable the page is rendered from the database instead, and the failure is logged."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # any cache failure means "not cached"
        logger.warning("Cache read failed for %s; rendering from the database.", key, exc_info=True)
        return None


def cache_set(key: str, value, *, timeout: int) -> None:
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        logger.warning("Cache write failed for %s.", key, exc_info=True)
