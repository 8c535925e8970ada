from django.contrib import admin, messages
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from api.models import ApiToken
from api.tokens import TokenError, api_token_create, api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Tokens are created here or with `manage.py create_api_token`; the token itself is
    shown once, on the page after "Save", and never again (only its hash is kept).
    Tokens are revoked, never deleted, so the record of who could act stays."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "name")
        return ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request, obj=None):
        # A token belongs to one person for good: moving it would hand them someone's key.
        return self.readonly_fields + (("user",) if obj else ())

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            # Only a superuser may create a token that acts as someone else.
            kwargs["queryset"] = type(request.user).objects.filter(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = api_token_create(user=obj.user, name=obj.name, actor=request.user)
        obj.pk, obj.prefix, obj.created_at = token.pk, token.prefix, token.created_at
        request.api_token_shown_once = raw

    def response_add(self, request, obj, post_url_continue=None):
        raw = getattr(request, "api_token_shown_once", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "raw_token": raw,
            "title": "API token created",
        }
        return TemplateResponse(request, "api/admin/token_created.html", context)

    @admin.action(description="Revoke selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset:
            try:
                api_token_revoke(token=token, actor=request.user)
                revoked += 1
            except TokenError:
                pass  # already revoked: nothing to do
        self.message_user(request, f"Revoked {revoked} token(s).", messages.SUCCESS)
