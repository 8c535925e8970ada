"""/readyz under gunicorn while PostgreSQL and Redis go away and come back: the database
down is 503 (take this server out of the load balancer), Redis down is 200 "degraded"
(the site serves from the database meanwhile), /healthz stays 200 throughout, and both
recover by themselves (monitoring/health.py)."""

import contextlib

import pytest

from tests.faults.services import AppServer, Browser, app_environment, wait_for, worker_run


@pytest.fixture
def server(database, redis):
    environment = app_environment(database_url=database, redis_url=redis.url)
    app = AppServer(environment).start()
    worker_run(environment)  # the seed's submission emails: an empty queue to start from
    yield app
    app.stop()


def _ready(server) -> tuple[int, dict]:
    answer = Browser(server.base).get("/readyz")
    return answer.status, answer.json()


def test_readyz_follows_the_database_and_the_cache_going_down_and_back(server, redis, postgres):
    assert _ready(server) == (
        200,
        {
            "status": "ready",
            "checks": {"database": "ok", "cache": "ok", "task_queue": "ok"},
            "task_queue": {
                "backend": "database",
                "ready": 0,
                "running": 0,
                "oldest_ready_seconds": 0,
            },
        },
    )

    redis.stop()
    status, body = _ready(server)
    assert status == 200
    assert body["checks"]["cache"] == "degraded"
    assert body["checks"]["database"] == "ok"
    redis.start()
    wait_for(
        lambda: _ready(server)[1]["checks"]["cache"] == "ok",
        timeout=10,
        interval=0.2,
        what="the cache to be reported ok again",
    )

    try:
        postgres.stop("fast")
        status, body = _ready(server)
        assert status == 503
        assert body == {
            "status": "unavailable",
            "checks": {"database": "unreachable", "cache": "ok", "task_queue": "unreachable"},
            "task_queue": {"backend": "database"},
        }
        health = Browser(server.base).get("/healthz")
        assert (health.status, health.json()) == (200, {"status": "ok"})
    finally:
        with contextlib.suppress(Exception):
            postgres.start()
    wait_for(
        lambda: _ready(server)[0] == 200,
        timeout=30,
        interval=0.5,
        what="readiness after PostgreSQL came back",
    )
    assert "Internal Server Error" not in server.log_text()
