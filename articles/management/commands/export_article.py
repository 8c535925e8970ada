"""Write an article (its working copy, or one revision) as an article document."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.documents import document_from_article, document_from_content
from articles.models import Article


class Command(BaseCommand):
    help = "Export an article's working copy, or one of its revisions, as an article document."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--revision",
            type=int,
            metavar="N",
            help="Export revision N instead of the working copy.",
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="Write here, not to stdout.")

    def handle(self, *args, slug, revision=None, output=None, **options):
        try:
            article = Article.objects.get(slug=slug)
        except Article.DoesNotExist as exc:
            raise CommandError(f"There is no article with the slug '{slug}'.") from exc
        if revision is None:
            text = document_from_article(article=article)
        else:
            found = article.revisions.filter(number=revision).first()
            if found is None:
                numbers = ", ".join(
                    str(n)
                    for n in article.revisions.order_by("number").values_list("number", flat=True)
                )
                raise CommandError(
                    f"'{slug}' has no revision {revision} (it has: {numbers or 'none'})."
                )
            text = document_from_content(content=found.content)
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror or exc}") from exc
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text, ending="")
