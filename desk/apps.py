from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editors' desk at /editor/: every page editors work in. It sits above `articles`
    (content and its services) and `reviews` (the workflow) and calls both; neither
    imports it."""

    name = "desk"
    verbose_name = "Editorial desk"
