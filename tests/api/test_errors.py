"""Errors answer in one JSON shape with the right status, wherever they come from."""

import pytest
from django.test import override_settings

from tests.api.conftest import client_for
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


def shape(response) -> tuple[int, str]:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail", "fields"}
    assert isinstance(body["detail"], str) and body["detail"]
    return response.status_code, body["error"]


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api/v1/articles/a/b/c", "/api/v1/articles/Not A Slug/"]
)
def test_an_unknown_address_under_the_api_is_a_json_404(api, path):
    assert shape(api.get(path)) == (404, "not_found")


def test_a_method_an_endpoint_does_not_answer_is_a_json_405(api, editor):
    assert shape(api.get("/api/v1/questions/")) == (405, "method_not_allowed")
    assert shape(client_for(editor).delete("/api/v1/articles/")) == (405, "method_not_allowed")


def test_malformed_json_is_a_400(editor):
    make_article(editor, slug="x")
    response = client_for(editor).post(
        "/api/v1/articles/x/submit", b"{not json", content_type="application/json"
    )
    assert shape(response) == (400, "parse_error")


def test_errors_are_json_even_when_the_client_asks_for_markdown(api):
    response = api.get("/api/v1/articles/nope/", HTTP_ACCEPT="text/markdown")
    assert shape(response) == (404, "not_found")


@override_settings(API_RATE_ANON="3/minute")
def test_anonymous_callers_are_throttled_with_429_and_retry_after(api):
    for _ in range(3):
        assert api.get("/api/v1/articles/").status_code == 200
    response = api.get("/api/v1/articles/")
    assert shape(response) == (429, "throttled")
    assert int(response["Retry-After"]) > 0


@override_settings(API_RATE_USER="2/hour")
def test_token_users_are_throttled_per_user(editor):
    client = client_for(editor)
    for _ in range(2):
        assert client.get("/api/v1/references/").status_code == 200
    assert shape(client.get("/api/v1/references/")) == (429, "throttled")
    # Another user still has their own allowance.
    assert (
        client_for(editor.__class__.objects.create_user("other"))
        .get("/api/v1/references/")
        .status_code
        == 200
    )


def test_forwarded_for_headers_do_not_escape_the_anonymous_limit(api):
    with override_settings(API_RATE_ANON="2/minute"):
        for n in range(2):
            api.get("/api/v1/articles/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        response = api.get("/api/v1/articles/", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429
