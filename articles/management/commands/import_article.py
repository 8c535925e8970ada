"""Create an article from an article document (docs/article-format.md)."""

from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.documents import article_import, document_decode
from articles.errors import ArticleImportError
from config.accounts import SYSTEM_USERNAME, system_account


class Command(BaseCommand):
    help = (
        "Import an article document as a new article (its working copy; nothing is "
        "published until a revision is approved). Prints every problem, by line, on failure."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The Markdown file to import.")
        parser.add_argument(
            "--as",
            dest="username",
            help=f"Owner of the new article (default: the inactive '{SYSTEM_USERNAME}' account).",
        )
        parser.add_argument("--slug", help="Use this slug instead of the document's.")

    def handle(self, *args, file, username=None, slug=None, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        try:
            # One transaction with the import, so a refused document leaves no trace,
            # not even a newly created system account.
            with transaction.atomic():
                owner = self._owner(username)
                warnings: list = []
                article = article_import(
                    text=document_decode(data=data), owner=owner, slug=slug, warnings=warnings
                )
        except ArticleImportError as exc:
            for error in exc.errors:
                self.stderr.write(f"{path}: {error}")
            count = len(exc.errors)
            raise CommandError(
                f"{path} was not imported: {count} problem{'s' if count != 1 else ''}."
            ) from exc
        for warning in warnings:
            self.stderr.write(f"{path}: warning: {warning}")
        self.stdout.write(article.slug)
        self.stdout.write(article.get_absolute_url())

    def _owner(self, username: str | None) -> User:
        if not username:
            return system_account()
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"There is no user named '{username}'.") from exc
