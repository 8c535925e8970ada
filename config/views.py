"""Error handlers for the root URLconf (config/urls.py)."""

import sys

from django.conf import settings
from django.http import HttpResponseServerError
from django.template.loader import render_to_string

from config.middleware import DATABASE_DOWN, database_unavailable


def server_error(request):
    """handler500: a lost database connection anywhere (a middleware saving the session,
    say, where DatabaseUnavailableMiddleware cannot see it) is a 503 with Retry-After, not
    a 500. Django calls this while handling the exception, so sys.exc_info() names it."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN):
        return database_unavailable(request, exception)
    # Without the request, as Django's own handler does: context processors could fail
    # again. The request id lets a reader's report be matched to the logs.
    html = render_to_string(
        "500.html",
        {"request_id": getattr(request, "request_id", ""), "SITE_NAME": settings.SITE_NAME},
    )
    return HttpResponseServerError(html)
