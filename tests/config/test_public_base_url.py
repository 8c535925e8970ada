"""PUBLIC_BASE_URL: read and checked like every other setting (config/env.py), and
required in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_base_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://answers.example.org", "https://answers.example.org"),
        ("https://Answers.Example.org/", "https://answers.example.org"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("  https://[::1]:8443  ", "https://[::1]:8443"),
    ],
)
def test_a_public_address_is_kept_without_its_trailing_slash(monkeypatch, value, expected):
    monkeypatch.setenv("PUBLIC_BASE_URL", value)
    assert env_base_url("PUBLIC_BASE_URL") == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("answers.example.org", "must start with https:// (or http://)"),
        ("ftp://answers.example.org", "must start with https:// (or http://)"),
        ("https://", "must name a host and nothing else before it"),
        ("https://user:pw@answers.example.org", "must name a host and nothing else before it"),
        ("https://answers.example.org/site/", "must end after the host"),
        ("https://answers.example.org/?a=1", "must end after the host"),
        ("https://answers.example.org:99999", "has a port that is not a number"),
    ],
)
def test_a_bad_public_address_stops_the_start_naming_the_variable(monkeypatch, value, problem):
    monkeypatch.setenv("PUBLIC_BASE_URL", value)
    with pytest.raises(ImproperlyConfigured) as raised:
        env_base_url("PUBLIC_BASE_URL")
    assert str(raised.value).startswith(f"PUBLIC_BASE_URL={value!r} {problem}")
    assert "e.g. https://answers.example.org" in str(raised.value)


def test_the_default_is_used_when_the_variable_is_unset_or_empty(monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    assert env_base_url("PUBLIC_BASE_URL", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    monkeypatch.setenv("PUBLIC_BASE_URL", "")
    assert env_base_url("PUBLIC_BASE_URL", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"


def _production(**env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PUBLIC_BASE_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="tests-config-" + "k" * 50,
        AUDIT_CHAIN_KEYS="tests-config:" + "a" * 40,
        ALLOWED_HOSTS="answers.example.org",
        **env,
    )
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.PUBLIC_BASE_URL)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_will_not_start_without_a_public_address():
    result = _production()
    assert result.returncode != 0
    assert "The environment variable PUBLIC_BASE_URL must be set." in result.stderr


def test_production_reads_the_public_address():
    result = _production(PUBLIC_BASE_URL="https://answers.example.org/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://answers.example.org"
