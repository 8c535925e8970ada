"""Deliveries as tasks (Django's tasks API, the django-tasks backport on Django 5.2): a
worker runs them, never a reader's or reviewer's request.

The immediate backend (django-tasks' default when settings.TASKS names none) would run a
task inside the request that enqueues it, so with it nothing is enqueued: the deliveries
wait, recorded, for the clock (webhooks.delivery.webhooks_deliver_due in DUE_JOBS, which
`manage.py run_due_jobs` runs every minute; `manage.py deliver_webhooks` by hand). With a
backend that has a worker (the database backend, RQ) each delivery is a task, and each
retry a task deferred to its time."""

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from webhooks.delivery import delivery_attempt


@task()
def webhook_deliver(delivery_id: int) -> None:
    """One attempt; a failed one enqueues the next itself (webhooks.delivery)."""
    delivery_attempt(delivery_id=delivery_id)


def delivery_enqueue(*, delivery_id: int, run_after=None) -> bool:
    """Queue an attempt, now or at `run_after`; False when the backend has no worker to
    hand it to (or cannot defer a retry), and the delivery waits for deliver_webhooks."""
    backend = webhook_deliver.get_backend()
    if isinstance(backend, ImmediateBackend):
        return False
    if run_after is None:
        webhook_deliver.enqueue(delivery_id)
        return True
    if not backend.supports_defer:
        return False
    webhook_deliver.using(run_after=run_after).enqueue(delivery_id)
    return True
