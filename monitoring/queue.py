"""The background task queue as /readyz reports it (docs/operations.md "Background work").

The status is "ok"; "degraded" when the oldest task ready to run has waited longer than
TASK_BACKLOG_DEGRADED_SECONDS (no worker running, or too few); "unreachable" when the
queue cannot be read; "immediate" when tasks run as they are enqueued (tests and a
one-process debug run: there is no queue to fall behind); "unmeasured" for RQ, whose
backlog `manage.py rqstats` shows. Beside it, for the database backend: how many tasks are
ready now, running, and how long the oldest ready one has waited, in whole seconds."""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Case, F, When
from django.utils import timezone

logger = logging.getLogger(__name__)


def _database_queue() -> dict:
    # Imported here: the models need the app registry, and this module is imported early.
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.ready()
    # A task deferred with run_after has waited since then, not since it was enqueued.
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
    )
    oldest = (
        ready.annotate(since=waiting_since).order_by("since").values_list("since", flat=True)
    ).first()
    waited = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    degraded = waited > settings.TASK_BACKLOG_DEGRADED_SECONDS
    return {
        "status": "degraded" if degraded else "ok",
        "backend": "database",
        "ready": ready.count(),
        "running": DBTaskResult.objects.running().count(),
        "oldest_ready_seconds": waited,
    }


def task_queue_state(*, database_ok: bool) -> dict:
    backend = settings.TASK_BACKEND
    if backend != "database":
        status = "immediate" if backend == "immediate" else "unmeasured"
        return {"status": status, "backend": backend}
    if not database_ok:
        return {"status": "unreachable", "backend": backend}
    try:
        return _database_queue()
    except DatabaseError:
        logger.warning("Readiness: the task queue table cannot be read.", exc_info=True)
        return {"status": "unreachable", "backend": backend}
