"""System checks: history and the workflow log are read-only wherever the admin shows them."""

from types import SimpleNamespace

from django.contrib import admin
from django.core import checks

from audit.immutability import must_be_read_only


def _superuser_request():
    # The strongest user there is: if even a superuser may not write, nobody may.
    user = SimpleNamespace(
        is_active=True,
        is_staff=True,
        is_superuser=True,
        is_authenticated=True,
        has_perm=lambda *args, **kwargs: True,
        has_perms=lambda *args, **kwargs: True,
        has_module_perms=lambda *args, **kwargs: True,
    )
    return SimpleNamespace(user=user, method="POST", GET={}, POST={})


@checks.register(checks.Tags.admin)
def audit_admin_read_only(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return admin_write_problems(admin.site)


def admin_write_problems(site: admin.AdminSite) -> list[checks.CheckMessage]:
    """An error for each part of the audit record that `site` lets anyone write."""
    errors = []
    request = _superuser_request()
    for model, model_admin in site._registry.items():
        if not must_be_read_only(model):
            continue
        allowed = [
            name
            for name, permitted in (
                ("add", model_admin.has_add_permission(request)),
                ("change", model_admin.has_change_permission(request)),
                ("delete", model_admin.has_delete_permission(request)),
            )
            if permitted
        ]
        if allowed:
            errors.append(
                checks.Error(
                    f"{model._meta.label} is part of the audit record but its admin allows "
                    f"{', '.join(allowed)}.",
                    hint="Return False from has_add_permission, has_change_permission and "
                    "has_delete_permission in its ModelAdmin.",
                    obj=model_admin,
                    id="audit.E001",
                )
            )
    return errors
