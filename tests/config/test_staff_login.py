"""Signing in lands each role where its work is; a safe `next` still wins; the public
header's staff link is shown by a cookie that grants nothing."""

import pytest
from django.urls import reverse

from config.staff import STAFF_HINT_COOKIE


def _sign_in(client, user, password, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": password, **extra})


@pytest.mark.parametrize(
    ("who", "landing"),
    [("editor", "/editor/"), ("reviewer", "/review/"), ("admin_user", "/audit/")],
)
def test_signing_in_lands_on_the_roles_own_page(client, request, password, who, landing):
    response = _sign_in(client, request.getfixturevalue(who), password)
    assert response.status_code == 302
    assert response["Location"] == landing
    assert client.get(landing).status_code == 200


def test_an_explicit_next_wins(client, reviewer, password):
    response = _sign_in(client, reviewer, password, next="/editor/")
    assert response["Location"] == "/editor/"


def test_a_next_on_another_site_is_ignored(client, editor, password):
    response = _sign_in(client, editor, password, next="https://evil.example/phish")
    assert response["Location"] == "/editor/"


def test_signing_in_sets_the_staff_hint_and_signing_out_clears_it(client, editor, password):
    response = _sign_in(client, editor, password)
    cookie = response.cookies[STAFF_HINT_COOKIE]
    assert cookie.value == "1" and cookie["samesite"] == "Lax"
    response = client.post(reverse("logout"))
    assert response.cookies[STAFF_HINT_COOKIE].value == ""


def test_the_staff_link_sends_each_person_to_their_work(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("staff-home"))["Location"] == "/review/"


def test_the_staff_link_asks_a_stranger_to_sign_in(client):
    response = client.get(reverse("staff-home"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
