from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class ApiToken(models.Model):
    """A per-user secret for programs that call the API (`Authorization: Bearer ...`).

    Only a SHA-256 of the token is stored, so a leaked database does not leak working
    tokens; the prefix is kept so people can tell their tokens apart. A token is never
    deleted, only revoked, so the record of who could act through the API stays."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What uses it, e.g. 'drafting pipeline'.")
    prefix = models.CharField(max_length=16, editable=False, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    # last_used_at changes on every call; its history would drown the rest.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = "API token"
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="apitoken_name_not_empty"),
            models.CheckConstraint(
                condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"), name="apitoken_hash_is_sha256"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyKey(models.Model):
    """A request a client marked with an `Idempotency-Key` header, and the answer it got,
    so that the same request sent again (a retry after a lost response) gets the same
    answer instead of a second revision (api/idempotency.py). Scoped to the token (or, for a
    browser session, the user); forgotten after settings.API_IDEMPOTENCY_HOURS."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
