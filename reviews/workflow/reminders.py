"""Reminders of a review's due date (docs/workflow.md "Reminders"): the DUE_JOBS job
`assignment_reminders_due` runs every minute (`manage.py run_due_jobs`), never in a
request. For each active assignment of a revision still in review it queues at most one
reminder `REVIEW_REMINDER_DAYS_BEFORE` days before the due date and one on the due date
(or on the first run after it, when the clock was down that day). Each reminder is
recorded (reviews.assigning.AssignmentReminder, unique per assignment, kind and due
date) in the transaction that enqueues its email, so a second run, or a second clock
running at the same moment, sends nothing twice."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews import tasks
from reviews.models import AssignmentReminder, AssignmentState, ReminderKind, ReviewAssignment
from reviews.workflow.rules import IN_REVIEW, _after_commit


def _kind_due(assignment: ReviewAssignment, today, days_before: int) -> str | None:
    if assignment.due_on <= today:
        return ReminderKind.DUE
    # Assigned inside the reminder window: the assignment's own email named the date.
    window_opens = assignment.due_on - timedelta(days=days_before)
    if days_before and today >= window_opens > timezone.localdate(assignment.assigned_at):
        return ReminderKind.BEFORE
    return None


def _remind(assignment: ReviewAssignment, kind: str, now) -> bool:
    """Record and enqueue one reminder; False when it was recorded before (by this job on
    an earlier run, or by another clock a moment ago)."""
    try:
        with transaction.atomic():
            reminder = AssignmentReminder.objects.create(
                assignment=assignment, kind=kind, due_on=assignment.due_on, created_at=now
            )
            _after_commit(tasks.notify_assignment_reminder, reminder_id=reminder.pk)
    except IntegrityError:
        return False
    return True


def assignment_reminders_due() -> int:
    """The DUE_JOBS job. Returns how many reminders it queued."""
    now = timezone.now()
    today = timezone.localdate(now)
    days_before = settings.REVIEW_REMINDER_DAYS_BEFORE
    candidates = ReviewAssignment.objects.filter(
        state=AssignmentState.ACTIVE,
        revision__state__in=IN_REVIEW,
        due_on__isnull=False,
        due_on__lte=today + timedelta(days=days_before),
    ).order_by("due_on", "pk")
    queued = 0
    for assignment in candidates:
        kind = _kind_due(assignment, today, days_before)
        if kind is None:
            continue
        if assignment.reminders.filter(kind=kind, due_on=assignment.due_on).exists():
            continue
        queued += _remind(assignment, kind, now)
    return queued
