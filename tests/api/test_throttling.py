"""Each caller is counted once: anonymous calls against API_RATE_ANON per address, signed-in
calls against API_RATE_USER per user (docs/api.md, "Rate limits")."""

from django.test import override_settings

from tests.api.conftest import client_for


@override_settings(API_RATE_ANON="5/minute", API_RATE_USER="2/minute")
def test_anonymous_calls_count_against_the_anonymous_limit_only(api, db):
    statuses = [api.get("/api/v1/articles/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


@override_settings(API_RATE_ANON="1/minute", API_RATE_USER="3/minute")
def test_signed_in_calls_count_against_the_user_limit_only(editor):
    client = client_for(editor)
    statuses = [client.get("/api/v1/articles/").status_code for _ in range(4)]
    assert statuses == [200] * 3 + [429]
