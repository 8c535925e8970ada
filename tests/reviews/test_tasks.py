"""Notification emails are background tasks: a decision's request only enqueues them after
its commit, and a worker sends them."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from reviews.workflow import revision_submit
from tests.conftest import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed(editor, reviewer):
    for user in (editor, reviewer):
        user.email = f"{user.username}@example.com"
        user.save()


def test_a_submission_enqueues_its_email_after_commit_and_the_worker_sends_it(
    article, editor, mailed, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        revision_submit(article=article, actor=editor, comment="New")
    # Nothing is queued before the commit: a rolled-back submission sends nothing.
    assert not DBTaskResult.objects.exists()

    for callback in callbacks:
        callback()

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "reviews.tasks.notify_submitted"
    assert mail.outbox == []  # the request sent nothing

    run_worker()

    assert [m.to for m in mail.outbox] == [["reviewer1@example.com"]]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


def test_a_rolled_back_submission_enqueues_nothing(
    article, editor, mailed, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            revision_submit(article=article, actor=editor, comment="New")
            raise RuntimeError("undo")

    assert not DBTaskResult.objects.exists()
