"""Request rates for the API, counted in Django's cache (Redis in production, so the limit
holds across app servers). Rates come from settings.API_RATE_ANON and API_RATE_USER, read
when a request is checked rather than at import, so deployments and tests can set them.

The counting is the site's own sliding-window limit (articles.ratelimit), not DRF's
throttles: those keep a list of every request's time per caller and read and rewrite the
whole list on each request, so their cost grows with the rate allowed (with Redis, two
round trips and a list of up to `rate` floats pickled each way). The sliding-window
counter costs two counters and one round trip, whatever the rate; its count of the last
window is an estimate (it assumes the previous window's hits were spread evenly), which
for these limits (abuse control, not billing) is fine."""

import time

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from articles.ratelimit import client_ip, rate_limit_hit

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def rate_parse(rate: str) -> tuple[int, int]:
    """ "60/minute" -> (60, 60): the number of requests and the window in seconds. The
    settings module has already checked the form."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period]


class _FixedWindowThrottle(BaseThrottle):
    setting_name = ""
    scope = ""

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        ident = self.ident(request)
        if ident is None:
            return True
        limit, window = rate_parse(getattr(settings, self.setting_name))
        if rate_limit_hit(scope=f"api-{self.scope}", key=ident, limit=limit, window_seconds=window):
            self._wait = window - time.time() % window  # until this window ends
            return False
        return True

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)


class ApiAnonThrottle(_FixedWindowThrottle):
    setting_name = "API_RATE_ANON"
    scope = "anon"

    def ident(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return None  # counted by ApiUserThrottle instead
        # DRF would trust X-Forwarded-For, which any client can send; the site's own rate
        # limits use the address the proxy setup vouches for, and so does the API.
        return client_ip(request)


class ApiUserThrottle(_FixedWindowThrottle):
    setting_name = "API_RATE_USER"
    scope = "user"

    def ident(self, request) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None  # anonymous calls have their own limit (ApiAnonThrottle)
        return str(request.user.pk)
