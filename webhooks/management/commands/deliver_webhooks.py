"""Send every webhook delivery whose next attempt is due (docs/api.md, "Webhooks")."""

from django.core.management.base import BaseCommand

from webhooks.delivery import webhooks_deliver_due


class Command(BaseCommand):
    help = (
        "Attempt every pending webhook delivery that is due: the safety net for a queue "
        "that lost a task, and the retry path where the task backend cannot defer."
    )

    def handle(self, *args, **options):
        sent = webhooks_deliver_due()
        self.stdout.write(f"{sent} attempt{'s' if sent != 1 else ''} made.")
