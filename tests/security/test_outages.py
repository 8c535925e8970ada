"""While the database is unreachable the site answers 503 with a page that says so and
when to retry, never a 500 (config.middleware, config.views.server_error). The real
thing, PostgreSQL stopped under load, is tests/faults/test_postgres_restart.py."""

import logging
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from tests.conftest import freeze_revision, make_article


@pytest.fixture
def published(editor):
    article = make_article(editor)
    freeze_revision(article, editor)
    return article


def _database_down(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_lost_database_in_a_view_is_a_503_with_retry_after(client, published, error, caplog):
    with (
        mock.patch("articles.views.public.article_for_reader", side_effect=error("gone")),
        caplog.at_level(logging.ERROR, logger="config.middleware"),
    ):
        response = client.get(published.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "We'll be right back" in page
    assert "Nothing you sent has been lost" in page
    assert "Database unavailable while answering GET /articles/back-pain/" in caplog.text


def test_the_api_answers_a_json_503(client, published):
    with mock.patch("api.views.articles.article_get", side_effect=_database_down):
        response = client.get(f"/api/v1/articles/{published.slug}/")
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"
    assert response["Retry-After"] == "30"


def test_a_lost_database_outside_a_view_is_a_503_too(published, editor):
    # Saving the session happens in SessionMiddleware, after the view: handler500 sees it.
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    with mock.patch.object(SessionStore, "save", side_effect=_database_down):
        response = client.get("/editor/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_any_other_error_is_still_a_500(client, published):
    client = Client(raise_request_exception=False)
    with mock.patch("articles.views.public.article_for_reader", side_effect=KeyError("bug")):
        response = client.get(published.get_absolute_url())
    assert response.status_code == 500
    assert "Retry-After" not in response
