"""The workflow event log: append-only (database triggers, migration 0002) and HMAC-chained.

Each event stores the hash of the event before it and its own HMAC-SHA256 over a canonical
JSON of its fields plus that previous hash, keyed with a secret from the environment
(settings.AUDIT_CHAIN_KEYS, never in the database) and naming the key it used. Rewriting,
reordering or deleting any event (after dropping the triggers) breaks the chain from that
point on, and without the key nobody can compute a chain that verifies again. What the
event vouches for beyond its own columns (a signature's fields, the reviewers readers are
shown) is copied into `details`, so the verifier can tell exactly which value changed.

After each commit the new head ("<event id> <hash>") goes to the `reviews.audit.head`
logger and, when settings.AUDIT_HEAD_FILE is set, is appended to that file: a copy outside
the database that shows when events were cut from the end of the log.

Only `event_record` writes events.
"""

import hashlib
import hmac
import json
import logging
import uuid
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Revision
from reviews.models import Action, EventChainLock, Signature, WorkflowEvent
from reviews.signals import workflow_event_recorded

GENESIS_HASH = "0" * 64
head_logger = logging.getLogger("reviews.audit.head")


def event_canonical(event: WorkflowEvent) -> str:
    """The fields an event's hash covers, as canonical JSON. Values are normalised so that
    the same row hashes identically whichever database it was read back from."""
    claim = str(uuid.UUID(str(event.claim_uuid))) if event.claim_uuid else None
    fields = {
        "article": event.article_id,
        "revision": event.revision_id,
        "actor": event.actor_id,
        "action": str(event.action),
        "from_state": str(event.from_state),
        "to_state": str(event.to_state),
        "comment": event.comment,
        "claim_uuid": claim,
        "revision_hash": event.revision_hash,
        "signature": event.signature_id,
        "details": event.details or {},
        "created_at": event.created_at.astimezone(UTC).isoformat(),
        "key": event.key_id,
        "previous_hash": event.previous_hash,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class UnknownKeyError(LookupError):
    """The event names a key that settings.AUDIT_CHAIN_KEYS does not hold."""


def chain_keys() -> dict[str, str]:
    return dict(getattr(settings, "AUDIT_CHAIN_KEYS", None) or {})


def chain_key_current() -> tuple[str, str]:
    """(id, secret) of the key that signs new events: the first of AUDIT_CHAIN_KEYS."""
    keys = chain_keys()
    if not keys:
        raise ImproperlyConfigured(
            "AUDIT_CHAIN_KEYS is empty: the workflow log cannot be written without a key "
            "(see docs/security.md)."
        )
    return next(iter(keys.items()))


def event_hash_compute(event: WorkflowEvent) -> str:
    """HMAC-SHA256 of the event's canonical form with the key it names. Raises
    UnknownKeyError when that key is not configured here."""
    secret = chain_keys().get(event.key_id)
    if secret is None:
        raise UnknownKeyError(event.key_id)
    message = event_canonical(event).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature_details(signature: Signature) -> dict:
    """The fields of a signature as the approval event records them (its publication time
    only when it has one, so signatures from before schedules keep their recorded form)."""
    details = {
        "id": signature.pk,
        "revision": signature.revision_id,
        "signer": signature.signer_id,
        "printed_name": signature.printed_name,
        "credentials": signature.credentials,
        "meaning": signature.meaning,
        "content_hash": signature.content_hash,
        "change_type": signature.change_type,
        "checked_claims": signature.checked_claims,
        "unchecked_confirmed": signature.unchecked_confirmed,
        "signed_at": signature.signed_at.astimezone(UTC).isoformat(),
    }
    if signature.publish_at is not None:
        details["publish_at"] = signature.publish_at.astimezone(UTC).isoformat()
    return details


READER_DATES = ("published_at", "last_updated_at", "last_reviewed_at")


def article_dates(article: Article) -> dict:
    """The dates a reader is shown for the article, as a publication or reaffirmation
    leaves them (recorded in its event's details)."""
    return {
        name: value.astimezone(UTC).isoformat() if value is not None else None
        for name in READER_DATES
        for value in [getattr(article, name)]
    }


def event_record(
    *,
    article: Article,
    actor,
    action: Action,
    revision: Revision | None = None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    claim_uuid: str | None = None,
    signature: Signature | None = None,
    details: dict | None = None,
) -> WorkflowEvent:
    key_id, _ = chain_key_current()
    details = dict(details or {})
    if signature is not None:
        details["signature"] = signature_details(signature)
    with transaction.atomic():
        # Serialise writers on one lock row, then read the chain's head: under the lock no
        # other transaction can append, so the head read here is the true predecessor.
        EventChainLock.objects.select_for_update().get_or_create(pk=1)
        last = WorkflowEvent.objects.order_by("-pk").only("event_hash").first()
        event = WorkflowEvent(
            article=article,
            revision=revision,
            actor=actor,
            action=action,
            from_state=from_state,
            to_state=to_state,
            comment=comment,
            claim_uuid=claim_uuid,
            revision_hash=revision.content_hash if revision is not None else "",
            signature=signature,
            details=details,
            created_at=timezone.now(),
            key_id=key_id,
            previous_hash=last.event_hash if last else GENESIS_HASH,
        )
        event.event_hash = event_hash_compute(event)
        event.save()
        head = (event.pk, event.event_hash)
        transaction.on_commit(
            lambda: chain_head_publish(event_id=head[0], event_hash=head[1]), robust=True
        )
        workflow_event_recorded.send(sender=WorkflowEvent, event=event)
    return event


def chain_head_publish(*, event_id: int, event_hash: str) -> None:
    """Send the new head outside the database. Runs after commit: a rolled-back event must
    never be remembered as the head. A failure to write the file is logged, not raised:
    the event is committed already, and the next one writes a newer head."""
    head_logger.info("Audit chain head: %s %s", event_id, event_hash)
    path = getattr(settings, "AUDIT_HEAD_FILE", "")
    if not path:
        return
    try:
        with open(path, "a", encoding="ascii") as file:
            file.write(f"{event_id} {event_hash}\n")
    except OSError:
        head_logger.exception("Could not append the audit chain's head to %s", path)
