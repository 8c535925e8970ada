"""Signing deliveries the Standard Webhooks way (https://www.standardwebhooks.com/):
`webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`
("v1,<base64 HMAC-SHA256 of '<id>.<timestamp>.<body>'>") with the endpoint's secret.

The signing is the specification's own Python library (standardwebhooks): receivers verify
with the same code (docs/api.md), so the two ends cannot drift apart."""

import base64
import secrets
from datetime import datetime

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - the specification's prefix, not a secret


def secret_new() -> str:
    """A fresh endpoint secret: 32 random bytes, base64, with the specification's prefix."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def signed_headers(*, secret: str, message_id: str, at: datetime, body: str) -> dict[str, str]:
    """The headers of one attempt: its timestamp is the attempt's own, so a captured
    request replayed later fails the receiver's five-minute window."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
    }
