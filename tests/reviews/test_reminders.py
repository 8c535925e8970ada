"""Due-date reminders (reviews/workflow/reminders.py): the DUE_JOBS job reminds an
assigned reviewer once REVIEW_REMINDER_DAYS_BEFORE days before the due date and once on
it, records each, and sends nothing twice however often it runs."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from reviews.models import AssignmentReminder
from reviews.workflow import (
    assignment_create,
    assignment_due_set,
    assignment_reminders_due,
    revision_approve,
    revision_withdraw,
)
from tests.conftest import run_worker

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 3, 10)


def at(day: dt.date, hour: int = 8):
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), dt.UTC), tick=False)


@pytest.fixture
def assigned(submitted, chief, reviewer2, settings):
    settings.REVIEW_REMINDER_DAYS_BEFORE = 2
    reviewer2.email = "ravi@example.com"
    reviewer2.save()
    with at(dt.date(2026, 3, 1)):
        return assignment_create(revision=submitted, actor=chief, reviewer=reviewer2, due_on=DUE)


@pytest.fixture
def run_job(django_capture_on_commit_callbacks):
    def run(day: dt.date, hour: int = 8) -> list[str]:
        """Run the clock's command on `day`, its tasks after its commit (the suite runs
        tasks at once); returns the subjects of the emails sent."""
        mail.outbox.clear()
        with at(day, hour), django_capture_on_commit_callbacks(execute=True):
            call_command("run_due_jobs", stdout=StringIO())
        return [m.subject.split("] ", 1)[1] for m in mail.outbox]

    return run


def test_a_reminder_goes_once_before_the_due_date_and_once_on_it(assigned, run_job):
    assert run_job(dt.date(2026, 3, 7)) == []  # three days before: not yet
    before = run_job(dt.date(2026, 3, 8))
    assert run_job(dt.date(2026, 3, 8), hour=9) == []  # the same job again
    assert run_job(dt.date(2026, 3, 9)) == []  # the day between
    on_the_day = run_job(DUE)
    assert run_job(DUE, hour=23) == []
    assert run_job(dt.date(2026, 3, 11)) == []  # overdue: no daily nagging

    assert before == ["Review due March 10: Back pain"]
    assert on_the_day == ["Review due today: Back pain"]
    assert list(AssignmentReminder.objects.values_list("kind", "due_on")) == [
        ("before", DUE),
        ("due", DUE),
    ]


def test_running_the_job_twice_at_once_queues_each_reminder_once(assigned):
    with at(dt.date(2026, 3, 8)):
        assert assignment_reminders_due() == 1
        assert assignment_reminders_due() == 0
    assert AssignmentReminder.objects.count() == 1


def test_the_reminders_are_sent_by_the_worker_not_by_the_job(
    assigned, task_queue, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with at(DUE), django_capture_on_commit_callbacks(execute=True):
        assignment_reminders_due()
    # Enqueued once the job's reminder is recorded; the worker sends it.
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(
        task_path="reviews.tasks.notify_assignment_reminder"
    ).exists()

    with at(DUE):
        run_worker()

    assert [m.to for m in mail.outbox] == [["ravi@example.com"]]
    assert "is due today" in mail.outbox[0].body


def test_a_reviewer_who_decided_is_not_reminded(assigned, submitted, reviewer2, password):
    with at(dt.date(2026, 3, 5)):
        revision_approve(revision=submitted, actor=reviewer2, password=password)
    with at(DUE):
        assert assignment_reminders_due() == 0


def test_a_withdrawn_revision_sends_no_reminders(assigned, submitted, editor):
    revision_withdraw(revision=submitted, actor=editor)
    with at(DUE):
        assert assignment_reminders_due() == 0


def test_a_moved_due_date_gets_its_own_reminders(assigned, chief):
    with at(dt.date(2026, 3, 8)):
        assert assignment_reminders_due() == 1
        assignment_due_set(assignment=assigned, actor=chief, due_on=dt.date(2026, 3, 17))
    with at(dt.date(2026, 3, 15)):
        assert assignment_reminders_due() == 1
    assert list(AssignmentReminder.objects.values_list("kind", "due_on")) == [
        ("before", DUE),
        ("before", dt.date(2026, 3, 17)),
    ]


def test_an_assignment_made_inside_the_window_gets_only_the_due_day_reminder(
    submitted, chief, reviewer2, settings
):
    settings.REVIEW_REMINDER_DAYS_BEFORE = 2
    with at(dt.date(2026, 3, 9)):
        assignment_create(revision=submitted, actor=chief, reviewer=reviewer2, due_on=DUE)
        assert assignment_reminders_due() == 0
    with at(DUE):
        assert assignment_reminders_due() == 1


def test_no_reminder_before_when_the_setting_is_zero(assigned, settings):
    settings.REVIEW_REMINDER_DAYS_BEFORE = 0
    with at(dt.date(2026, 3, 9)):
        assert assignment_reminders_due() == 0
    with at(DUE):
        assert assignment_reminders_due() == 1


def test_the_reminder_job_is_one_of_the_due_jobs(settings):
    assert "reviews.workflow.assignment_reminders_due" in settings.DUE_JOBS
