"""The workflow log moves from plain SHA-256 to HMAC-SHA256 keyed with AUDIT_CHAIN_KEYS
(docs/security.md, "The audit chain").

Every existing event is re-chained under the current key, in this one transaction, after
the old chain was verified: a log that does not verify is refused, not laundered. There is
no cut-over point and no unkeyed event afterwards, so there is no older, weaker format the
verifier would still accept and an attacker could write. The migration cannot be reversed
for the same reason.

What each event now vouches for beyond its columns goes into `details`: an approval's
signature fields; a publication's or reaffirmation's reviewer list (the last one of each
revision takes the list as it stands; earlier ones the list the revision's history saved
at the time, or failing that one rebuilt from the signatures; every list must name only
people who signed) and a publication's quorum (the signatures it had).

The canonical forms and hash functions below are frozen copies: this migration must keep
computing what it computed when it was written, whatever reviews/events.py becomes.
"""

import hashlib
import hmac
import json
import uuid
from datetime import UTC

from django.conf import settings
from django.db import migrations, models

GENESIS_HASH = "0" * 64
TABLE = "reviews_workflowevent"


def _unkeyed_canonical(event) -> str:
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


def _keyed_hash(event, secret: str) -> str:
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
    message = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def _signature_details(signature) -> dict:
    return {
        "id": signature.pk,
        "revision": signature.revision_id,
        "signer": signature.signer_id,
        "printed_name": signature.printed_name,
        "credentials": signature.credentials,
        "meaning": signature.meaning,
        "content_hash": signature.content_hash,
        "signed_at": signature.signed_at.astimezone(UTC).isoformat(),
    }


def _entry(*, name, credentials, slug, at, kind) -> dict:
    return {
        "name": name,
        "credentials": credentials,
        "slug": slug,
        "signed_at": at.isoformat(),
        "kind": kind,
    }


class _Rebuilder:
    """details for one event, from the rows as they stand."""

    def __init__(self, apps, last_reviewer_event: dict[int, int]):
        self.Signature = apps.get_model("reviews", "Signature")
        self.Revision = apps.get_model("articles", "Revision")
        self.BoardMember = apps.get_model("reviews", "BoardMember")
        self.HistoricalRevision = apps.get_model("articles", "HistoricalRevision")
        self.last_reviewer_event = last_reviewer_event

    def _slug(self, user_id) -> str:
        member = self.BoardMember.objects.filter(user_id=user_id).first()
        return member.slug if member else ""

    def _approved(self, event) -> list[dict]:
        signatures = self.Signature.objects.filter(
            revision_id=event.revision_id, signed_at__lte=event.created_at
        ).order_by("signed_at", "pk")
        return [
            _entry(
                name=s.printed_name,
                credentials=s.credentials,
                slug=self._slug(s.signer_id),
                at=s.signed_at,
                kind="approved",
            )
            for s in signatures
        ]

    def _checked(self, event, reviewers) -> list[dict]:
        signed = set(
            self.Signature.objects.filter(revision_id=event.revision_id).values_list(
                "printed_name", "credentials"
            )
        )
        for entry in reviewers:
            approving = entry.get("kind", "approved") == "approved"
            if approving and (entry.get("name"), entry.get("credentials")) not in signed:
                raise RuntimeError(
                    f"Revision #{event.revision_id} lists {entry.get('name')} as an approving "
                    "reviewer, but nobody of that name signed it. The record was changed; "
                    "nothing was migrated."
                )
        return reviewers

    def _at_the_time(self, event) -> list[dict] | None:
        # The revision's own history holds the list each publication or reaffirmation
        # saved, just before it recorded its event.
        record = (
            self.HistoricalRevision.objects.filter(
                id=event.revision_id, history_date__lte=event.created_at
            )
            .order_by("-history_date", "-history_id")
            .first()
        )
        return list(record.reviewers) if record is not None and record.reviewers else None

    def details(self, event) -> dict:
        if event.action == "approve" and event.signature_id:
            signature = self.Signature.objects.get(pk=event.signature_id)
            return {"signature": _signature_details(signature)}
        if event.action not in ("publish", "reaffirm"):
            return {}
        if self.last_reviewer_event.get(event.revision_id) == event.pk:
            reviewers = self.Revision.objects.get(pk=event.revision_id).reviewers or []
        else:
            reviewers = self._at_the_time(event)
        if reviewers is None and event.action == "publish":
            reviewers = self._approved(event)
        elif reviewers is None:
            member = self.BoardMember.objects.filter(user_id=event.actor_id).first()
            reviewers = self._approved(event) + [
                _entry(
                    name=member.display_name if member else "",
                    credentials=member.credentials if member else "",
                    slug=member.slug if member else "",
                    at=event.created_at,
                    kind="reaffirmed",
                )
            ]
        reviewers = self._checked(event, list(reviewers))
        if event.action == "publish":
            quorum = sum(1 for r in reviewers if r.get("kind", "approved") == "approved")
            return {"reviewers": reviewers, "quorum": max(1, quorum)}
        return {"reviewers": reviewers}


def _triggers_off(schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")


def _triggers_on(schema_editor) -> None:
    # The same triggers as migration 0002 (on SQLite, adding the columns above may have
    # rebuilt the table without them, so they are always created again here).
    if schema_editor.connection.vendor == "sqlite":
        for op in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE} "
                "BEGIN SELECT RAISE(ABORT, 'The review record is append-only.'); END;"
            )
    else:
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION reviews_append_only();"
        )


def rechain(apps, schema_editor):
    Event = apps.get_model("reviews", "WorkflowEvent")
    events = Event.objects.order_by("pk")
    if not events.exists():
        _triggers_off(schema_editor)
        _triggers_on(schema_editor)
        return
    keys = getattr(settings, "AUDIT_CHAIN_KEYS", None) or {}
    if not keys:
        raise RuntimeError(
            "AUDIT_CHAIN_KEYS is empty: set it before migrating, so the existing workflow "
            "log can be re-chained under a key (docs/security.md)."
        )
    key_id, secret = next(iter(keys.items()))
    previous = GENESIS_HASH
    last_reviewer_event: dict[int, int] = {}
    for event in events.iterator(chunk_size=2000):
        digest = hashlib.sha256(_unkeyed_canonical(event).encode("utf-8")).hexdigest()
        if event.previous_hash != previous or digest != event.event_hash:
            raise RuntimeError(
                f"The workflow log does not verify at event #{event.pk}: it was changed "
                "before this migration. Nothing was migrated; find out what happened "
                "(manage.py verify_audit_log on the previous release) before upgrading."
            )
        previous = event.event_hash
        if event.action in ("publish", "reaffirm"):
            last_reviewer_event[event.revision_id] = event.pk
    rebuilder = _Rebuilder(apps, last_reviewer_event)
    _triggers_off(schema_editor)
    previous = GENESIS_HASH
    for event in list(events.only("pk")):
        event = Event.objects.get(pk=event.pk)
        event.details = rebuilder.details(event)
        event.key_id = key_id
        event.previous_hash = previous
        event.event_hash = _keyed_hash(event, secret)
        Event.objects.filter(pk=event.pk).update(
            details=event.details,
            key_id=key_id,
            previous_hash=event.previous_hash,
            event_hash=event.event_hash,
        )
        previous = event.event_hash
    _triggers_on(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_chain_lock_assignments")]

    operations = [
        migrations.AddField(
            model_name="workflowevent",
            name="details",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="workflowevent",
            name="key_id",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.RunPython(rechain, elidable=False),
    ]
