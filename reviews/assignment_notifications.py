"""Emails about assignments besides the first one (reviews.notifications.notify_assigned):
a reviewer taken off a review, a due date moved, the reminders. Sent by the worker
(reviews/tasks.py) after the change commits; each checks the assignment is still what
the email says, since a later change may have come before the worker. Each is written in
the reviewer's language (reviews.notifications.recipient_language)."""

from django.utils import timezone, translation
from django.utils.translation import gettext

from reviews.models import AssignmentReminder, AssignmentState, ReminderKind, ReviewAssignment
from reviews.notifications import _guarded, _review_link, _send, day, recipient_language


def _assignment(assignment_id: int) -> ReviewAssignment:
    return ReviewAssignment.objects.select_related(
        "revision__article", "reviewer", "assigned_by"
    ).get(pk=assignment_id)


def _values(assignment: ReviewAssignment) -> dict:
    revision = assignment.revision
    return {
        "number": revision.number,
        "title": revision.article.display_title,
        "link": _review_link(revision),
    }


@_guarded
def notify_released(*, assignment_id: int) -> int:
    assignment = _assignment(assignment_id)
    values = _values(assignment)
    with translation.override(recipient_language(assignment.reviewer)):
        if assignment.state == "reassigned":
            body = gettext(
                'Your review of revision %(number)s of "%(title)s" was given to another board '
                "member; nothing more is needed from you on it.\n\n%(link)s\n"
            )
        else:
            body = gettext(
                'Your review of revision %(number)s of "%(title)s" was cancelled; nothing more '
                "is needed from you on it.\n\n%(link)s\n"
            )
        return _send(
            subject=gettext("No longer assigned: %(title)s") % values,
            body=body % values,
            to=[assignment.reviewer.email],
        )


@_guarded
def notify_due_changed(*, assignment_id: int) -> int:
    assignment = _assignment(assignment_id)
    if assignment.state != AssignmentState.ACTIVE:
        return 0
    values = _values(assignment)
    with translation.override(recipient_language(assignment.reviewer)):
        values["day"] = day(assignment.due_on)
        body = gettext(
            'Your review of revision %(number)s of "%(title)s" is now due by %(day)s.\n\n%(link)s\n'
        )
        return _send(
            subject=gettext("New due date: %(title)s") % values,
            body=body % values,
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
    values = _values(assignment)
    with translation.override(recipient_language(assignment.reviewer)):
        values["day"] = day(reminder.due_on)
        values["short"] = day(reminder.due_on, short=True)
        if reminder.kind == ReminderKind.BEFORE:
            subject = gettext("Review due %(short)s: %(title)s")
            body = gettext('Your review of revision %(number)s of "%(title)s" is due by %(day)s.')
        elif reminder.due_on == timezone.localdate():
            subject = gettext("Review due today: %(title)s")
            body = gettext('Your review of revision %(number)s of "%(title)s" is due today.')
        else:
            subject = gettext("Review overdue: %(title)s")
            body = gettext('Your review of revision %(number)s of "%(title)s" was due on %(day)s.')
        act = gettext("Approve it or request changes on the review page:")
        return _send(
            subject=subject % values,
            body=f"{body % values} {act}\n\n{values['link']}\n",
            to=[assignment.reviewer.email],
        )
