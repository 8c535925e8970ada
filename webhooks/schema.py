"""The deliveries in the OpenAPI schema (SPECTACULAR_SETTINGS["WEBHOOKS"]): one entry per
event type, with the body webhooks/payloads.py sends. Kept in this app because the API app
sits beside it and may not import it (tests/test_import_direction.py)."""

from drf_spectacular.utils import OpenApiResponse, OpenApiWebhook, extend_schema
from rest_framework import serializers

from webhooks.models import EventType

_HEADERS = (
    "Signed as the Standard Webhooks specification says: `webhook-id` (the same on every "
    "retry of one delivery), `webhook-timestamp` (Unix seconds of this attempt) and "
    "`webhook-signature` (`v1,<base64 HMAC-SHA256 of '<id>.<timestamp>.<body>'>` with the "
    "endpoint's secret). Verify them, refuse a timestamp more than five minutes off, and "
    "drop an id seen before (docs/api.md, Webhooks). Answer 2xx within 10 seconds; "
    "anything else is retried with exponential backoff (30 s, 1 min, 2 min, 4 min, 8 min), "
    "then the delivery is marked failed."
)


class _Links(serializers.Serializer):
    web = serializers.URLField()
    api = serializers.URLField()


class _RevisionLinks(serializers.Serializer):
    api = serializers.URLField()
    review = serializers.URLField(help_text="The reviewers' page (sign-in needed).")


class WebhookArticleSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    question = serializers.CharField(help_text="The question readers see.")
    links = _Links()


class WebhookAiDisclosureSerializer(serializers.Serializer):
    model = serializers.CharField()
    prompt_reference = serializers.CharField(required=False)
    human_editor = serializers.CharField()


class _Reviewer(serializers.Serializer):
    name = serializers.CharField()
    credentials = serializers.CharField()


class WebhookRevisionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    state = serializers.CharField()
    change_type = serializers.CharField(allow_blank=True)
    public_summary = serializers.CharField(allow_blank=True)
    ai_disclosure = WebhookAiDisclosureSerializer(allow_null=True)
    content_hash = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    reviewers = _Reviewer(many=True)
    links = _RevisionLinks()


class WebhookRevisionDataSerializer(serializers.Serializer):
    article = WebhookArticleSerializer()
    revision = WebhookRevisionSerializer()
    actor = serializers.CharField(allow_null=True, help_text="Username of who acted.")
    comment = serializers.CharField(
        required=False, help_text="revision.changes_requested only: what the board asks for."
    )


class WebhookWithdrawalDataSerializer(WebhookRevisionDataSerializer):
    reason = serializers.CharField(help_text="Why it was withdrawn, as readers are shown it.")
    withdrawn_at = serializers.DateTimeField()


class _Reference(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    doi = serializers.CharField(allow_null=True)
    pmid = serializers.CharField(allow_null=True)
    retracted_on = serializers.DateField(allow_null=True)


class WebhookRetractionDataSerializer(serializers.Serializer):
    reference = _Reference()
    reason = serializers.CharField()
    articles = WebhookArticleSerializer(
        many=True, help_text="Articles whose live revision cites it, now due for re-review."
    )


def _webhook(event_type: EventType, data: type[serializers.Serializer]) -> OpenApiWebhook:
    envelope = type(
        f"Webhook{data.__name__.removeprefix('Webhook').removesuffix('DataSerializer')}"
        f"{event_type.value.split('.')[1].title().replace('_', '')}Serializer",
        (serializers.Serializer,),
        {
            "type": serializers.ChoiceField(choices=[event_type.value]),
            "timestamp": serializers.DateTimeField(),
            "data": data(),
        },
    )
    return OpenApiWebhook(
        name=event_type.value,
        decorator=extend_schema(
            summary=event_type.label,
            description=_HEADERS,
            request=envelope,
            responses={200: OpenApiResponse(description="Received (any 2xx will do).")},
        ),
    )


revision_submitted = _webhook(EventType.SUBMITTED, WebhookRevisionDataSerializer)
revision_changes_requested = _webhook(EventType.CHANGES_REQUESTED, WebhookRevisionDataSerializer)
revision_approved = _webhook(EventType.APPROVED, WebhookRevisionDataSerializer)
revision_published = _webhook(EventType.PUBLISHED, WebhookRevisionDataSerializer)
article_withdrawn = _webhook(EventType.WITHDRAWN, WebhookWithdrawalDataSerializer)
reference_retracted = _webhook(EventType.SOURCE_RETRACTED, WebhookRetractionDataSerializer)
