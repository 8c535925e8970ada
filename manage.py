#!/usr/bin/env python
import os
import sys


def main() -> None:
    # The demo profile is the safe local default; servers set config.settings.production.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
