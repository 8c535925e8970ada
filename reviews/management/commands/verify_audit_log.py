from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviews.audit import HeadFileError, audit_log_verify


class Command(BaseCommand):
    help = (
        "Verify the workflow log's HMAC chain (keys from AUDIT_CHAIN_KEYS), that it still "
        "contains the head kept outside the database, and that every revision's content, "
        "state and reviewers, every signature and every article's live revision agree with "
        "it. Prints OK, or the first problem and exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head",
            metavar="HASH",
            help="A head hash printed by an earlier run and kept elsewhere: the chain must "
            "still contain it (events appended since are fine; events cut are not).",
        )
        parser.add_argument(
            "--head-file",
            metavar="PATH",
            help="A file of '<event id> <hash>' lines written at each event (default: "
            "AUDIT_HEAD_FILE when set). The chain must still contain the newest one.",
        )

    def handle(self, *args, **options):
        head_file = options["head_file"] or settings.AUDIT_HEAD_FILE or None
        try:
            report = audit_log_verify(expect_head=options["expect_head"], head_file=head_file)
        except HeadFileError as exc:
            raise CommandError(str(exc), returncode=1) from None
        if not report.ok:
            raise CommandError(report.problem, returncode=1)
        head = f"event #{report.head_event_id} " if report.head_event_id else ""
        self.stdout.write(
            f"OK: {report.events} events chained, {report.signatures} signatures and "
            f"{report.revisions} revisions match their content and the chain, and "
            f"{report.articles} articles show the revision the chain made live. "
            # Keeping this value elsewhere detects events cut from the end of the log.
            f"Head of the chain: {head}{report.head_hash}"
        )
        for note in report.notes:
            self.stdout.write(note)
