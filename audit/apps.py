from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from audit import checks, history_display, immutability  # noqa: F401  (checks: registers)

        immutability.history_revert_refuse_install()
        history_display.history_display_install()
