"""Emails about assignments besides the first one (reviews.notifications.notify_assigned):
a reviewer taken off a review, a due date moved, the reminders. Sent by the worker
(reviews/tasks.py) after the change commits; each checks the assignment is still what
the email says, since a later change may have come before the worker."""

from django.utils import timezone

from reviews.models import AssignmentReminder, AssignmentState, ReminderKind, ReviewAssignment
from reviews.notifications import _guarded, _review_link, _send, day


def _assignment(assignment_id: int) -> ReviewAssignment:
    return ReviewAssignment.objects.select_related(
        "revision__article", "reviewer", "assigned_by"
    ).get(pk=assignment_id)


@_guarded
def notify_released(*, assignment_id: int) -> int:
    assignment = _assignment(assignment_id)
    revision = assignment.revision
    how = "given to another board member" if assignment.state == "reassigned" else "cancelled"
    body = (
        f'Your review of revision {revision.number} of "{revision.article.display_title}" '
        f"was {how}; nothing more is needed from you on it.\n\n{_review_link(revision)}\n"
    )
    return _send(
        subject=f"No longer assigned: {revision.article.display_title}",
        body=body,
        to=[assignment.reviewer.email],
    )


@_guarded
def notify_due_changed(*, assignment_id: int) -> int:
    assignment = _assignment(assignment_id)
    if assignment.state != AssignmentState.ACTIVE:
        return 0
    revision = assignment.revision
    body = (
        f'Your review of revision {revision.number} of "{revision.article.display_title}" '
        f"is now due by {day(assignment.due_on)}.\n\n{_review_link(revision)}\n"
    )
    return _send(
        subject=f"New due date: {revision.article.display_title}",
        body=body,
        to=[assignment.reviewer.email],
    )


@_guarded
def notify_assignment_reminder(*, reminder_id: int) -> int:
    reminder = AssignmentReminder.objects.select_related(
        "assignment__revision__article", "assignment__reviewer"
    ).get(pk=reminder_id)
    assignment = reminder.assignment
    # Decided, reassigned or moved since the reminder was queued: it would be wrong now.
    if assignment.state != AssignmentState.ACTIVE or assignment.due_on != reminder.due_on:
        return 0
    revision = assignment.revision
    title = revision.article.display_title
    if reminder.kind == ReminderKind.BEFORE:
        subject = f"Review due {day(reminder.due_on, short=True)}: {title}"
        when = f"is due by {day(reminder.due_on)}"
    elif reminder.due_on == timezone.localdate():
        subject, when = f"Review due today: {title}", "is due today"
    else:
        subject = f"Review overdue: {title}"
        when = f"was due on {day(reminder.due_on)}"
    body = (
        f'Your review of revision {revision.number} of "{title}" {when}. Approve it or '
        f"request changes on the review page:\n\n{_review_link(revision)}\n"
    )
    return _send(subject=subject, body=body, to=[assignment.reviewer.email])
