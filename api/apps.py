from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "JSON API"

    def ready(self):
        # Registers the OpenAPI description of the bearer token scheme.
        from api import schema  # noqa: F401
