"""AUDIT_CHAIN_KEYS: `id:secret` pairs read by config/env.py, refused loudly when wrong."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_keys

SECRET = "s" * 32


def test_keys_keep_their_order_so_the_first_is_the_one_that_signs(monkeypatch):
    monkeypatch.setenv("AUDIT_CHAIN_KEYS", f" 2027-01:{SECRET}x , 2026-01:{SECRET}:with:colons")
    assert env_keys("AUDIT_CHAIN_KEYS") == {
        "2027-01": f"{SECRET}x",
        "2026-01": f"{SECRET}:with:colons",
    }
    assert next(iter(env_keys("AUDIT_CHAIN_KEYS"))) == "2027-01"


def test_no_keys_is_empty_unless_they_are_required(monkeypatch):
    monkeypatch.delenv("AUDIT_CHAIN_KEYS", raising=False)
    assert env_keys("AUDIT_CHAIN_KEYS") == {}
    with pytest.raises(ImproperlyConfigured, match="AUDIT_CHAIN_KEYS must be set"):
        env_keys("AUDIT_CHAIN_KEYS", required=True)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (SECRET, "AUDIT_CHAIN_KEYS: entry 1 is not id:secret"),
        (f"k1:{SECRET},has space:{SECRET}", "AUDIT_CHAIN_KEYS: entry 2 is not id:secret"),
        ("k1:short", "AUDIT_CHAIN_KEYS: the secret of key 'k1' is shorter than 32 characters"),
        (f"k1:{SECRET},k1:{SECRET}", "AUDIT_CHAIN_KEYS: key 'k1' is listed twice."),
    ],
)
def test_a_malformed_key_list_is_refused_naming_the_entry(monkeypatch, value, message):
    monkeypatch.setenv("AUDIT_CHAIN_KEYS", value)
    with pytest.raises(ImproperlyConfigured) as caught:
        env_keys("AUDIT_CHAIN_KEYS")
    assert str(caught.value).startswith(message)
