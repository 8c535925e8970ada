"""Apply an agency's translated XLIFF 2.0 file to a translation's working copy."""

from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from articles.errors import ArticleError
from articles.models import Article
from articles.xliff import XLIFF_MAX_BYTES, translation_xliff_import


class Command(BaseCommand):
    help = (
        "Import a translated XLIFF 2.0 file into a translation's working copy, as the named "
        "editor (every change is in the history under their name). A refused file changes "
        "nothing; units with an empty target keep their text and are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The translation's slug (e.g. back-pain-es).")
        parser.add_argument("file", help="The translated .xlf file.")
        parser.add_argument(
            "--as", dest="username", required=True, help="The editor the changes are made as."
        )

    def handle(self, *args, slug, file, username, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"There is no article with the slug '{slug}'.")
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(f"There is no user named '{username}'.")
        try:
            with Path(file).open("rb") as handle:
                data = handle.read(XLIFF_MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from exc
        try:
            report = translation_xliff_import(article=article, data=data, actor=actor)
        except ArticleError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(report.summary())
