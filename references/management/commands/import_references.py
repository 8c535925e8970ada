from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config.accounts import SYSTEM_USERNAME, system_account
from references.errors import ReferenceFormatError
from references.formats import READERS, format_from_filename
from references.importing import references_import


class Command(BaseCommand):
    help = (
        "Import a RIS, BibTeX, CSL-JSON, CSL YAML or PubMed (.nbib) file into the reference "
        "library: all of it or nothing. Entries already in the library (same DOI, PMID or "
        "PMCID) are matched, and the record gains the fields it lacks. Prints each entry's "
        "fate: created, matched or enriched."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=sorted(READERS),
            help="The file's format (default: from its extension).",
        )
        parser.add_argument(
            "--reason",
            default="",
            help="Why you import this file, kept in the history of each record it writes.",
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="The user recorded in the history as importing "
            f"(default: the inactive '{SYSTEM_USERNAME}' account).",
        )

    def handle(self, *args, file: Path, fmt=None, username=None, reason="", **options):
        fmt = fmt or format_from_filename(file.name)
        if fmt is None:
            raise CommandError(
                f"Cannot tell the format of {file.name}; pass --format "
                f"({', '.join(sorted(READERS))})."
            )
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            # One transaction with the import, so a refused file leaves no trace, not
            # even a newly created system account.
            with transaction.atomic():
                actor = self._actor(username)
                result = references_import(data=data, fmt=fmt, actor=actor, reason=reason)
        except ReferenceFormatError as exc:
            lines = [exc.message, *(f"  {error}" for error in exc.errors)]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write("\n".join(result.lines()))

    def _actor(self, username: str | None):
        if not username:
            return system_account()
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
