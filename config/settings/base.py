"""Settings shared by every profile. Values that differ between machines come from the
environment (see config/env.py); the profiles (demo, test, production) only change
defaults and switch on what their situation needs."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_base_url,
    env_bool,
    env_int,
    env_keys,
    env_list,
    env_networks,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "references",
    "articles",
    "reviews",
    "api",
    "audit",
    "desk",
    "webhooks",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "monitoring",
]

MIDDLEWARE = [
    # First: /healthz, /readyz and /metrics, then the request id, metrics and log line of
    # everything else (monitoring/middleware.py says why they come before the rest).
    "monitoring.middleware.OperationsEndpointsMiddleware",
    "monitoring.middleware.RequestObservationMiddleware",
    # The three that write security headers come before the page cache, so that a
    # cached answer carries their headers too.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",  # django-csp, skipping 304s
    # A cached article page or a 304, answered before everything below: the size limit
    # and static files (neither applies to a GET of an article page), the interface
    # language (a cached page was rendered in its article's), the session, auth, lockout
    # and history (config/middleware_pagecache.py says why and when).
    "config.middleware_pagecache.PublicPageCacheMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The interface language: a public page's from its content or its URL (never from
    # the request's headers or cookies, so caches may keep it), a staff page's from the
    # person's choice (config/middleware_language.py).
    "config.middleware_language.InterfaceLanguageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: the desk answers its in-place edits with a fragment (desk/views/inplace.py).
    "django_htmx.middleware.HtmxMiddleware",
    # After the CSRF check; refuses control characters in any query or form field.
    "config.characters.TextGuardMiddleware",
    "config.middleware.DomainErrorMiddleware",
    "config.middleware.SessionIdleTimeoutMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
                "articles.context_processors.workspace",
                "articles.context_processors.placed_messages",
            ],
            # `{% url %}` with its reversals remembered (config/template_url.py),
            # `|date` with what it formats (config/template_dates.py), and
            # `{% remember %}` blocks (config/template_remember.py).
            "builtins": [
                "config.template_url",
                "config.template_dates",
                "config.template_remember",
            ],
            # `{% translate %}` of a literal and `{% static %}` remembered
            # (config/template_i18n.py, config/template_static.py).
            "libraries": {"i18n": "config.template_i18n", "static": "config.template_static"},
        },
    },
]
# The two libraries above replace Django's own `i18n` and `static` on purpose (each re-exports
# all of Django's tags and replaces one); Django warns of any library name given twice.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]


def _database(url: str) -> dict:
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
    return config


DATABASES = {
    "default": _database(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env_str("REDIS_URL") or env_str("CACHE_URL")
if _redis_url:
    if not _redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
    CACHES = {
        "default": {
            # Redis that degrades instead of failing: pages come from the database while
            # it is down (config/cache.py). Short socket timeouts, so a hung Redis costs
            # a request well under a second rather than the whole request.
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "medcms",
            "OPTIONS": {
                "socket_connect_timeout": env_int("REDIS_TIMEOUT_MS", 500, minimum=1) / 1000,
                "socket_timeout": env_int("REDIS_TIMEOUT_MS", 500, minimum=1) / 1000,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (django-tasks, the backport of Django 6's django.tasks; docs/operations.md
# "Background work"): notification emails, scheduled publishing, reminders and webhook
# deliveries run in a worker, never in a request. TASK_BACKEND=database (the default: the
# queue is a table in DATABASES, worked by `manage.py db_worker`, so the demo needs no other
# service), rq (Redis through django-tasks-rq, TASK_REDIS_URL, worked by `manage.py
# rqworker default`; install the "rq" extra) or immediate (runs each task when it is
# enqueued, after the commit that enqueued it: tests and a one-process debug run only).
TASK_BACKEND = env_str("TASK_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASK_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND]}}
if TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": env_str("TASK_REDIS_URL", required=True)}}
# The periodic jobs `manage.py run_due_jobs` runs (every minute, from a systemd timer or the
# demo's loop): dotted paths to callables that take no arguments, do what is due now,
# idempotently, and return how many things they did. Publication and withdrawal first, the
# webhook deliveries last: those the jobs before make are then sent in the same run.
DUE_JOBS: list[str] = [
    "reviews.workflow.revisions_publish_due",
    "reviews.workflow.articles_withdraw_due",
    "reviews.workflow.assignment_reminders_due",
    "webhooks.delivery.webhooks_deliver_due",
]
# /readyz calls the queue "degraded" when its oldest ready task has waited longer than this
# (a stopped or overwhelmed worker); still 200, as the site itself serves.
TASK_BACKLOG_DEGRADED_SECONDS = env_int("TASK_BACKLOG_DEGRADED_SECONDS", 300, minimum=1)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"

# The interface's languages (its own strings: labels, buttons, messages), each with a
# catalogue in locale/<code>/LC_MESSAGES/ (`make messages`). How a page picks one:
# config/middleware_language.py and docs/architecture.md, "Interface language". The
# first is the default; names are in the language itself, as a language switch shows them.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes (and nginx in deploy/ serves from).
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "editorial@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# No inline scripts or styles anywhere: user text that slipped through escaping still
# could not run. JSON-LD is data (type application/ld+json), which CSP does not execute.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# The admin's "revert to this version" would put content live without review.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Django's own limit on a form body; imports go through it too.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1024)

# LOG_FORMAT=json: one JSON object per line with the request id (monitoring/logs.py), the
# production default; "text" for reading in a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text.")


def logging_config(log_format: str) -> dict:
    formatter = {"()": "monitoring.logs.JsonFormatter"} if log_format == "json" else {}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    }


LOGGING = logging_config(LOG_FORMAT)

# --- Operations (docs/operations.md) ---
# The site's own reverse proxies (addresses or CIDR networks). Only from these is
# X-Forwarded-For believed, for the login throttle and the rate limits
# (articles.ratelimit.client_ip); empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", [])
# Who may read /metrics (the client address as above).
METRICS_ALLOWED_NETWORKS = env_networks("METRICS_ALLOWED_NETWORKS", ["127.0.0.1", "::1"])

# --- The audit chain (docs/security.md) ---
# Keys of the workflow log's HMAC chain: "id:secret" pairs, comma-separated; the first
# signs new events, the others only verify what they signed (rotation). Never stored in
# the database, so someone who can write to it cannot recompute the chain.
AUDIT_CHAIN_KEYS = env_keys("AUDIT_CHAIN_KEYS")
# A file outside the database to which each committed event appends "<id> <hash>", so
# that `verify_audit_log` notices events cut from the end of the log. Empty: not written
# (the head still goes to the "reviews.audit.head" logger).
AUDIT_HEAD_FILE = env_str("AUDIT_HEAD_FILE", "")

# --- Product settings -------------------------------------------------------------
SITE_NAME = env_str("SITE_NAME", "MedAnswers")
# Where readers write to the editors: the "Contact us" link in every page's footer.
CONTACT_EMAIL = env_str("CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
# The address readers use, e.g. https://answers.example.org: every absolute link the site
# writes (emails, feeds, the sitemap, canonical links, structured data, the API's links)
# starts with it, whatever Host a request came in with. Required in production.
PUBLIC_BASE_URL = env_base_url("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Reader audiences: (key, label, target reading grade). The first is the default text
# of every claim; the others are optional plain-language texts.
ARTICLE_AUDIENCES = [
    ("clinician", "Healthcare professional", None),
    ("patient", "Patient or caregiver", 8),
    ("student", "Medical student", 12),
]
# The languages articles are written in, as codes (BCP 47): ARTICLE_LANGUAGES=en,es. The
# first is the site's own language (a new article's, and the x-default of hreflang);
# an article in another language is either written in it or a translation reviewed by
# board members who review in that language (docs/workflow.md, "Translations").
# Each entry: (code, the language's name in itself, PostgreSQL text search configuration).
KNOWN_ARTICLE_LANGUAGES = {
    "en": ("English", "english"),
    "es": ("Español", "spanish"),
    "fr": ("Français", "french"),
    "de": ("Deutsch", "german"),
    "it": ("Italiano", "italian"),
    "pt": ("Português", "portuguese"),
    "nl": ("Nederlands", "dutch"),
}


def article_languages(codes: list[str]) -> list[tuple[str, str, str]]:
    unknown = [code for code in codes if code not in KNOWN_ARTICLE_LANGUAGES]
    if unknown or not codes or len(set(codes)) != len(codes):
        raise ImproperlyConfigured(
            f"ARTICLE_LANGUAGES={','.join(codes)!r}: list distinct codes among "
            f"{', '.join(KNOWN_ARTICLE_LANGUAGES)}, the site's own language first."
        )
    return [(code, *KNOWN_ARTICLE_LANGUAGES[code]) for code in codes]


ARTICLE_LANGUAGES = article_languages(env_list("ARTICLE_LANGUAGES", ["en"]))
# What readers get of a translation whose source has a newer approved revision than the
# one it was translated from: "notice" keeps it public with a notice linking to the
# current original; "withdraw" hides it until an approved translation catches up.
STALE_TRANSLATIONS = env_str("STALE_TRANSLATIONS", "notice")
if STALE_TRANSLATIONS not in ("notice", "withdraw"):
    raise ImproperlyConfigured(
        f"STALE_TRANSLATIONS={STALE_TRANSLATIONS!r}: use notice or withdraw."
    )
# Show an article whose only revision is still in review (with the caution banner and
# noindex). Off: such an article answers 404 until it is approved.
ARTICLES_SHOW_PENDING = env_bool("ARTICLES_SHOW_PENDING", True)
# Distinct board approvals a revision needs before it goes live.
REVIEW_QUORUM = env_int("REVIEW_QUORUM", 1, minimum=1)
REVIEW_QUORUM_BY_SPECIALTY: dict[str, int] = {}
REVIEW_INTERVAL_MONTHS = env_int("REVIEW_INTERVAL_MONTHS", 12, minimum=1)
# Assigned reviews (docs/workflow.md "Assignments and due dates"): the due date the assign
# form suggests, and how many days before a due date the reminder goes (0: only on the day).
REVIEW_ASSIGNMENT_DUE_DAYS = env_int("REVIEW_ASSIGNMENT_DUE_DAYS", 7, minimum=1)
REVIEW_REMINDER_DAYS_BEFORE = env_int("REVIEW_REMINDER_DAYS_BEFORE", 2, minimum=0)

# Webhook deliveries (webhooks/, docs/api.md "Webhooks"): attempts before a delivery is
# marked failed, the first retry's delay (doubling after each failure: 30 s, 1 min, 2 min,
# 4 min, 8 min by default) and each request's timeout.
# How long the API remembers an Idempotency-Key and the answer it got (api/idempotency.py).
API_IDEMPOTENCY_HOURS = env_int("API_IDEMPOTENCY_HOURS", 24, minimum=1)

WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6, minimum=1)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 30, minimum=1)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
# Largest article document accepted for import, in bytes.
ARTICLE_IMPORT_MAX_BYTES = env_int("ARTICLE_IMPORT_MAX_BYTES", 1_000_000, minimum=1024)
READER_QUESTION_MAX_LENGTH = 2000
# How long browsers and shared caches (nginx in deploy/) may serve an approved article
# page without asking again: the longest a reader waits to see a published change.
ARTICLE_PAGE_MAX_AGE = env_int("ARTICLE_PAGE_MAX_AGE", 300, minimum=0)
# Part of every article page's ETag: set it per deployment so browsers refetch pages
# whose templates changed.
RELEASE = env_str("RELEASE", "1")
# Flash messages travel in a cookie, so public pages never touch the session (which would
# add "Vary: Cookie" and defeat shared caches).
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# --- Reference library (docs/references.md) ---
# Style of reference lists: "ama" (AMA Manual of Style, 11th edition) or "vancouver".
REFERENCE_STYLE = env_str("REFERENCE_STYLE", "ama")
if REFERENCE_STYLE not in ("ama", "vancouver"):
    raise ImproperlyConfigured(f"REFERENCE_STYLE={REFERENCE_STYLE!r}: use ama or vancouver.")
# Years after publication from which a source of a genre is flagged as old at submission
# (a warning). Keys are genres, matched case-insensitively; unlisted genres never age.
REFERENCE_MAX_AGE_YEARS = {
    "guideline": 5,
    "systematic review": 5,
    "drug label": 3,
    "website": 3,
}
# Largest reference file accepted for import, in bytes.
REFERENCE_IMPORT_MAX_BYTES = env_int("REFERENCE_IMPORT_MAX_BYTES", 5_000_000, minimum=1024)
# Looking up a DOI, PMID or PMCID the library lacks, at the point of citing
# (references/lookup): Crossref and doi.org for DOIs, NCBI E-utilities and the PMC ID
# converter for PubMed. Off: the desk says so and offers the new-reference form.
REFERENCE_LOOKUP_ENABLED = env_bool("REFERENCE_LOOKUP_ENABLED", True)
# Seconds to wait for each lookup service before telling the editor it did not answer.
REFERENCE_LOOKUP_TIMEOUT = env_int("REFERENCE_LOOKUP_TIMEOUT", 5, minimum=1)
# Where the services are (host only; the clients add the paths). Settings so that tests
# and the browser tests can point them at a local server replaying recorded answers.
REFERENCE_LOOKUP_CROSSREF_URL = env_base_url(
    "REFERENCE_LOOKUP_CROSSREF_URL", "https://api.crossref.org"
)
REFERENCE_LOOKUP_DOI_URL = env_base_url("REFERENCE_LOOKUP_DOI_URL", "https://doi.org")
REFERENCE_LOOKUP_EUTILS_URL = env_base_url(
    "REFERENCE_LOOKUP_EUTILS_URL", "https://eutils.ncbi.nlm.nih.gov"
)
REFERENCE_LOOKUP_IDCONV_URL = env_base_url(
    "REFERENCE_LOOKUP_IDCONV_URL", "https://pmc.ncbi.nlm.nih.gov"
)
# A contact address sent with lookups, as Crossref's "polite pool" and NCBI ask; optional.
REFERENCE_LOOKUP_CONTACT = env_str("REFERENCE_LOOKUP_CONTACT", "")

# --- JSON API (docs/api.md) ---
REST_FRAMEWORK = {
    # Programs send "Authorization: Bearer <token>"; browsers use the session (with CSRF).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.ApiAnonThrottle",
        "api.throttling.ApiUserThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JsonParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MedAnswers API",
    "DESCRIPTION": "Articles in and out, the review workflow and the reference library. "
    "See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from drf-spectacular-sidecar via staticfiles: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The webhook deliveries' bodies (webhooks/schema.py); webhooks need OpenAPI 3.1.
    "OAS_VERSION": "3.1.0",
    "WEBHOOKS": [
        "webhooks.schema.revision_submitted",
        "webhooks.schema.revision_changes_requested",
        "webhooks.schema.revision_approved",
        "webhooks.schema.revision_published",
        "webhooks.schema.article_withdrawn",
        "webhooks.schema.reference_retracted",
    ],
}


def _api_rate(name: str, default: str) -> str:
    value = env_str(name, default)
    count, _, period = value.partition("/")
    if not (count.isdigit() and int(count) > 0 and period in ("second", "minute", "hour", "day")):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate; write e.g. 60/minute (second, minute, hour, day)."
        )
    return value


# Requests per client address (anonymous) and per user (token or session), counted in
# the cache, so with Redis the limits hold across app servers.
API_RATE_ANON = _api_rate("API_RATE_ANON", "60/minute")
API_RATE_USER = _api_rate("API_RATE_USER", "600/minute")

# --- Security (docs/security.md) ---
# Login throttling: failed sign-ins are counted per username and per address in the
# database (shared by every app server). A username is paused after its own
# AXES_FAILURE_LIMIT failures; an address (a whole newsroom behind one proxy) only after
# LOGIN_ADDRESS_FAILURE_LIMIT (config.login.LoginFailureHandler). A pause lasts the
# cool-off time and the lockout page answers 429. A success resets that account's count.
# Wrong current passwords in the password-change form count too (config/passwords.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Each failure is recorded with both; config.login decides which limit applies.
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "config.login.LoginFailureHandler"
AXES_LOCKOUT_CALLABLE = "config.login.login_locked_out"
# The same client address as the site's own rate limits (REMOTE_ADDR; see ratelimit.py).
AXES_CLIENT_IP_CALLABLE = "config.login.login_client_ip"
# Masked in the record of a failure, the password-change form's fields included.
AXES_SENSITIVE_PARAMETERS = ["password", "old_password", "new_password1", "new_password2"]
# Password-reset emails: per client address and per email address asked for, in the cache.
PASSWORD_RESET_RATE_PER_ADDRESS = env_int("PASSWORD_RESET_RATE_PER_ADDRESS", 5, minimum=1)
PASSWORD_RESET_RATE_PER_EMAIL = env_int("PASSWORD_RESET_RATE_PER_EMAIL", 3, minimum=1)
PASSWORD_RESET_RATE_WINDOW = 3600

# Sessions: every account here can change content, so a session ends after a working
# day at most, and sooner when left idle (config.middleware.SessionIdleTimeoutMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600, minimum=300)
SESSION_IDLE_TIMEOUT = 60 * env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# The largest request body of any kind (config.middleware.RequestSizeLimitMiddleware
# answers 413 above it): the largest import plus room for the form around the file.
REQUEST_BODY_MAX_BYTES = env_int(
    "REQUEST_BODY_MAX_BYTES",
    max(DATA_UPLOAD_MAX_MEMORY_SIZE, ARTICLE_IMPORT_MAX_BYTES, REFERENCE_IMPORT_MAX_BYTES)
    + 64 * 1024,
    minimum=1024,
)
