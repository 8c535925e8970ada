"""Verifying the review record: the event chain, and every signature against the content
of the revision it signed. Read-only; `manage.py verify_audit_log` runs it."""

from dataclasses import dataclass

from articles.models import Revision
from articles.snapshot import content_hash
from reviews.events import GENESIS_HASH, event_hash_compute
from reviews.models import Signature, WorkflowEvent


@dataclass(frozen=True)
class AuditReport:
    events: int
    signatures: int
    revisions: int
    head_hash: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def _describe(event: WorkflowEvent) -> str:
    return f"event #{event.pk} ({event.action}, {event.created_at:%Y-%m-%d %H:%M:%S})"


def _chain_problem(counts: dict) -> str:
    expected_previous = GENESIS_HASH
    for event in WorkflowEvent.objects.order_by("pk").iterator(chunk_size=2000):
        counts["events"] += 1
        if event.previous_hash != expected_previous:
            return (
                f"The chain is broken at {_describe(event)}: it does not link to the event "
                "before it, so an event was removed, inserted or reordered there."
            )
        if event_hash_compute(event) != event.event_hash:
            return (
                f"The chain is broken at {_describe(event)}: its fields no longer match its "
                "hash, so it was changed after it was written."
            )
        expected_previous = event.event_hash
    counts["head"] = expected_previous
    return ""


def _content_problem(counts: dict) -> str:
    signed = {}
    for signature in Signature.objects.order_by("pk").iterator(chunk_size=2000):
        signed.setdefault(signature.revision_id, []).append(signature)
    for revision in Revision.objects.order_by("pk").iterator(chunk_size=100):
        counts["revisions"] += 1
        actual = content_hash(revision.content)
        if actual != revision.content_hash:
            return (
                f"Revision #{revision.pk} (article {revision.article_id}, number "
                f"{revision.number}): its content no longer matches its stored hash."
            )
        for signature in signed.get(revision.pk, []):
            counts["signatures"] += 1
            if signature.content_hash != actual:
                return (
                    f"Signature #{signature.pk} by {signature.printed_name} does not match "
                    f"the content of revision #{revision.pk}: the signed text was changed."
                )
    return ""


def audit_log_verify() -> AuditReport:
    counts = {"events": 0, "signatures": 0, "revisions": 0, "head": GENESIS_HASH}
    problem = _chain_problem(counts) or _content_problem(counts)
    return AuditReport(
        events=counts["events"],
        signatures=counts["signatures"],
        revisions=counts["revisions"],
        head_hash=counts["head"],
        problem=problem,
    )
