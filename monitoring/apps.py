from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Operations: health, metrics and logs"

    def ready(self):
        from monitoring import receivers
        from monitoring.logs import record_factory_install

        receivers.connect()
        record_factory_install()
