"""Endpoints are registered here; the delivery log is read-only.

An endpoint's secret is made by the site, shown once on the page after "Save" (and after
"Rotate the secret"), and never shown again: a lost secret is rotated, not looked up."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from webhooks.endpoints import endpoint_create, endpoint_secret_rotate
from webhooks.models import EventType, WebhookAttempt, WebhookDelivery, WebhookEndpoint


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label="Address",
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 60}),
        help_text="Where deliveries are POSTed; https in production.",
    )
    events = forms.MultipleChoiceField(
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each event is POSTed, signed, to the address.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("url", "description", "events", "is_active")

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.startswith(("https://", "http://")):
            raise forms.ValidationError("Use an https:// (or http://) address.", code="scheme")
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(SimpleHistoryAdmin):
    form = EndpointForm
    list_display = ("url", "description", "event_list", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "description")
    readonly_fields = ("secret_state", "created_at", "created_by", "secret_rotated_at")

    def get_fields(self, request, obj=None):
        fields = ("url", "description", "events", "is_active")
        if obj is None:
            return fields
        return (*fields, "secret_state", "created_at", "created_by", "secret_rotated_at")

    @admin.display(description="Events")
    def event_list(self, obj) -> str:
        return ", ".join(obj.events)

    @admin.display(description="Signing secret")
    def secret_state(self, obj) -> str:
        url = reverse("admin:webhooks_webhookendpoint_rotate", args=[obj.pk])
        return format_html(
            'Shown once, when it was made. <a href="{}">Rotate the secret</a> to get a new '
            "one (the old one stops working at once).",
            url,
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        endpoint = endpoint_create(
            url=obj.url,
            description=obj.description,
            events=obj.events,
            is_active=obj.is_active,
            actor=request.user,
        )
        obj.pk, obj.secret, obj.created_at = endpoint.pk, endpoint.secret, endpoint.created_at
        request.webhook_secret_shown_once = endpoint.secret

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(request, "webhook_secret_shown_once", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        return self._secret_page(request, obj, secret, title="Webhook endpoint created")

    def get_urls(self):
        rotate = path(
            "<int:pk>/rotate-secret/",
            self.admin_site.admin_view(self.rotate_view),
            name="webhooks_webhookendpoint_rotate",
        )
        return [rotate, *super().get_urls()]

    def rotate_view(self, request, pk: int):
        endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        if not self.has_change_permission(request, endpoint):
            raise PermissionDenied
        if request.method == "POST":
            endpoint = endpoint_secret_rotate(endpoint=endpoint, actor=request.user)
            return self._secret_page(
                request, endpoint, endpoint.secret, title="Webhook secret rotated"
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "endpoint": endpoint,
            "title": f"Rotate the signing secret of {endpoint}",
        }
        return TemplateResponse(request, "webhooks/admin/rotate.html", context)

    def _secret_page(self, request, endpoint, secret: str, *, title: str):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "endpoint": endpoint,
            "secret": secret,
            "title": title,
        }
        return TemplateResponse(request, "webhooks/admin/secret.html", context)


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ("number", "started_at", "duration_ms", "status_code", "error", "response_excerpt")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The log: what was sent, when, and what each receiver answered. Read-only."""

    list_display = ("event_type", "endpoint", "state", "attempts", "created_at", "finished_at")
    list_filter = ("state", "event_type", "endpoint")
    list_select_related = ("endpoint",)
    search_fields = ("message_id", "endpoint__url")
    date_hierarchy = "created_at"
    fields = (
        "endpoint",
        "event_type",
        "message_id",
        "state",
        "attempts",
        "created_at",
        "next_attempt_at",
        "finished_at",
        "body",
    )
    readonly_fields = fields
    inlines = [AttemptInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
