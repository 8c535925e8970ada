"""Rate limits: the question box per client address, counted in the shared cache, so with
Redis the limits hold across app servers; and what happens when that cache is down.
(The API's own throttles: tests/api/test_errors.py; signing: test_authentication.py; the
real two-server check: tests/faults/test_two_servers.py.)"""

import datetime as dt
import json
import logging
import os
import socket
import threading
import uuid

import pytest
import time_machine

from articles.models import ReaderQuestion
from articles.ratelimit import rate_limit_hit
from tests.conftest import freeze_revision, make_article
from tests.security.test_headers import _child

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def published(editor):
    article = make_article(editor)
    freeze_revision(article, editor)
    return article


def _ask(client, article, number, **extra):
    url = f"/articles/{article.slug}/question/"
    return client.post(url, {"text": f"Question {number}?"}, **extra)


def test_the_sixth_question_in_ten_minutes_is_refused_with_429(client, published):
    statuses = [_ask(client, published, n).status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert ReaderQuestion.objects.count() == 5


def test_the_refusal_says_what_to_do(client, published):
    for n in range(5):
        _ask(client, published, n)
    response = _ask(client, published, 6)
    assert "Please wait a few minutes" in response.content.decode()


def test_another_address_is_not_held_back_by_the_first(client, published):
    for n in range(6):
        _ask(client, published, n, REMOTE_ADDR="198.51.100.1")
    assert _ask(client, published, 7, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_a_forwarded_for_header_does_not_make_a_new_client(client, published):
    for n in range(5):
        _ask(client, published, n, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = _ask(client, published, 6, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_the_limit_does_not_reset_at_a_window_boundary_but_lets_questions_in_later(
    client, published
):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for n in range(6):
            _ask(client, published, n)
        clock.shift(dt.timedelta(minutes=10))  # a new window; the last one still counts
        assert _ask(client, published, 7).status_code == 429
        clock.shift(dt.timedelta(minutes=10))
        assert _ask(client, published, 8).status_code == 302


def test_a_count_spread_over_a_window_boundary_is_still_one_limit(client, published):
    """A fixed window would allow 5 at 9:09 and 5 more at 9:10; the sliding count does not."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 9, tzinfo=dt.UTC), tick=False) as clock:
        for n in range(5):
            assert _ask(client, published, n).status_code == 302
        clock.shift(dt.timedelta(minutes=1))
        assert _ask(client, published, 5).status_code == 429


def _redis_reachable() -> bool:
    host, port = "127.0.0.1", 6379
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def shared_redis(settings):
    if not _redis_reachable():
        pytest.skip("Needs Redis at 127.0.0.1:6379 (CI has it): the limits' shared store.")
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # nothing shared with other runs
        }
    }
    # Keys expire with their window; the prefix keeps them apart from everything else.


def test_with_redis_two_servers_share_one_count(shared_redis):
    """Each thread has its own cache client (its own connection pool), as each server
    process does; the count they make is one."""

    def hit(results):
        results.append(
            rate_limit_hit(scope="question", key="203.0.113.5", limit=5, window_seconds=600)
        )

    first, second = [], []
    for _ in range(3):
        hit(first)
    other = threading.Thread(target=lambda: [hit(second) for _ in range(3)])
    other.start()
    other.join()

    assert first == [False, False, False]
    assert second == [False, False, True]


def test_with_redis_the_question_box_limit_holds(client, published, shared_redis):
    statuses = [_ask(client, published, n).status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]


def test_when_the_cache_is_down_questions_still_arrive_and_the_outage_is_logged(
    client, published, settings, caplog
):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    import config.cache

    config.cache._last_logged = 0.0
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        statuses = [_ask(client, published, n).status_code for n in range(7)]
    # Failing open: refusing every reader because the counter is unreachable would be the
    # worse outage. The log says the limits are not being counted.
    assert statuses == [302] * 7
    assert ReaderQuestion.objects.count() == 7
    # The API's throttles read the same cache; they let the request through too.
    assert client.get("/api/v1/articles/").status_code == 200
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert "Redis is unavailable" in caplog.text
    assert "rate limits not counted" in caplog.text


def test_production_counts_limits_in_redis_when_given_one():
    result = _child(
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.CACHES['default']))",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout.strip().splitlines()[-1])
    assert cache["BACKEND"] == "config.cache.ResilientRedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/0"
    assert cache["OPTIONS"]["socket_timeout"] <= 1
