"""Write a translation's working copy as an XLIFF 2.0 file for a translation agency."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.errors import ArticleError
from articles.models import Article
from articles.xliff import translation_xliff_export


class Command(BaseCommand):
    help = (
        "Export a translation's working copy as XLIFF 2.0 (one unit per claim, heading, "
        "question, title and audience text; citations as notes). Prints to standard output "
        "unless -o names a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The translation's slug (e.g. back-pain-es).")
        parser.add_argument("-o", "--output", help="Write the file here.")

    def handle(self, *args, slug, output=None, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"There is no article with the slug '{slug}'.")
        try:
            data = translation_xliff_export(article=article)
        except ArticleError as exc:
            raise CommandError(exc.message) from exc
        if not output:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}") from exc
        self.stderr.write(f"{output}: {len(data):,} bytes")
