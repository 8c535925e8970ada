"""Signing in: brute force is throttled (django-axes), weak passwords are refused, sessions
end when left alone, and an approval needs the signer's own password every time."""

import datetime as dt
import io
import logging

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from reviews.models import Signature
from tests.conftest import PASSWORD, make_user

LOGIN = "/accounts/login/"
WORKSPACE = "/editor/"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    # Off in the test profile because client.login() has no request (config/settings/test.py).
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    cache.clear()


def _sign_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _signed_in(client) -> bool:
    return client.get(WORKSPACE).status_code == 200


def _fail(client, username, times, **extra):
    return [_sign_in(client, username, "not-the-password", **extra) for _ in range(times)]


# --- Login throttling -------------------------------------------------------------------


def test_a_right_password_signs_in(client, editor):
    response = _sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_five_wrong_passwords_pause_signing_in_even_with_the_right_password(client, editor):
    answers = _fail(client, "editor", 5)
    assert [a.status_code for a in answers[:4]] == [200] * 4  # the form again, with the error

    response = _sign_in(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert not _signed_in(client)


def test_the_lockout_page_says_what_happened_and_what_to_do(client, editor):
    _fail(client, "editor", 5)
    response = _sign_in(client, "editor", PASSWORD)
    page = response.content.decode()
    assert "Sign-in paused" in page
    assert "5 unsuccessful attempts" in page
    assert "for 15 minutes" in page
    assert "someone may be guessing your password" in page
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_pause_holds_for_the_username_from_any_address(client, editor):
    _fail(client, "editor", 5, REMOTE_ADDR="198.51.100.1")
    response = _sign_in(client, "editor", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429


def test_one_persons_typos_pause_only_their_own_account_not_others_behind_the_address(
    client, editor, editor2
):
    # A newsroom behind one proxy: every editor signs in from the same address.
    _fail(client, "editor", 5, REMOTE_ADDR="198.51.100.7")
    assert _sign_in(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    response = _sign_in(client, "editor2", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


def test_an_address_is_paused_only_after_many_failures_across_usernames(client, editor2, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    names = [f"guess{number}" for number in range(11)]
    for name in names:  # each username stays under its own limit
        _sign_in(client, name, "guess", REMOTE_ADDR="198.51.100.7")
    assert _sign_in(client, "editor2", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302
    client.post("/accounts/logout/")
    _sign_in(client, "guess11", "guess", REMOTE_ADDR="198.51.100.7")  # the twelfth

    response = _sign_in(client, "editor2", PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    assert "12 unsuccessful attempts to sign in from your network" in response.content.decode()
    # Someone else, elsewhere, is not affected.
    assert _sign_in(client, "editor2", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_signing_in_with_ones_own_account_does_not_reset_the_address_count(
    client, editor2, settings
):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for number in range(4):
        _sign_in(client, f"guess{number}", "guess", REMOTE_ADDR="198.51.100.7")
    assert _sign_in(client, "editor2", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302
    client.post("/accounts/logout/")
    for number in range(4, 8):
        _sign_in(client, f"guess{number}", "guess", REMOTE_ADDR="198.51.100.7")
    assert _sign_in(client, "editor2", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429


def test_axes_reset_username_lifts_one_accounts_pause(client, editor):
    _fail(client, "editor", 5)
    assert _sign_in(client, "editor", PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor", stdout=io.StringIO())
    assert _sign_in(client, "editor", PASSWORD).status_code == 302


def test_the_forwarded_for_header_does_not_reset_the_count(client, editor):
    for index in range(5):
        _sign_in(client, "editor", "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{index}")
    response = _sign_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429


def test_signing_in_works_again_after_the_cool_off(client, editor):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        _fail(client, "editor", 5)
        assert _sign_in(client, "editor", PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=16))
        assert _sign_in(client, "editor", PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_count(client, editor):
    _fail(client, "editor", 4)
    assert _sign_in(client, "editor", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    _fail(client, "editor", 4)
    assert _sign_in(client, "editor", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client, admin_user):
    for _ in range(5):
        client.post("/admin/login/", {"username": "admin", "password": "guess"})
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302  # still signed out


def test_failed_sign_ins_are_recorded_without_the_password(client, editor):
    _fail(client, "editor", 2, REMOTE_ADDR="198.51.100.4")
    attempt = AccessAttempt.objects.get(username="editor")
    assert attempt.failures_since_start == 2
    assert attempt.ip_address == "198.51.100.4"
    assert attempt.path_info == LOGIN
    assert "not-the-password" not in attempt.post_data


def test_successful_sign_ins_are_logged(client, editor):
    _sign_in(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.5")
    log = AccessLog.objects.get(username="editor")
    assert log.ip_address == "198.51.100.5"


# --- Password rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Xk3!pq", "password_too_short"),
        ("password123", "password_too_common"),
        ("83920175638", "password_entirely_numeric"),
        ("the_editor", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(editor, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=editor)
    assert code in {error.code for error in refused.value.error_list}


def test_a_long_passphrase_is_accepted(editor):
    validate_password("violet kettle under the stairs", user=editor)


def test_changing_a_password_through_the_site_refuses_a_weak_one(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


# --- Session expiry ---------------------------------------------------------------------


def test_a_session_left_idle_for_half_an_hour_is_signed_out(client, editor):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(editor)
        assert _signed_in(client)
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(WORKSPACE)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
        login_page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity." in login_page


def test_a_session_in_use_stays_signed_in(client, editor):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(editor)
        for _ in range(5):
            assert _signed_in(client)
            clock.shift(dt.timedelta(minutes=20))
        assert _signed_in(client)


def test_a_session_ends_after_twelve_hours_however_busy(client, editor):
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(editor)
        for _ in range(12 * 3):  # a request every 20 minutes, from 07:00 to 18:40
            assert _signed_in(client)
            clock.shift(dt.timedelta(minutes=20))
        clock.shift(dt.timedelta(minutes=20))  # 19:20: more than twelve hours in
        assert client.get(WORKSPACE).status_code == 302


def test_the_session_cookie_cannot_be_read_by_scripts(client, editor):
    response = _sign_in(client, "editor", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 12 * 3600


def test_public_pages_never_open_a_session_for_readers(client, db):
    response = client.get("/")
    assert "sessionid" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


# --- Re-authentication to sign ----------------------------------------------------------


def _approve_url(revision):
    return reverse("reviews:approve", kwargs={"pk": revision.pk})


def test_a_board_member_cannot_sign_with_someone_elses_password(client, cast):
    cast.people["board_author"].set_password("another person's passphrase")
    cast.people["board_author"].save()
    client.force_login(cast.user("board"))

    response = client.post(
        _approve_url(cast.open), {"password": "another person's passphrase", "meaning": "OK"}
    )

    assert response.status_code == 403
    assert not Signature.objects.filter(revision=cast.open).exists()


def test_a_signed_in_session_alone_cannot_sign(client, cast):
    client.force_login(cast.user("board"))
    response = client.post(_approve_url(cast.open), {"meaning": "Approved"})
    assert response.status_code == 403
    assert "Enter your own password" in response.content.decode()
    assert not Signature.objects.filter(revision=cast.open).exists()


def test_signing_attempts_are_counted_across_the_review_page_and_the_api(client, cast):
    client.force_login(cast.user("board"))
    for _ in range(10):
        client.post(_approve_url(cast.open), {"password": "guess", "meaning": "OK"})

    response = client.post(
        f"/api/v1/articles/{cast.article.slug}/revisions/{cast.open.number}/approve",
        {"password": PASSWORD},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {cast.tokens['board']}",
    )

    assert response.status_code == 429
    assert not Signature.objects.filter(revision=cast.open).exists()


def test_the_signing_limit_does_not_lock_out_the_login(client, cast):
    client.force_login(cast.user("board"))
    for _ in range(10):
        client.post(_approve_url(cast.open), {"password": "guess", "meaning": "OK"})
    client.logout()
    assert _sign_in(client, "board", PASSWORD).status_code == 302


def test_a_wrong_signing_password_is_logged(client, cast, caplog):
    client.force_login(cast.user("board"))
    with caplog.at_level(logging.WARNING, logger="reviews.workflow"):
        client.post(_approve_url(cast.open), {"password": "guess", "meaning": "OK"})
    assert f"Signature refused for user {cast.user('board').pk}: wrong password" in caplog.text


def test_a_password_change_ends_other_sessions_so_they_can_no_longer_sign(client, cast):
    board = cast.user("board")
    client.force_login(board)
    board.set_password("a brand new passphrase")  # e.g. after a suspected compromise
    board.save()
    response = client.post(_approve_url(cast.open), {"password": PASSWORD, "meaning": "OK"})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not Signature.objects.filter(revision=cast.open).exists()


def test_a_deactivated_board_member_cannot_sign_even_with_the_password(client, cast):
    board = cast.user("board")
    client.force_login(board)
    board.board_member.is_active = False
    board.board_member._history_user = board
    board.board_member.save()
    response = client.post(_approve_url(cast.open), {"password": PASSWORD, "meaning": "OK"})
    assert response.status_code == 403
    assert not Signature.objects.filter(revision=cast.open).exists()


def test_someone_who_is_not_on_the_board_cannot_sign_with_their_password(client, cast, db):
    outsider = make_user("outsider2")
    client.force_login(outsider)
    response = client.post(_approve_url(cast.open), {"password": PASSWORD, "meaning": "OK"})
    assert response.status_code == 403
    assert not Signature.objects.filter(revision=cast.open).exists()
