"""Local demo: SQLite, a fixed throwaway secret, mail to the console. Not for a server."""

from config.env import env_keys, env_list, env_str
from config.settings.base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY", "demo-only-insecure-secret-key-do-not-deploy")
# A fixed, public key: the demo's chain proves nothing against someone who reads this file.
AUDIT_CHAIN_KEYS = env_keys("AUDIT_CHAIN_KEYS") or {
    "demo": "demo-only-audit-chain-key-public-do-not-deploy"
}
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Serve static files straight from the app folders so the demo needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The demo publishes its seed article in Spanish too (load_demo), unless told otherwise.
ARTICLE_LANGUAGES = article_languages(env_list("ARTICLE_LANGUAGES", ["en", "es"]))  # noqa: F405
