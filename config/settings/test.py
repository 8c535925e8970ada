"""Fast, isolated settings for the test suite."""

from config.env import env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import _database

SECRET_KEY = "test-only-secret-key"  # noqa: S105
# Fixed test keys: "test-1" signs, "test-0" only verifies (as after a rotation).
AUDIT_CHAIN_KEYS = {
    "test-1": "test-only-audit-chain-key-1-" + "a" * 16,
    "test-0": "test-only-audit-chain-key-0-" + "b" * 16,
}
AUDIT_HEAD_FILE = ""
DATABASES = {"default": _database(env_str("DATABASE_URL", "sqlite:///:memory:"))}
# Several test runs may share one PostgreSQL server (CI steps, people working side by
# side): TEST_DATABASE_NAME gives a run a test database of its own.
if env_str("TEST_DATABASE_NAME", ""):
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "")}
# The test client's host, so absolute links in assertions read as before; tests of the
# setting itself override it.
PUBLIC_BASE_URL = "http://testserver"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Test clients sign in with client.login(), which calls authenticate() without a request,
# and django-axes refuses that. tests/security turns axes on where it is the subject.
AXES_ENABLED = False
# No test reaches the network: the lookup tests turn lookups on and replay recorded
# answers (respx), the browser tests point the base URLs at a local replaying server.
REFERENCE_LOOKUP_ENABLED = False
# Tasks run when enqueued (after the enqueuing commit); tests of the queue itself
# (tests/reviews/test_tasks.py, tests/monitoring) switch to the database backend.
TASK_BACKEND = "immediate"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
