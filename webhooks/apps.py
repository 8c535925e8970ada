from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        # The workflow and the reference library announce events through signals; this app
        # sits above both and turns them into deliveries (webhooks/receivers.py).
        from references.signals import reference_problem_found
        from reviews.signals import workflow_event_recorded
        from webhooks.receivers import reference_flagged, workflow_event

        workflow_event_recorded.connect(workflow_event, dispatch_uid="webhooks.workflow_event")
        reference_problem_found.connect(
            reference_flagged, dispatch_uid="webhooks.reference_flagged"
        )
