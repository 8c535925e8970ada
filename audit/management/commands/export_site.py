"""Write every article, revision, reference and the whole audit log to a directory."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.archive import Progress, site_export
from audit.errors import AuditError


class Command(BaseCommand):
    help = (
        "Archive the site into DIR (new or empty): each article with every revision as an "
        "article document plus JSON metadata (state, hash, signatures, events), the "
        "references as CSL-JSON and the audit log as JSON Lines. Reads only; restore with "
        "import_site."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="directory", required=True, metavar="DIR")

    def handle(self, *args, directory: str, **options):
        try:
            manifest = site_export(directory=Path(directory), progress=Progress(self.stderr))
        except AuditError as exc:
            raise CommandError(exc.message) from exc
        counts = manifest["counts"]
        self.stdout.write(
            f"Archived {counts['articles']} articles ({counts['revisions']} revisions), "
            f"{counts['references']} references and {counts['audit_log_lines']} audit log "
            f"records into {directory}. Head of the event chain: {manifest['event_chain_head']}"
        )
