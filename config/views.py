"""Error handlers for the root URLconf (config/urls.py)."""

import sys

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
