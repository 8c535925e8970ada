"""What the workflow and the notifications report to metrics and logs, connected in
MonitoringConfig.ready. The signals point upward (reviews sends, monitoring listens), so
reviews never imports monitoring."""

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from monitoring.metrics import NOTIFICATION_FAILURES, TRANSITIONS

workflow_logger = logging.getLogger("monitoring.workflow")


def _event_committed(*, event_id: int, action: str, from_state: str, to_state: str, **fields):
    TRANSITIONS.labels(action=action, to_state=to_state or "-").inc()
    workflow_logger.info(
        "Workflow event %s: %s -> %s",
        action,
        from_state or "-",
        to_state or "-",
        extra={
            "event": "workflow",
            "event_id": event_id,
            "action": action,
            "from_state": from_state,
            "to_state": to_state,
            **fields,
        },
    )


def workflow_event_saved(sender, instance, created, **kwargs):
    """Counted and logged when the transaction that recorded the event commits: a
    transition that rolls back never happened."""
    if not created:
        return
    transaction.on_commit(
        partial(
            _event_committed,
            event_id=instance.pk,
            action=str(instance.action),
            from_state=str(instance.from_state),
            to_state=str(instance.to_state),
            article_id=instance.article_id,
            revision_id=instance.revision_id,
            actor_id=instance.actor_id,
        )
    )


def notification_failed(sender, *, notification: str, **kwargs):
    NOTIFICATION_FAILURES.labels(notification=notification).inc()


def connect() -> None:
    from reviews.models import WorkflowEvent
    from reviews.notifications import notification_failed as failed_signal

    post_save.connect(workflow_event_saved, sender=WorkflowEvent, dispatch_uid="monitoring")
    failed_signal.connect(notification_failed, dispatch_uid="monitoring")
