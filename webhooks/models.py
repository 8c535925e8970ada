"""Webhook endpoints that pipelines register, and the log of every delivery to them.

An endpoint subscribes to event types and has its own signing secret. Each event makes one
WebhookDelivery per subscribed endpoint, in the transaction of the change that caused it
(so a rolled-back change leaves none); each try to deliver it is a WebhookAttempt with what
the receiver answered. The log is written only by webhooks/delivery.py."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class EventType(models.TextChoices):
    SUBMITTED = "revision.submitted", "Revision submitted for review"
    CHANGES_REQUESTED = "revision.changes_requested", "Changes requested"
    APPROVED = "revision.approved", "Revision approved by the board"
    PUBLISHED = "revision.published", "Revision published (live)"
    WITHDRAWN = "article.withdrawn", "Article withdrawn from public view"
    SOURCE_RETRACTED = "reference.retracted", "Retracted source flagged"


class WebhookEndpoint(models.Model):
    url = models.URLField(max_length=500, help_text="Where deliveries are POSTed (https).")
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="The event types this endpoint receives.")
    # Standard Webhooks' symmetric secret ("whsec_" + base64 of 32 random bytes); shown to
    # the admin once, when it is made. Never in history.
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    secret_rotated_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        ordering = ["url", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(secret=""), name="webhook_endpoint_has_secret"),
        ]

    def __str__(self) -> str:
        return self.description or self.url


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed (gave up)"


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_type = models.CharField(max_length=50, choices=EventType)
    # The `webhook-id` header: the same on every attempt, so a receiver can drop a repeat.
    message_id = models.CharField(max_length=40, unique=True, editable=False)
    # The exact body every attempt sends (and signs).
    body = models.TextField()
    state = models.CharField(
        max_length=20, choices=DeliveryState, default=DeliveryState.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    # When the next attempt is due (pending); a running attempt holds it for its timeout.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="webhook_delivery_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint} ({self.get_state_display()})"

    @staticmethod
    def new_message_id() -> str:
        return f"msg_{uuid.uuid4().hex}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="webhook_attempt_number_unique"
            )
        ]

    def __str__(self) -> str:
        outcome = self.status_code or self.error[:40]
        return f"Attempt {self.number}: {outcome}"
