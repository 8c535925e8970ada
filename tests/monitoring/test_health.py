"""/healthz and /readyz in-process (tests/faults/test_health.py breaks the real database
and Redis under gunicorn)."""

import pytest
from django.db import DatabaseError

from monitoring import health

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
        "checks": {"database": "ok", "cache": "ok", "task_queue": "absent"},
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
