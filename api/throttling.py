"""Request rates for the API, counted in Django's cache (Redis in production, so the limit
holds across app servers). Rates come from settings.API_RATE_ANON and API_RATE_USER, read
when a request is checked rather than at import, so deployments and tests can set them."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from articles.ratelimit import client_ip


class _SettingsRate:
    setting_name = ""

    def get_rate(self) -> str:
        return getattr(settings, self.setting_name)

    def get_ident(self, request) -> str:
        # DRF would trust X-Forwarded-For, which any client can send; the site's own rate
        # limits use the address the proxy setup vouches for, and so does the API.
        return client_ip(request)


class ApiAnonThrottle(_SettingsRate, AnonRateThrottle):
    setting_name = "API_RATE_ANON"


class ApiUserThrottle(_SettingsRate, UserRateThrottle):
    setting_name = "API_RATE_USER"

    def get_cache_key(self, request, view):
        # DRF's user throttle also counts anonymous calls by address; those have their own
        # limit (ApiAnonThrottle), and counting them twice cost a cache round trip each.
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
