"""API tokens: stored as hashes, created in the admin and by command, revoked, and how a
request is authenticated with one (or refused)."""

import hashlib
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.tokens import TokenError, api_token_check, api_token_create, api_token_revoke
from tests.api.conftest import token_for

pytestmark = pytest.mark.django_db


def test_only_a_hash_and_a_prefix_of_a_token_are_stored(editor):
    token, raw = api_token_create(user=editor, name="pipeline", actor=editor)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(stored.prefix) and len(stored.prefix) < len(raw) // 2
    assert raw not in {str(v) for v in stored.__dict__.values()}


def test_two_tokens_are_never_the_same(editor):
    assert token_for(editor) != token_for(editor)


def test_a_token_needs_a_name(editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        api_token_create(user=editor, name="  ", actor=editor)
    assert ApiToken.objects.count() == 0


def test_checking_a_token_records_when_it_was_last_used(editor):
    raw = token_for(editor)
    assert api_token_check(raw=raw).user == editor
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_is_refused_and_cannot_be_revoked_twice(editor, admin_user):
    token, raw = api_token_create(user=editor, name="x", actor=editor)
    api_token_revoke(token=token, actor=admin_user)
    with pytest.raises(TokenError) as caught:
        api_token_check(raw=raw)
    assert caught.value.code == "token_revoked"
    with pytest.raises(TokenError):
        api_token_revoke(token=token, actor=admin_user)
    assert token.history.first().history_user == admin_user


def test_the_command_prints_the_token_once_and_it_works(editor):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "editor", "--name", "pipeline", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert re.fullmatch(r"mda_[A-Za-z0-9_-]{40,}", raw)
    assert raw not in err.getvalue()
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (editor, "pipeline")
    assert api_token_check(raw=raw) == token


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("create_api_token", "nobody", stdout=StringIO(), stderr=StringIO())
    assert ApiToken.objects.count() == 0


# --- Authentication of requests -----------------------------------------------------


def _list(client, **headers):
    return client.get("/api/v1/references/", **headers)


def test_a_request_without_credentials_gets_401_with_a_bearer_challenge(api):
    response = _list(api)
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_bearer_token_authenticates(api, editor):
    response = _list(api, HTTP_AUTHORIZATION=f"Bearer {token_for(editor)}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Bearer mda_not-a-real-token", "invalid_token"),
        ("Bearer something-else", "invalid_token"),
        ("Bearer", "invalid_header"),
        ("Bearer two parts", "invalid_header"),
    ],
)
def test_a_bad_bearer_token_gets_401(api, editor, header, code):
    response = _list(api, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["error"] == code


def test_a_revoked_token_gets_401(api, editor):
    token, raw = api_token_create(user=editor, name="x", actor=editor)
    api_token_revoke(token=token, actor=editor)
    response = _list(api, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["error"] == "token_revoked"


def test_a_token_of_a_deactivated_user_gets_401(api, editor):
    raw = token_for(editor)
    editor.is_active = False
    editor.save()
    response = _list(api, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["error"] == "user_inactive"


def test_a_bad_token_is_refused_even_on_a_public_endpoint(api):
    response = api.get("/api/v1/articles/", HTTP_AUTHORIZATION="Bearer mda_wrong")
    assert response.status_code == 401


def test_a_browser_session_works_for_reading(editor, password):
    from django.test import Client

    browser = Client()
    browser.login(username="editor", password=password)
    assert browser.get("/api/v1/references/").status_code == 200


def test_a_browser_session_must_send_the_csrf_token_to_write(editor, password):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.login(username="editor", password=password)
    item = {"title": "A source", "type": "report", "publisher": "NICE"}
    refused = browser.post("/api/v1/references/", item, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    browser.get(reverse("admin:login"))  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        "/api/v1/references/", item, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert accepted.status_code == 201, accepted.json()


# --- Admin ----------------------------------------------------------------------------


def test_the_admin_creates_a_token_and_shows_it_once(client, admin_user, editor, password):
    client.login(username="admin", password=password)
    response = client.post(
        reverse("admin:api_apitoken_add"), {"user": editor.pk, "name": "drafting pipeline"}
    )
    assert response.status_code == 200
    raw = re.search(r'<code id="api-token">([^<]+)</code>', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert (token.user, token.name) == (editor, "drafting pipeline")
    assert api_token_check(raw=raw) == token
    assert token.history.first().history_user == admin_user
    change_page = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert raw not in change_page.content.decode()


def test_the_admin_revokes_tokens(client, admin_user, editor, password):
    token, raw = api_token_create(user=editor, name="x", actor=editor)
    client.login(username="admin", password=password)
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_at <= timezone.now()
    assert _list(client.__class__(), HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_the_admin_never_deletes_tokens(client, admin_user, editor, password):
    token, _ = api_token_create(user=editor, name="x", actor=editor)
    client.login(username="admin", password=password)
    response = client.post(reverse("admin:api_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()
