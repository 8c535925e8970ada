"""Caches of the public pages, in two tiers.

The shared tier is Django's cache (Redis in production, shared by every app server). In
front of it each process keeps a small local tier (cachetools), so a page-cache hit or a
304 usually costs no network round trip at all:

- Values whose key names everything they are made of never change: an article page's
  HTML per (ETag, host), an API body per (ETag, host), a list or search page per
  catalogue version. The local tier keeps the most recently used of them, bounded in
  bytes (LOCAL_VALUES_BYTES), and never needs invalidating.
- What can change: per slug, the columns an article page's ETag is made of, and the
  catalogue version (a token every article save replaces). A write forgets them at once
  in its own process and in the shared tier; another process may go on using its local
  copy for at most LOCAL_SECONDS. That bound is deliberate: it is far inside the max-age
  (settings.ARTICLE_PAGE_MAX_AGE, 5 minutes by default) for which browsers and shared
  caches may already keep an approved page unchecked.

Cache reads and writes never take a page down: when the shared cache (Redis) is
unreachable the page is rendered from the database instead, and the failure is logged."""

import logging
import threading
import uuid
from functools import partial

from cachetools import LRUCache, TTLCache
from django.core.cache import cache
from django.db import transaction

from articles.prepared import PreparedQuery

logger = logging.getLogger(__name__)

# How long a page's ETag inputs may be served from the shared cache. Every save of the
# article or of one of its revisions forgets them at once (articles.apps connects the
# receivers); this bound only covers a reader who read the old row just before a write
# committed.
PAGE_STATE_SECONDS = 5
# How long a rendered page (or an API body) of one version is kept: a bound only, since the
# key is the version's ETag and a version never changes.
PAGE_CACHE_SECONDS = 24 * 3600
# How long another process may use its local copy of a slug's state or of the catalogue
# version after a write (see the module docstring).
LOCAL_SECONDS = 2
LOCAL_VALUES_BYTES = 32 * 1024 * 1024  # per process
_NO_ARTICLE = {}  # cached "no such slug": a 404 flood then costs no queries either

_REVISION_COLUMNS = ("id", "state", "content_hash", "submitted_at")

# cachetools' caches are not thread-safe: one lock for the three (every operation under it
# is a dictionary update).
_lock = threading.Lock()
_local_states: TTLCache = TTLCache(maxsize=10_000, ttl=LOCAL_SECONDS)


def _size(value) -> int:
    """Bytes of a cached value: a page, or a tuple of a page and its few headers."""
    return len(value) if isinstance(value, (bytes, str)) else sum(map(len, value))


_local_values: LRUCache = LRUCache(maxsize=LOCAL_VALUES_BYTES, getsizeof=_size)
_local_catalogue: TTLCache = TTLCache(maxsize=1, ttl=LOCAL_SECONDS)


def local_tier_clear() -> None:
    """Empty this process's local tier (tests start from nothing, as with the shared one)."""
    with _lock:
        _local_states.clear()
        _local_values.clear()
        _local_catalogue.clear()


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


def _cache_delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        logger.warning("Cache delete failed for %s.", key, exc_info=True)


def immutable_get(key: str):
    """A value whose key names everything it is made of: from this process's memory when
    it served it recently, else from the shared cache (and from then on kept locally)."""
    with _lock:
        value = _local_values.get(key)
    if value is None:
        value = cache_get(key)
        if value is not None:
            _local_keep(key, value)
    return value


def immutable_set(key: str, value, *, timeout: int) -> None:
    """Keep `value` (bytes, or a tuple of bytes and strings) under a key that names
    everything it is made of."""
    cache_set(key, value, timeout=timeout)
    _local_keep(key, value)


def _local_keep(key: str, value) -> None:
    if _size(value) <= LOCAL_VALUES_BYTES // 4:  # one huge value must not empty the tier
        with _lock:
            _local_values[key] = value


def _state_key(slug: str) -> str:
    return f"article-state:{slug}"


def article_page_state(*, slug: str) -> dict | None:
    """The columns an article page's ETag is made of: the article's id and dates, and the
    id, state, hash and submission time of its live and pending revisions (as "live" and
    "pending", each None when absent). None when there is no such article. A page-cache hit
    and a 304 need nothing else, so while this is cached they cost no query (and, from the
    local tier, no cache round trip either)."""
    with _lock:
        state = _local_states.get(slug)
    if state is None:
        state = cache_get(_state_key(slug))
        if state is None:
            state = _state_query(slug) or _NO_ARTICLE
            cache_set(_state_key(slug), state, timeout=PAGE_STATE_SECONDS)
        with _lock:
            _local_states[slug] = state
    return state or None


def article_page_state_local(*, slug: str) -> dict | None:
    """article_page_state from this process's local tier alone, when it is there: no query,
    no round trip (config.page_replay runs outside Django's request cycle)."""
    with _lock:
        return _local_states.get(slug) or None


def _state_rows(slug: str):
    """The article's row and its family's (its source and every translation of that
    source), as a values() queryset."""
    from django.db.models import Q, Subquery
    from django.db.models.functions import Coalesce

    from articles.models import Article

    columns = [
        f"{rel}__{c}" for rel in ("live_revision", "pending_revision") for c in _REVISION_COLUMNS
    ]
    root = Article.objects.filter(slug=slug).values(root=Coalesce("translation_of_id", "id"))[:1]
    return (
        Article.objects.filter(Q(pk=Subquery(root)) | Q(translation_of_id=Subquery(root)))
        .order_by()
        .values(
            "id",
            "slug",
            "language",
            "translation_of_id",
            "published_at",
            "last_updated_at",
            "last_reviewed_at",
            "next_review_due",
            "live_revision__source_revision_id",
            "withdrawn_at",
            *columns,
        )
    )


# Its SQL built once per process (articles.prepared): building it cost more than running it.
_STATE_ROWS = PreparedQuery(_state_rows, slug=str)


def _state_query(slug: str) -> dict | None:
    """One query for the article's row and its family's: the language switch, hreflang
    and "behind the source" need them, and a source going live changes its translations'
    pages."""
    rows = _STATE_ROWS.rows(slug=slug)
    row = next((r for r in rows if r["slug"] == slug), None)
    if row is None:
        return None
    state = {
        k: v
        for k, v in row.items()
        if "__" not in k and k not in ("slug", "language", "translation_of_id")
    }
    for rel, name in (("live_revision", "live"), ("pending_revision", "pending")):
        revision = {c: row[f"{rel}__{c}"] for c in _REVISION_COLUMNS}
        state[name] = revision if revision["id"] is not None else None
    state["language"] = row["language"]
    state["family"] = _family(rows)
    return state


def _family(rows: list[dict]) -> tuple[dict, ...]:
    """The source first, then its translations by language: each one's slug, language,
    whether it has a live or pending revision, and (for a translation) whether its live
    revision translates an older source revision than the source's live one."""
    source = next((r for r in rows if r["translation_of_id"] is None), None)
    source_live = source["live_revision__id"] if source else None
    family = []
    for r in sorted(rows, key=lambda r: (r["translation_of_id"] is not None, r["language"])):
        translated = r["live_revision__source_revision_id"]
        family.append(
            {
                "id": r["id"],
                "slug": r["slug"],
                "language": r["language"],
                "is_source": r["translation_of_id"] is None,
                # A member withdrawn from public view is nowhere to switch to.
                "live": r["live_revision__id"] is not None and r["withdrawn_at"] is None,
                "pending": r["pending_revision__id"] is not None and r["withdrawn_at"] is None,
                "behind": r["translation_of_id"] is not None
                and r["live_revision__id"] is not None
                and source_live is not None
                and translated != source_live,
            }
        )
    return tuple(family)


def article_page_forget(*, slug: str) -> None:
    """Forget an article's cached ETag inputs, now and again when the transaction commits
    (a reader in between may have cached the rows as they were before the commit)."""
    _state_forget(slug)
    transaction.on_commit(partial(_state_forget, slug))


def _state_forget(slug: str) -> None:
    with _lock:
        _local_states.pop(slug, None)
    _cache_delete(_state_key(slug))


CATALOGUE_KEY = "article-catalogue"


def catalogue_version() -> str:
    """A token that changes whenever any article is saved: lists of articles (the index,
    search results) are cached under it, so a list is never served from before a change
    (in another process, from at most LOCAL_SECONDS before)."""
    with _lock:
        token = _local_catalogue.get(CATALOGUE_KEY)
    if token is None:
        token = cache_get(CATALOGUE_KEY)
        if token is None:
            token = uuid.uuid4().hex
            cache_set(CATALOGUE_KEY, token, timeout=None)
        with _lock:
            _local_catalogue[CATALOGUE_KEY] = token
    return token


def catalogue_changed() -> None:
    """Start a new catalogue version, now and again when the transaction commits."""
    _catalogue_forget()
    transaction.on_commit(_catalogue_forget)


def _catalogue_forget() -> None:
    with _lock:
        _local_catalogue.clear()
    _cache_delete(CATALOGUE_KEY)


def forget_saved_article(sender, instance, **kwargs) -> None:
    """An article's page, and its family's: a source going live puts its translations
    behind it, and any of them going live changes the others' language switch."""
    for slug in _family_slugs(instance):
        article_page_forget(slug=slug)
    catalogue_changed()


def _family_slugs(article) -> set[str]:
    from django.db.models import Q

    from articles.models import Article

    root = article.translation_of_id or article.pk
    slugs = {article.slug}
    if root is not None:
        slugs.update(
            Article.objects.filter(Q(pk=root) | Q(translation_of_id=root)).values_list(
                "slug", flat=True
            )
        )
    return slugs


def forget_saved_revision(sender, instance, **kwargs) -> None:
    from articles.models import Article

    if sender._meta.get_field("article").is_cached(instance):
        slug = instance.article.slug
    else:
        slug = Article.objects.filter(pk=instance.article_id).values_list("slug", flat=True).first()
    if slug is not None:
        article_page_forget(slug=slug)
