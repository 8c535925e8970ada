"""Creating endpoints and rotating their secrets: the only code that writes a secret."""

from django.db import transaction
from django.utils import timezone

from config.history import history_save
from webhooks.models import EventType, WebhookEndpoint
from webhooks.signing import secret_new


def endpoint_create(
    *, url: str, events: list[str], actor, description: str = "", is_active: bool = True
) -> WebhookEndpoint:
    unknown = set(events) - set(EventType.values)
    if unknown:
        raise ValueError(f"Unknown webhook event types: {', '.join(sorted(unknown))}")
    endpoint = WebhookEndpoint(
        url=url,
        description=description,
        events=sorted(events),
        is_active=is_active,
        secret=secret_new(),
        created_by=actor,
    )
    history_save(endpoint, actor=actor, reason="Webhook endpoint registered")
    return endpoint


@transaction.atomic
def endpoint_secret_rotate(*, endpoint: WebhookEndpoint, actor) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.secret = secret_new()
    endpoint.secret_rotated_at = timezone.now()
    history_save(
        endpoint,
        actor=actor,
        reason="Webhook secret rotated",
        fields=["secret", "secret_rotated_at"],
    )
    return endpoint
