"""/healthz and /readyz, for load balancers and orchestrators.

- /healthz: the process answers. No database, no cache: a load balancer that restarts
  app servers must not restart them all because PostgreSQL is down.
- /readyz: whether this server can do its work now: the database answers and has every
  migration this code knows of applied (503 when not), the cache answers (a Redis outage
  is "degraded", still 200: pages are served from the database meanwhile, config/cache.py),
  and the background task queue (monitoring.queue: its backlog and the age of its oldest
  ready task; "degraded", still 200, when a worker falls behind).

Both are answered by the first middleware, before host validation, the HTTPS redirect,
sessions, django-axes and the page cache, so a probe by IP address over plain HTTP works,
costs at most two small queries and a cache round trip, and never sets a cookie. The
bodies name no host, user or error text."""

import logging
import uuid
from functools import lru_cache

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.http import JsonResponse

from monitoring.queue import task_queue_state

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"


def _answer(body: dict, *, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def healthz() -> JsonResponse:
    return _answer({"status": "ok"})


@lru_cache(maxsize=1)
def _latest_migrations() -> frozenset[tuple[str, str]]:
    """The leaf migration of every app, read from disk once per process (the code cannot
    change under a running process)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def database_check() -> str:
    """ "ok", "unreachable" or "unmigrated" (a leaf migration is not applied)."""
    latest = _latest_migrations()
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Readiness: the database is unreachable.", exc_info=True)
        # A broken kept connection must not be reused by the next probe.
        connection.close_if_unusable_or_obsolete()
        return "unreachable"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError:  # no migrations table: nothing was ever migrated
        return "unmigrated"
    return "ok" if latest <= applied else "unmigrated"


def cache_check() -> str:
    """ "ok", or "degraded" when a value written cannot be read back (the Redis cache
    swallows its errors by design, so a round trip is the only way to know)."""
    key, token = "readyz-probe", uuid.uuid4().hex
    try:
        cache.set(key, token, timeout=10)
        ok = cache.get(key) == token
    except Exception:
        ok = False
    return "ok" if ok else "degraded"


def readyz() -> JsonResponse:
    checks = {"database": database_check(), "cache": cache_check()}
    queue = task_queue_state(database_ok=checks["database"] == "ok")
    checks["task_queue"] = queue.pop("status")
    ready = checks["database"] == "ok"
    body = {"status": "ready" if ready else "unavailable", "checks": checks, "task_queue": queue}
    return _answer(body, status=200 if ready else 503)
