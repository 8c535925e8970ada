from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config.accounts import SYSTEM_USERNAME, system_account
from references.errors import ReferenceFormatError
from references.retractionwatch import retractions_import


class Command(BaseCommand):
    help = (
        "Read the Retraction Watch dataset (the CSV Crossref publishes) and mark the library's "
        "references it concerns, matched by the original paper's DOI or PubMed ID: "
        "retracted or under an expression of concern (with the notice's DOI and date), "
        "corrections recorded. Articles whose live revision cites a newly marked reference "
        "are flagged for re-review. Safe to run again: it reports only what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--reason",
            default="",
            help="Kept in each changed record's history (default: 'Retraction Watch').",
        )
        parser.add_argument(
            "--as",
            dest="username",
            help=f"The user recorded in the history (default: the '{SYSTEM_USERNAME}' account).",
        )

    def handle(self, *args, file: Path, reason="", username=None, **options):
        try:
            handle = file.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            with handle, transaction.atomic():
                actor = self._actor(username)
                report = retractions_import(lines=handle, actor=actor, reason=reason)
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text.") from None
        except ReferenceFormatError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write("\n".join(report.lines()))

    def _actor(self, username: str | None):
        if not username:
            return system_account()
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
