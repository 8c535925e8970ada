"""One JSON line per request and per workflow event, and the request id from
X-Request-ID to the response header, the log and the 500 page."""

import json
import logging

import pytest
from django.urls import include, path

from monitoring.logs import JsonFormatter
from reviews.workflow import revision_submit
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken), path("", include("config.urls"))]
handler500 = "config.views.server_error"


@pytest.fixture
def lines(caplog):
    """The JSON each captured record would be written as."""
    formatter = JsonFormatter()
    caplog.set_level("INFO")
    return lambda: [json.loads(formatter.format(record)) for record in caplog.records]


def test_a_request_writes_one_line_with_its_id_status_and_view(client, lines):
    response = client.get("/", HTTP_X_REQUEST_ID="reader-report-0001")

    assert response["X-Request-ID"] == "reader-report-0001"
    [line] = [x for x in lines() if x.get("event") == "request"]
    assert line["request_id"] == "reader-report-0001"
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert line["view"] == "articles:index"
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)


def test_a_request_without_an_id_gets_a_new_one(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_an_unusable_request_id_is_replaced(client):
    response = client.get("/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")

    assert response["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(response["X-Request-ID"]) == 32


def test_a_workflow_event_writes_one_line(editor, lines, django_capture_on_commit_callbacks):
    article = make_article(editor)
    with django_capture_on_commit_callbacks(execute=True):
        revision = revision_submit(article=article, actor=editor, comment="First version")

    [line] = [x for x in lines() if x.get("event") == "workflow"]
    assert line["action"] == "submit"
    assert line["to_state"] == "submitted"
    assert line["revision_id"] == revision.pk
    assert line["article_id"] == article.pk
    assert line["actor_id"] == editor.pk


def test_the_error_page_shows_the_request_id_that_is_in_the_log(client, settings, lines):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    response = client.get("/broken/", HTTP_X_REQUEST_ID="reader-report-0500")

    assert response.status_code == 500
    assert "reader-report-0500" in response.content.decode()
    assert response["X-Request-ID"] == "reader-report-0500"
    error = next(x for x in lines() if x["logger"] == "django.request")
    assert error["request_id"] == "reader-report-0500"
    assert "RuntimeError: boom" in error["exception"]


def test_the_formatter_writes_extra_fields_and_one_line():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "two\nlines %s", ("a",), None)
    record.article_id = 7

    text = JsonFormatter().format(record)

    assert "\n" not in text
    assert json.loads(text)["message"] == "two\nlines a"
    assert json.loads(text)["article_id"] == 7
