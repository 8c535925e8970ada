from django.core.management.base import BaseCommand

from reviews.notifications import articles_due_for_review, review_reminders_send


class Command(BaseCommand):
    help = "Email board members the articles whose periodic re-review is due (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the articles due; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for article in articles_due_for_review():
                self.stdout.write(f"{article.next_review_due:%Y-%m-%d}  {article.slug}")
            return
        sent = review_reminders_send()
        self.stdout.write(f"Sent {sent} reminder email(s).")
