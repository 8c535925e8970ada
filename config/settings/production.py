"""Production: secrets required, HTTPS enforced. Passes `manage.py check --deploy`."""

from config.env import env_base_url, env_bool, env_int, env_keys, env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import logging_config

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", required=True)
# A wrong default here would put a wrong address in every email and feed.
PUBLIC_BASE_URL = env_base_url("PUBLIC_BASE_URL", required=True)
AUDIT_CHAIN_KEYS = env_keys("AUDIT_CHAIN_KEYS", required=True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# Nothing reads the CSRF cookie from script: forms carry the token (static/js/editor.js
# reads it from the form).
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# One JSON object per log line, with the request id (monitoring/logs.py).
LOGGING = logging_config(env_str("LOG_FORMAT", "json"))
