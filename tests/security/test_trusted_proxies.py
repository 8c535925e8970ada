"""The login throttle records the reader's real address behind the site's own proxy, and
only there (TRUSTED_PROXIES; deploy/ci checks the same through nginx)."""

import ipaddress

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    cache.clear()


def _fail(client, **extra):
    client.post(LOGIN, {"username": "editor", "password": "not-it"}, **extra)


def test_a_failed_sign_in_through_the_proxy_is_counted_for_the_client(client, editor):
    _fail(client, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.23")

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.23"]


def test_a_forwarded_address_from_anyone_else_is_ignored(client, editor):
    _fail(client, REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="198.51.100.23")

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.50"]
