"""Typed readers for settings that come from the environment.

Each reader fails loudly with ImproperlyConfigured on a value it cannot parse, so a
typo in a deployment is caught at start instead of becoming a silent default.
"""

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_base_url(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    """An absolute http(s) address with nothing after the host (and port), given back
    without a trailing slash, so that `value + "/path/"` is a full URL."""
    value = env_str(name, default, required=required)
    if value is None:
        return None
    parts = urlsplit(value.strip())
    problem = None
    if parts.scheme not in ("http", "https"):
        problem = "must start with https:// (or http://)"
    elif not parts.hostname or parts.username or parts.password:
        problem = "must name a host and nothing else before it"
    elif parts.path not in ("", "/") or parts.query or parts.fragment:
        problem = "must end after the host (no path, query or fragment)"
    else:
        try:
            parts.port  # noqa: B018 - reading it validates it
        except ValueError:
            problem = "has a port that is not a number from 0 to 65535"
    if problem:
        raise ImproperlyConfigured(
            f"{name}={value!r} {problem}; write the site's public address, "
            "e.g. https://answers.example.org."
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
KEY_MIN_LENGTH = 32


def env_keys(name: str, *, required: bool = False) -> dict[str, str]:
    """Named secrets, `id:secret` pairs separated by commas, in the order given (the first
    is the one in use; the others are kept to check what they signed). Ids are short
    names; secrets are at least KEY_MIN_LENGTH characters."""
    value = os.environ.get(name, "").strip()
    if not value:
        if required:
            raise ImproperlyConfigured(
                f"The environment variable {name} must be set (id:secret, e.g. "
                f"2026-01:<{KEY_MIN_LENGTH} or more random characters>)."
            )
        return {}
    keys: dict[str, str] = {}
    for position, item in enumerate(value.split(","), start=1):
        key_id, separator, secret = item.strip().partition(":")
        if not separator or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                f"{name}: entry {position} is not id:secret with an id of 1-32 letters, "
                "digits, '.', '_' or '-'."
            )
        if len(secret) < KEY_MIN_LENGTH:
            raise ImproperlyConfigured(
                f"{name}: the secret of key '{key_id}' is shorter than {KEY_MIN_LENGTH} characters."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"{name}: key '{key_id}' is listed twice.")
        keys[key_id] = secret
    return keys


def env_networks(name: str, default: list[str] | None = None) -> list:
    """A comma-separated list of addresses or CIDR networks (10.0.0.0/8, ::1)."""
    import ipaddress

    networks = []
    for item in env_list(name, default):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network (write e.g. 10.0.0.0/8)."
            ) from None
    return networks
