"""django-axes hooks (AXES_LOCKOUT_CALLABLE, AXES_CLIENT_IP_CALLABLE in settings)."""

from django.conf import settings
from django.shortcuts import render

from articles.ratelimit import client_ip


def login_client_ip(request) -> str | None:
    """The same client address the site's rate limits use (REMOTE_ADDR), or None when a
    request has none (axes stores it in a GenericIPAddressField, which refuses a word)."""
    address = client_ip(request)
    return None if address == "unknown" else address


def login_locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page a locked-out sign-in gets, with status 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": (credentials or {}).get("username", ""),
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)
