"""The password-change and password-reset pages: guessing the current password through a
signed-in session is counted like failed sign-ins, and reset emails are rate-limited."""

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

CHANGE = "/accounts/password_change/"
RESET = "/accounts/password_reset/"
NEW = "violet kettle under the stairs"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    # Off in the test profile because client.login() has no request (config/settings/test.py).
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    cache.clear()
    yield
    cache.clear()


def _change(client, old, new=NEW):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


# --- Password change ------------------------------------------------------------------


def test_the_urls_are_the_guarded_views():
    assert reverse("password_change") == CHANGE
    assert reverse("password_reset") == RESET


def test_a_wrong_current_password_counts_as_a_failed_sign_in_without_storing_it(client, editor):
    client.force_login(editor)
    response = _change(client, "a guess")
    assert response.status_code == 200
    attempt = AccessAttempt.objects.get(username="editor")
    assert attempt.failures_since_start == 1
    assert attempt.path_info == CHANGE
    assert "a guess" not in attempt.post_data
    assert NEW not in attempt.post_data


def test_five_wrong_current_passwords_pause_the_form_even_with_the_right_one(client, editor):
    client.force_login(editor)
    answers = [_change(client, f"guess {n}").status_code for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]

    response = _change(client, PASSWORD)

    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
    assert not editor.check_password(NEW)


def test_guessing_through_the_form_pauses_signing_in_as_that_account(client, editor):
    client.force_login(editor)
    for number in range(5):
        _change(client, f"guess {number}")
    client.logout()
    response = client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 429


def test_a_right_current_password_changes_it(client, editor):
    client.force_login(editor)
    assert _change(client, PASSWORD).status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(NEW)


# --- Password reset -------------------------------------------------------------------


def test_a_reset_email_is_sent_to_a_known_address(client, db):
    make_user("ada", email="ada@example.com")
    response = client.post(RESET, {"email": "ada@example.com"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]


def test_reset_requests_from_one_address_are_limited(client, db, settings):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = 5
    make_user("ada", email="ada@example.com")
    answers = [
        client.post(RESET, {"email": f"someone{n}@example.com"}, REMOTE_ADDR="198.51.100.3")
        for n in range(5)
    ]
    assert [a.status_code for a in answers] == [302] * 5

    response = client.post(RESET, {"email": "ada@example.com"}, REMOTE_ADDR="198.51.100.3")

    assert response.status_code == 429
    assert "Too many password-reset emails" in response.content.decode()
    assert mail.outbox == []
    # Another address is not affected.
    assert client.post(RESET, {"email": "ada@example.com"}).status_code == 302
    assert len(mail.outbox) == 1


def test_one_mailbox_gets_at_most_three_reset_emails_an_hour_from_any_address(client, db):
    make_user("ada", email="ada@example.com")
    for number in range(6):
        response = client.post(
            RESET, {"email": "Ada@Example.com"}, REMOTE_ADDR=f"198.51.100.{number + 10}"
        )
        assert response.status_code == 302  # the same page: it tells a stranger nothing
    assert len(mail.outbox) == 3
