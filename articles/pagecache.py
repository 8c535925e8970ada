"""Caches of the public pages: an article page's rendered HTML per (ETag, host), the few
columns that ETag is computed from per slug, and a version of the whole catalogue for
lists of articles.

Cache reads and writes never take a page down: when the cache (Redis) is unreachable the
page is rendered from the database instead, and the failure is logged."""

import logging
import uuid
from functools import partial

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

# How long a page's ETag inputs may be served from the cache. Every save of the article or
# of one of its revisions forgets them at once (articles.apps connects the receivers); this
# bound only covers a reader who read the old row just before a write committed.
PAGE_STATE_SECONDS = 5
_NO_ARTICLE = {}  # cached "no such slug": a 404 flood then costs no queries either

_REVISION_COLUMNS = ("id", "state", "content_hash", "submitted_at")


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


def _cache_get_many(keys: list[str]) -> dict:
    try:
        return cache.get_many(keys)
    except Exception:
        logger.warning(
            "Cache read failed for %s; rendering from the database.", keys, exc_info=True
        )
        return {}


def _cache_delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        logger.warning("Cache delete failed for %s.", key, exc_info=True)


class RecentEtags:
    """The ETag last served per URL, in this process: a guess of which cached page a
    request will need, so it can be fetched together with the state. A wrong or missing
    guess costs one more cache read, never a wrong page. Bounded: emptied when full."""

    def __init__(self, size: int = 10_000):
        self.size = size
        self._etags: dict = {}

    def get(self, url) -> str | None:
        return self._etags.get(url)

    def remember(self, url, etag: str) -> None:
        if len(self._etags) >= self.size and url not in self._etags:
            self._etags.clear()
        self._etags[url] = etag


def _state_key(slug: str) -> str:
    return f"article-state:{slug}"


def article_page_state(*, slug: str) -> dict | None:
    """The columns an article page's ETag is made of: the article's id and dates, and the
    id, state, hash and submission time of its live and pending revisions (as "live" and
    "pending", each None when absent). None when there is no such article. A page-cache hit
    and a 304 need nothing else, so they cost no query while this is cached."""
    return article_page_state_and(slug=slug, key=None)[0]


def article_page_state_and(*, slug: str, key: str | None) -> tuple[dict | None, object]:
    """article_page_state, plus whatever is cached under `key`, read in the same round
    trip to the cache (with Redis, one network round trip instead of two). Callers pass
    the key of the page they expect the state to lead to."""
    state_key = _state_key(slug)
    found = _cache_get_many([state_key, key] if key else [state_key])
    state = found.get(state_key)
    if state is None:
        state = _state_query(slug) or _NO_ARTICLE
        cache_set(state_key, state, timeout=PAGE_STATE_SECONDS)
    return state or None, found.get(key) if key else None


def _state_query(slug: str) -> dict | None:
    from articles.models import Article

    columns = [
        f"{rel}__{c}" for rel in ("live_revision", "pending_revision") for c in _REVISION_COLUMNS
    ]
    row = (
        Article.objects.filter(slug=slug)
        .order_by()
        .values(
            "id",
            "published_at",
            "last_updated_at",
            "last_reviewed_at",
            "next_review_due",
            *columns,
        )
        .first()
    )
    if row is None:
        return None
    state = {k: v for k, v in row.items() if "__" not in k}
    for rel, name in (("live_revision", "live"), ("pending_revision", "pending")):
        revision = {c: row[f"{rel}__{c}"] for c in _REVISION_COLUMNS}
        state[name] = revision if revision["id"] is not None else None
    return state


def article_page_forget(*, slug: str) -> None:
    """Forget an article's cached ETag inputs, now and again when the transaction commits
    (a reader in between may have cached the rows as they were before the commit)."""
    key = _state_key(slug)
    _cache_delete(key)
    transaction.on_commit(partial(_cache_delete, key))


CATALOGUE_KEY = "article-catalogue"


def catalogue_version() -> str:
    """A token that changes whenever any article is saved: lists of articles (the index)
    are cached under it, so a list is never served from before a change."""
    token = cache_get(CATALOGUE_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache_set(CATALOGUE_KEY, token, timeout=None)
    return token


def catalogue_changed() -> None:
    """Start a new catalogue version, now and again when the transaction commits."""
    _cache_delete(CATALOGUE_KEY)
    transaction.on_commit(partial(_cache_delete, CATALOGUE_KEY))


def forget_saved_article(sender, instance, **kwargs) -> None:
    article_page_forget(slug=instance.slug)
    catalogue_changed()


def forget_saved_revision(sender, instance, **kwargs) -> None:
    from articles.models import Article

    if sender._meta.get_field("article").is_cached(instance):
        slug = instance.article.slug
    else:
        slug = Article.objects.filter(pk=instance.article_id).values_list("slug", flat=True).first()
    if slug is not None:
        article_page_forget(slug=slug)
