"""API tokens: creating, revoking and checking them. The admin, the create_api_token
command and the authentication class all call these functions."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from api.models import ApiToken
from config.history import history_save

# Recognisable in logs and by secret scanners; says nothing about the user.
TOKEN_PREFIX = "mda_"  # noqa: S105 - a public marker, not a secret
SHOWN_PREFIX_LENGTH = 12
# Writing last_used_at on every call would make each read a write; a minute is precise
# enough to see which tokens are in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(Exception):
    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str, actor) -> tuple[ApiToken, str]:
    """A new token for `user`. Returns the record and the token itself, which is not
    stored anywhere and must be shown to the person now."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name.strip(), prefix=raw[:SHOWN_PREFIX_LENGTH], key_hash=token_digest(raw)
    )
    token.full_clean()
    history_save(token, actor=actor, reason="API token created")
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise TokenError("This token is already revoked.", code="already_revoked")
    token.revoked_at = timezone.now()
    history_save(token, actor=actor, reason="API token revoked", fields=["revoked_at"])
    return token


def api_token_check(*, raw: str) -> ApiToken:
    """The token that `raw` is, if it is valid; raises TokenError otherwise."""
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=token_digest(raw)).first()
        if raw.startswith(TOKEN_PREFIX)
        else None
    )
    if token is None:
        raise TokenError("The API token is not valid.", code="invalid_token")
    if token.revoked_at is not None:
        raise TokenError("This API token has been revoked.", code="token_revoked")
    if not token.user.is_active:
        raise TokenError("The account of this API token is disabled.", code="user_inactive")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # A plain UPDATE on purpose: the time of use is not worth a history row.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
