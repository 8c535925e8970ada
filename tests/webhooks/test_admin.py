"""The admin: the secret is shown once and can be rotated; the delivery log is read-only."""

import pytest
from django.urls import reverse

from webhooks.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_a_new_endpoint_shows_its_secret_once(admin_client):
    response = admin_client.post(
        reverse("admin:webhooks_webhookendpoint_add"),
        {
            "url": "https://pipeline.example.com/hooks",
            "description": "Drafting pipeline",
            "events": ["revision.submitted", "revision.published"],
            "is_active": "on",
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 200
    assert endpoint.secret.startswith("whsec_") and endpoint.secret in response.content.decode()
    assert endpoint.events == ["revision.published", "revision.submitted"]
    change = admin_client.get(reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk]))
    assert endpoint.secret not in change.content.decode()
    assert "Rotate the secret" in change.content.decode()


def test_rotating_makes_a_new_secret_shown_once(admin_client, admin_user):
    from webhooks.endpoints import endpoint_create

    endpoint = endpoint_create(
        url="https://pipeline.example.com/hooks", events=["revision.submitted"], actor=admin_user
    )
    url = reverse("admin:webhooks_webhookendpoint_rotate", args=[endpoint.pk])
    assert endpoint.secret not in admin_client.get(url).content.decode()
    response = admin_client.post(url)
    endpoint_now = WebhookEndpoint.objects.get()
    assert endpoint_now.secret != endpoint.secret
    assert endpoint_now.secret in response.content.decode()
    assert endpoint_now.history.first().history_change_reason == "Webhook secret rotated"


def test_an_address_that_is_not_http_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:webhooks_webhookendpoint_add"),
        {"url": "ftp://pipeline.example.com/", "events": ["revision.submitted"]},
    )
    assert response.status_code == 200 and not WebhookEndpoint.objects.exists()


def test_the_delivery_log_is_read_only(admin_client, admin_user):
    from django.utils import timezone

    from webhooks.endpoints import endpoint_create

    endpoint = endpoint_create(
        url="https://pipeline.example.com/hooks", events=["revision.submitted"], actor=admin_user
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type="revision.submitted",
        message_id="msg_1",
        body="{}",
        created_at=timezone.now(),
    )
    page = admin_client.get(reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:webhooks_webhookdelivery_add")).status_code == 403
    listing = admin_client.get(reverse("admin:webhooks_webhookdelivery_changelist"))
    assert listing.status_code == 200 and "revision.submitted" in listing.content.decode()
