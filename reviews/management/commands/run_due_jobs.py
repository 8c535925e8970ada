"""The clock for periodic work (docs/operations.md "Background work"). django-tasks has no
scheduler, so this command runs every job named in settings.DUE_JOBS once: a systemd timer
starts it every minute (deploy/systemd/medcms-due-jobs.timer), and `make demo` runs it with
--every 60 beside the worker. Each job is idempotent and safe to run from two machines at
once (it claims its rows with SELECT ... FOR UPDATE SKIP LOCKED or conditional updates), so
a late or doubled run is harmless. A job that fails is logged and the others still run."""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def due_jobs_run() -> dict[str, int]:
    """Run each job once; returns how many things each did (-1 for a job that failed)."""
    done = {}
    for path in settings.DUE_JOBS:
        try:
            done[path] = import_string(path)()
        except Exception:
            logger.exception("Due job %s failed", path)
            done[path] = -1
    return done


class Command(BaseCommand):
    help = "Run the periodic jobs that are due (publish scheduled revisions, reminders)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, once every SECONDS (the demo's clock); default: once.",
        )

    def handle(self, *args, every=0, **options):
        while True:
            for path, count in due_jobs_run().items():
                if count:
                    self.stdout.write(f"{path}: {'failed' if count < 0 else count}")
            if every <= 0:
                return
            time.sleep(every)
