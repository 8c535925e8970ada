"""Restore a directory written by export_site into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.archive import Progress, site_import
from audit.errors import AuditError


class Command(BaseCommand):
    help = (
        "Restore an archive written by export_site into this database, which must hold no "
        "content yet. Every revision keeps its content and hash, every event its place in "
        "the chain; people missing here are created inactive, without a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--as",
            dest="username",
            help="Who is recorded as restoring (default: the inactive 'system' account).",
        )

    def handle(self, *args, directory: str, username=None, **options):
        try:
            counts = site_import(
                directory=Path(directory), username=username, progress=Progress(self.stderr)
            )
        except AuditError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Restored {counts.get('articles.article', 0)} articles, "
            f"{counts.get('articles.revision', 0)} revisions, "
            f"{counts.get('references.reference', 0)} references and "
            f"{counts['audit_log_lines']} audit log records; the event chain verifies."
        )
