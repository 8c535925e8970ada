"""The review workflow's background work, as django-tasks tasks (docs/operations.md
"Background work"). The workflow enqueues them after its transaction commits
(reviews.workflow.rules._after_commit), so a worker sends what is already saved and no
reader's or reviewer's request waits on a mail server. Each takes only JSON-safe ids; each
notification is guarded (reviews.notifications), so a failing mail server is a log entry
and a metric, not a task retried into duplicate emails."""

from django_tasks import task

from reviews import notifications


@task()
def notify_submitted(*, revision_id: int) -> int:
    return notifications.notify_submitted(revision_id=revision_id)


@task()
def notify_approved(*, revision_id: int) -> int:
    return notifications.notify_approved(revision_id=revision_id)


@task()
def notify_changes_requested(*, revision_id: int) -> int:
    return notifications.notify_changes_requested(revision_id=revision_id)


@task()
def notify_assigned(*, assignment_id: int) -> int:
    return notifications.notify_assigned(assignment_id=assignment_id)


@task()
def notify_released(*, assignment_id: int) -> int:
    from reviews import assignment_notifications  # it imports notifications, mid-import here

    return assignment_notifications.notify_released(assignment_id=assignment_id)


@task()
def notify_due_changed(*, assignment_id: int) -> int:
    from reviews import assignment_notifications  # it imports notifications, mid-import here

    return assignment_notifications.notify_due_changed(assignment_id=assignment_id)


@task()
def notify_assignment_reminder(*, reminder_id: int) -> int:
    from reviews import assignment_notifications  # it imports notifications, mid-import here

    return assignment_notifications.notify_assignment_reminder(reminder_id=reminder_id)
