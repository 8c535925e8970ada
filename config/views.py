"""Error handlers for the root URLconf (config/urls.py)."""

import sys

from django.conf import settings
from django.shortcuts import render
from django.views import defaults

from config.middleware import DATABASE_DOWN, database_unavailable


def server_error(request):
    """handler500: a lost database connection anywhere (a middleware saving the session,
    say, where DatabaseUnavailableMiddleware cannot see it) is a 503 with Retry-After, not
    a 500. Django calls this while handling the exception, so sys.exc_info() names it."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN):
        return database_unavailable(request, exception)
    return defaults.server_error(request)


def login_locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page a locked-out sign-in gets, with status 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": (credentials or {}).get("username", ""),
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)
