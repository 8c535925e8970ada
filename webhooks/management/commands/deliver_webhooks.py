"""Send every webhook delivery whose next attempt is due (docs/api.md, "Webhooks")."""

from django.core.management.base import BaseCommand

from webhooks.delivery import deliveries_due, delivery_attempt


class Command(BaseCommand):
    help = (
        "Attempt every pending webhook delivery that is due: the safety net for a queue "
        "that lost a task, and the retry path where the task backend cannot defer."
    )

    def handle(self, *args, **options):
        sent = 0
        for delivery_id in deliveries_due():
            if delivery_attempt(delivery_id=delivery_id) is not None:
                sent += 1
        self.stdout.write(f"{sent} attempt{'s' if sent != 1 else ''} made.")
