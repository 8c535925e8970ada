"""`Idempotency-Key` for the API's POSTs that create something (submitting a revision):
the same key with the same request answers what the first one answered, without doing it
again; the same key with a different request is refused (422), because the client has
mixed up two requests. Keys belong to the token that sent them (to the user, for a
browser session) and are forgotten after settings.API_IDEMPOTENCY_HOURS.

Only answers that did something are kept: a refused request did nothing, so sending it
again with the same key simply tries again."""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.response import Response

from api.errors import ApiError
from api.models import IdempotencyKey

HEADER = "Idempotency-Key"
KEY_MAX_LENGTH = 255
REPLAYED_HEADER = "Idempotent-Replayed"


def _scope(request) -> str:
    token = request.auth
    if token is not None and getattr(token, "pk", None):
        return f"token:{token.pk}"
    return f"user:{request.user.pk}"


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    text = f"{request.method} {request.path}\n{body}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _key(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not key or len(key) > KEY_MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise ApiError(
            f"The {HEADER} header must be 1 to {KEY_MAX_LENGTH} printable ASCII characters "
            "(a UUID is a good choice).",
            code="invalid_idempotency_key",
            status_code=400,
        )
    return key


def _replay(record: IdempotencyKey, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        raise ApiError(
            f"This {HEADER} was already used for a different request (another body or "
            "address). Use a new key for a new request; resend the first request unchanged "
            "to get its answer again.",
            code="idempotency_key_reused",
            status_code=422,
        )
    response = Response(record.body, status=record.status_code)
    response[REPLAYED_HEADER] = "true"
    return response


def idempotent(request, perform: Callable[[], Response]) -> Response:
    """`perform()`'s response, or the stored one when this key has been used."""
    key = _key(request)
    if key is None:
        return perform()
    scope, fingerprint, now = _scope(request), _fingerprint(request), timezone.now()
    IdempotencyKey.objects.filter(scope=scope, key=key, expires_at__lte=now).delete()
    record = IdempotencyKey.objects.filter(scope=scope, key=key).first()
    if record is not None:
        return _replay(record, fingerprint)
    try:
        with transaction.atomic():
            # Claimed first: a concurrent request with the same key waits on this row's
            # unique index and, once this commits, finds it and replays the answer.
            record = IdempotencyKey.objects.create(
                scope=scope,
                key=key,
                fingerprint=fingerprint,
                status_code=0,
                body={},
                created_at=now,
                expires_at=now + timedelta(hours=settings.API_IDEMPOTENCY_HOURS),
            )
            response = perform()
            record.status_code, record.body = response.status_code, response.data
            record.save(update_fields=["status_code", "body"])
    except IntegrityError:
        return _replay(IdempotencyKey.objects.get(scope=scope, key=key), fingerprint)
    return response
