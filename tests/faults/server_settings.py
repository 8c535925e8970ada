"""The production profile, served over plain HTTP on loopback for the fault tests (as
bench/settings.py does for the benchmarks): everything else, including django-axes, the
Redis cache, persistent database connections with health checks and the middleware, is
production's own."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from config.settings.production import *  # noqa: F403

SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic for a test server: static files straight from the app folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "formatters": {},
    "root": {"handlers": ["console"], "level": "INFO"},
}
