"""The workflow event log: append-only (database triggers, migration 0002) and hash-chained.

Each event stores the hash of the event before it and its own hash over a canonical JSON of
its fields plus that previous hash. Rewriting, reordering or deleting any event (after
dropping the triggers) breaks the chain from that point on, which `verify_audit_log` finds.
Only `event_record` writes events.
"""

import hashlib
import json
import uuid
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from articles.models import Article, Revision
from reviews.models import Action, EventChainLock, Signature, WorkflowEvent

GENESIS_HASH = "0" * 64


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
        "created_at": event.created_at.astimezone(UTC).isoformat(),
        "previous_hash": event.previous_hash,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash_compute(event: WorkflowEvent) -> str:
    return hashlib.sha256(event_canonical(event).encode("utf-8")).hexdigest()


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
) -> WorkflowEvent:
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
            created_at=timezone.now(),
            previous_hash=last.event_hash if last else GENESIS_HASH,
        )
        event.event_hash = event_hash_compute(event)
        event.save()
    return event
