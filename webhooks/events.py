"""Turning an event into deliveries: one per active endpoint subscribed to its type,
written in the caller's transaction and handed to the task queue only after it commits."""

from django.db import transaction
from django.utils import timezone

from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.payloads import envelope


def webhook_event_emit(*, event_type: str, data: dict) -> list[WebhookDelivery]:
    """Record the event's deliveries. Called inside the transaction of the change itself:
    if it rolls back, the deliveries vanish with it and nothing is ever sent; if it
    commits, each delivery is queued once (webhooks.tasks)."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True).order_by("pk")
        # A JSON list: filtered here because SQLite has no JSON containment lookup.
        if event_type in endpoint.events
    ]
    if not endpoints:
        return []
    now = timezone.now()
    body = envelope(event_type=event_type, at=now, data=data)
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event_type=event_type,
            message_id=WebhookDelivery.new_message_id(),
            body=body,
            created_at=now,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    ]
    ids = [delivery.pk for delivery in deliveries]

    def enqueue():
        # Imported late: the task module imports the task backend, configured in settings.
        from webhooks.tasks import delivery_enqueue

        for delivery_id in ids:
            delivery_enqueue(delivery_id=delivery_id)

    transaction.on_commit(enqueue, robust=True)
    return deliveries
