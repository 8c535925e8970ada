from django.core.management.base import BaseCommand

from articles.reference_usage import article_review_reasons
from reviews.notifications import articles_due_for_review


class Command(BaseCommand):
    help = (
        "List the articles due for re-review (next review date today or earlier), with "
        "the reason: a retracted or superseded source, or the scheduled date."
    )

    def handle(self, *args, **options):
        due = list(articles_due_for_review())
        if not due:
            self.stdout.write("No article is due for re-review.")
            return
        for article in due:
            self.stdout.write(
                f"{article.next_review_due:%Y-%m-%d}  {article.slug}  {article.display_title}"
            )
            for reason in article_review_reasons(article=article):
                self.stdout.write(f"    - {reason}")
        self.stdout.write(f"{len(due)} article(s) due for re-review.")
