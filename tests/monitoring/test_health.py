"""/healthz and /readyz in-process (tests/faults/test_health.py breaks the real database
and Redis under gunicorn)."""

import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError
from django_tasks import task

from monitoring import health
from tests.conftest import run_worker


@task()
def nothing() -> None:
    """A task for the queue to hold."""


pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response


def test_readyz_reports_every_check(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        # The suite runs tasks as they are enqueued: no queue to fall behind, and it says so.
        "checks": {"database": "ok", "cache": "ok", "task_queue": "immediate"},
        "task_queue": {"backend": "immediate"},
    }
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_probes_need_no_allowed_host_and_no_https(client, settings):
    settings.ALLOWED_HOSTS = ["answers.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    # Everything else still gets both checks.
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400


def test_readyz_is_unavailable_while_a_migration_is_not_applied(client, monkeypatch):
    monkeypatch.setattr(
        health,
        "_latest_migrations",
        lambda: frozenset({("articles", "9999_not_applied")}),
    )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unmigrated"
    assert response.json()["status"] == "unavailable"


def test_readyz_is_unavailable_without_the_database_and_says_nothing_more(client, monkeypatch):
    def down():
        raise DatabaseError('connection to server at "db.internal" failed: password secret')

    monkeypatch.setattr(health.connection, "ensure_connection", down)
    monkeypatch.setattr(health.connection, "close_if_unusable_or_obsolete", lambda: None)

    response = client.get("/readyz")
    monkeypatch.undo()

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"
    assert b"db.internal" not in response.content
    assert b"secret" not in response.content


def test_readyz_is_still_ready_with_the_cache_degraded(client, monkeypatch):
    class Forgetful:
        def set(self, *args, **kwargs):
            pass

        def get(self, *args, **kwargs):
            return None

    monkeypatch.setattr(health, "cache", Forgetful())

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["cache"] == "degraded"


def test_probes_are_not_counted_as_sign_ins_or_logged(client, settings, caplog):
    settings.AXES_ENABLED = True
    with caplog.at_level("INFO", logger="monitoring.requests"):
        for _ in range(20):
            assert client.get("/readyz").status_code == 200

    assert not caplog.records


def test_readyz_reports_the_database_queue_backlog_and_its_oldest_ready_task(client, task_queue):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        nothing.enqueue()
        # Deferred work that is not due yet is not a backlog.
        nothing.using(run_after=dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)).enqueue()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 2, tzinfo=dt.UTC), tick=False):
        response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["task_queue"] == "ok"
    assert response.json()["task_queue"] == {
        "backend": "database",
        "ready": 1,
        "running": 0,
        "oldest_ready_seconds": 120,
    }


def test_readyz_calls_a_queue_no_worker_empties_degraded_but_stays_ready(
    client, task_queue, settings
):
    settings.TASK_BACKLOG_DEGRADED_SECONDS = 300
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        nothing.enqueue()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC), tick=False):
        response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.json()["checks"]["task_queue"] == "degraded"
    assert response.json()["task_queue"]["oldest_ready_seconds"] == 600

    run_worker()
    assert client.get("/readyz").json()["checks"]["task_queue"] == "ok"
