"""django-axes hooks (AXES_HANDLER, AXES_LOCKOUT_CALLABLE, AXES_CLIENT_IP_CALLABLE in
settings): who is paused after failed sign-ins, and the page they see.

A username is paused after its own AXES_FAILURE_LIMIT failures (from any address); an
address only after LOGIN_ADDRESS_FAILURE_LIMIT failures, whatever usernames they tried.
axes' own rule pauses on the first of address or username to reach one limit, so one
person's typos behind the newsroom's proxy (every editor shares its address) paused
everybody; the address limit is still there against guessing across many usernames."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from articles.ratelimit import client_ip


def login_client_ip(request) -> str | None:
    """The same client address the site's rate limits use (REMOTE_ADDR), or None when a
    request has none (axes stores it in a GenericIPAddressField, which refuses a word)."""
    address = client_ip(request)
    return None if address == "unknown" else address


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def login_failures(request, credentials=None) -> tuple[int, int]:
    """(failures for this username, failures from this address) within the cool-off."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    own = _failures(recent.filter(username=username)) if username else 0
    shared = _failures(recent.filter(ip_address=address)) if address else 0
    return own, shared


class LoginFailureHandler(AxesDatabaseHandler):
    """axes' database handler (attempts shared by every app server) with two limits."""

    def get_failures(self, request, credentials=None) -> int:
        # axes compares this number with AXES_FAILURE_LIMIT: an address over its own,
        # higher limit counts as at the limit.
        own, shared = login_failures(request, credentials)
        if shared >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(own, settings.AXES_FAILURE_LIMIT)
        return own

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in forgets that account's own failures only: forgetting the
        address's too would let a guesser with any account of their own reset it."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def login_locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page a locked-out sign-in gets, with status 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    own, _ = login_failures(request, credentials)
    by_address = own < settings.AXES_FAILURE_LIMIT
    context = {
        "by_address": by_address,
        "failure_limit": (
            settings.LOGIN_ADDRESS_FAILURE_LIMIT if by_address else settings.AXES_FAILURE_LIMIT
        ),
        "username": (credentials or {}).get("username", ""),
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)
