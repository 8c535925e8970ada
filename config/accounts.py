"""The account that command-line jobs act as when no person is named.

Imports, restores and token grants run from the shell, yet every history row and audit
entry needs a user. It is one inactive account with no usable password, so it can never
sign in, and every app's commands share it (it lives here, below all of them)."""

from django.contrib.auth import get_user_model

SYSTEM_USERNAME = "system"


def system_account():
    """The inactive "system" account, created on first use."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
