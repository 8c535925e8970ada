"""Benchmark server: the production profile over plain HTTP on loopback, plus a baseline
view (bench/urls.py) measured in the same server."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-deployment-0123456789abcdef")
os.environ.setdefault("AUDIT_CHAIN_KEYS", "bench:bench-only-audit-chain-key-not-for-deployment")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("PUBLIC_BASE_URL", "http://127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from bench import REDIS_KEY_PREFIX
from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# With Redis (the second server run), the bench's keys get their own prefix: bench/run.py
# deletes exactly those before the run, never anything else in that Redis database.
if CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = REDIS_KEY_PREFIX  # noqa: F405
