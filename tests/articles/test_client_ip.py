"""The client address the rate limits and the login throttle count by: X-Forwarded-For is
believed only from TRUSTED_PROXIES."""

import ipaddress

import pytest
from django.test import RequestFactory

from articles.ratelimit import client_ip


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = [
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.0.0.0/8"),
    ]


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert client_ip(_request("192.0.2.7", "198.51.100.1")) == "192.0.2.7"


def test_a_trusted_proxy_passes_on_the_client_address(behind_nginx):
    assert client_ip(_request("127.0.0.1", "198.51.100.1")) == "198.51.100.1"


def test_an_untrusted_sender_cannot_choose_its_address(behind_nginx):
    assert client_ip(_request("192.0.2.7", "198.51.100.1")) == "192.0.2.7"


def test_addresses_a_client_prepended_are_skipped(behind_nginx):
    # The client sent "X-Forwarded-For: 203.0.113.9"; nginx and a load balancer appended.
    request = _request("127.0.0.1", "203.0.113.9, 198.51.100.1, 10.0.0.2")

    assert client_ip(request) == "198.51.100.1"


def test_a_header_that_is_not_an_address_falls_back_to_the_proxy(behind_nginx):
    assert client_ip(_request("127.0.0.1", "unknown")) == "127.0.0.1"
    assert client_ip(_request("127.0.0.1", "")) == "127.0.0.1"


def test_an_ipv6_client_behind_the_proxy(behind_nginx):
    assert client_ip(_request("127.0.0.1", "2001:db8::1")) == "2001:db8::1"
