"""Two clocks running the reminder job at the same moment on PostgreSQL: the reminder's
unique record makes the second insert wait for the first, then give way; each reminder
is queued once."""

import datetime as dt

import pytest
import time_machine

from reviews.models import AssignmentReminder
from reviews.workflow import assignment_create, assignment_reminders_due, revision_submit
from tests.conftest import make_article
from tests.races import postgresql_only, race  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_only"),
]

DUE = dt.date(2026, 3, 10)


def test_two_clocks_at_once_queue_each_reminder_once(editor, chief, reviewer, reviewer2):
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        for n, member in enumerate((reviewer, reviewer2)):
            article = make_article(editor, slug=f"topic-{n}", question=f"Question {n}?")
            revision = revision_submit(article=article, actor=editor, comment="New")
            assignment_create(revision=revision, actor=chief, reviewer=member, due_on=DUE)

    with time_machine.travel(dt.datetime(2026, 3, 10, 6, tzinfo=dt.UTC), tick=False):
        results = race([assignment_reminders_due, assignment_reminders_due])

    assert sum(results) == 2, results
    assert sorted(AssignmentReminder.objects.values_list("kind", flat=True)) == ["due", "due"]
