"""Benchmark server: the production profile over plain HTTP on loopback, plus a baseline
view (bench/urls.py) measured in the same server."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-deployment-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
