from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from audit import checks, immutability  # noqa: F401  (registers the system checks)

        immutability.history_revert_refuse_install()
