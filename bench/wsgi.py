"""The bench server: the site, and the baseline view (bench/urls.py) behind the middleware
`django-admin startproject` writes, in the same gunicorn workers. Each page's ratio is to
what the same server does for a bare Django view with Django's own defaults."""

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

BASELINE_PATH = "/bench/baseline/"
# The MIDDLEWARE of Django 5.2's startproject template, in its order.
STARTPROJECT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


class StartprojectHandler(WSGIHandler):
    def load_middleware(self, is_async=False):
        site_middleware = settings.MIDDLEWARE
        settings.MIDDLEWARE = STARTPROJECT_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = site_middleware


site = get_wsgi_application()

from config.page_replay import PageReplay  # noqa: E402 - once Django is set up

# The site as config/wsgi.py serves it.
site = PageReplay(site)
baseline = StartprojectHandler()


def application(environ, start_response):
    handler = baseline if environ.get("PATH_INFO") == BASELINE_PATH else site
    return handler(environ, start_response)
