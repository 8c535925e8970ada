"""Django's makemessages with the project's own defaults, so `make messages`, the
completeness test (tests/config/test_translations.py) and anyone running it by hand
extract exactly the same strings: only the site's code and templates (not the tests,
benchmarks, tools, vendored front-end packages or build output), and no source line
numbers (they would change the catalogue on every unrelated edit)."""

from django.core.management.commands import makemessages

IGNORED = [
    "tests",
    "bench",
    "tools",
    "docs",
    "deploy",
    "var",
    "staticfiles",
    "static/vendor",
    "static/src",
    "node_modules",
]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        options["add_location"] = options.get("add_location") or "never"
        options["no_location"] = True
        return super().handle(*args, **options)
