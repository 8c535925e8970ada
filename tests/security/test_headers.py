"""Security headers on the public page, and the production profile's values.

The production profile is imported in a child process with the environment a server
would give it (settings are read once per process, so this cannot be done in the test
process), and Django's own deployment checks run on it there too."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import freeze_revision, make_article

ROOT = Path(__file__).resolve().parents[2]
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "tests-security-" + "k" * 50,
    "ALLOWED_HOSTS": "medanswers.example,testserver",
    "PUBLIC_BASE_URL": "https://medanswers.example",
    "DATABASE_URL": "sqlite:///:memory:",
    "AUDIT_CHAIN_KEYS": "tests-2026:" + "s" * 40,
}


def _child(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SESSION_", "AXES_", "DEBUG"))
    }
    environment.update(SERVER_ENV, **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.fixture
def page(client, editor):
    article = make_article(editor)
    freeze_revision(article, editor)
    return client.get(article.get_absolute_url())


def test_the_public_page_has_a_content_security_policy_without_unsafe_inline(page):
    assert page.status_code == 200
    csp = _csp_directives(page["Content-Security-Policy"])
    for directive in ("default-src", "script-src", "style-src"):
        assert csp[directive] == ["'self'"], directive
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    assert "'unsafe-eval'" not in page["Content-Security-Policy"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


def test_the_public_page_may_not_be_framed(page):
    assert _csp_directives(page["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
    assert page["X-Frame-Options"] == "DENY"


def test_the_public_page_forbids_sniffing_and_limits_the_referrer(page):
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_public_page_has_no_inline_script_other_than_json_ld(page):
    html = page.content.decode()
    scripts = html.split("<script")[1:]
    assert scripts, "the page carries its JSON-LD"
    for script in scripts:
        opening = script.split(">", 1)[0]
        assert 'type="application/ld+json"' in opening or "src=" in opening, opening
    assert " style=" not in html
    assert " onclick=" not in html.lower()


def test_every_page_of_the_workspace_carries_the_same_policy(client, editor):
    client.force_login(editor)
    response = client.get("/editor/")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


PRODUCTION_VALUES = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": s.SECURE_HSTS_PRELOAD,
    "SECURE_PROXY_SSL_HEADER": list(s.SECURE_PROXY_SSL_HEADER),
    "SECURE_CONTENT_TYPE_NOSNIFF": s.SECURE_CONTENT_TYPE_NOSNIFF,
    "SECURE_REFERRER_POLICY": s.SECURE_REFERRER_POLICY,
    "X_FRAME_OPTIONS": s.X_FRAME_OPTIONS,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SESSION_COOKIE_SAMESITE": s.SESSION_COOKIE_SAMESITE,
    "SESSION_COOKIE_AGE": s.SESSION_COOKIE_AGE,
    "SESSION_IDLE_TIMEOUT": s.SESSION_IDLE_TIMEOUT,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "CSRF_COOKIE_HTTPONLY": s.CSRF_COOKIE_HTTPONLY,
    "AXES_ENABLED": s.AXES_ENABLED,
    "AXES_FAILURE_LIMIT": s.AXES_FAILURE_LIMIT,
    "AUTHENTICATION_BACKENDS": s.AUTHENTICATION_BACKENDS,
    "PASSWORD_HASHERS": s.PASSWORD_HASHERS[:1],
    "CSP": {k: list(v) for k, v in s.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()},
}))
"""


@pytest.fixture(scope="module")
def production():
    result = _child(PRODUCTION_VALUES)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_https_only_with_a_year_of_hsts(production):
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_cookies_are_secure_and_out_of_reach_of_scripts(production):
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_HTTPONLY"] is True


def test_production_sessions_end_within_a_working_day_and_after_half_an_hour_idle(production):
    assert production["SESSION_COOKIE_AGE"] <= 12 * 3600
    assert production["SESSION_IDLE_TIMEOUT"] <= 30 * 60


def test_production_headers_and_policy(production):
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["CSP"]["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in json.dumps(production["CSP"])


def test_production_throttles_logins_and_hashes_passwords_slowly(production):
    assert production["AXES_ENABLED"] is True
    assert production["AXES_FAILURE_LIMIT"] <= 10
    assert production["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert "MD5" not in production["PASSWORD_HASHERS"][0]


PRODUCTION_REQUESTS = """
import json, django
django.setup()
from django.test import Client
client = Client()
plain = client.get("/robots.txt")
secure = client.get("/robots.txt", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "secure": [secure.status_code, dict(secure.items())],
}))
"""


def test_production_redirects_http_to_https_and_sends_hsts_over_https():
    result = _child(PRODUCTION_REQUESTS)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["plain"] == [301, "https://testserver/robots.txt"]
    status, headers = answers["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_the_production_profile_passes_the_deployment_checks():
    result = _child(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_production_profile_refuses_to_start_without_a_secret_key():
    result = _child("import django; django.setup()", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_production_profile_refuses_to_start_without_an_audit_chain_key():
    result = _child("import django; django.setup()", AUDIT_CHAIN_KEYS="")
    assert result.returncode != 0
    assert "The environment variable AUDIT_CHAIN_KEYS must be set" in result.stderr


def test_the_production_profile_refuses_a_short_audit_chain_key():
    result = _child("import django; django.setup()", AUDIT_CHAIN_KEYS="k1:tooshort")
    assert result.returncode != 0
    assert "AUDIT_CHAIN_KEYS: the secret of key 'k1' is shorter than 32 characters" in (
        result.stderr
    )
