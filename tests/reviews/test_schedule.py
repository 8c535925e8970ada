"""Scheduled publishing: the schedule is signed, publishing refuses a schedule changed after
approval, and the clock publishes a scheduled revision once, at its time."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from articles.models import Article, RevisionState
from reviews.audit import audit_log_verify
from reviews.errors import WorkflowError
from reviews.models import Action, Signature, WorkflowEvent
from reviews.workflow import (
    revision_actions,
    revision_approve,
    revision_publish_scheduled,
    revision_schedule,
    revision_withdraw,
    revisions_publish_due,
    schedule_phrase,
)
from tests.conftest import PASSWORD
from tests.reviews.conftest import refused

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
GO_LIVE = dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def scheduled(in_review, editor, reviewer, clock):
    revision_schedule(revision=in_review, actor=editor, publish_at=GO_LIVE)
    return revision_approve(revision=in_review, actor=reviewer, password=PASSWORD)


def test_an_approval_of_a_scheduled_revision_waits_for_its_time_with_the_schedule_signed(
    scheduled,
):
    assert scheduled.state == RevisionState.SCHEDULED
    article = Article.objects.get(pk=scheduled.article_id)
    assert article.live_revision_id is None
    assert article.pending_revision_id == scheduled.pk
    assert Signature.objects.get(revision=scheduled).publish_at == GO_LIVE
    approval = WorkflowEvent.objects.get(action=Action.APPROVE)
    # The signature's fields are in the chain's HMAC, the schedule with them.
    assert approval.details["signature"]["publish_at"] == GO_LIVE.isoformat()
    assert audit_log_verify().ok


def test_the_clock_publishes_a_scheduled_revision_at_its_time_and_only_once(scheduled, clock):
    assert revisions_publish_due() == 0  # not yet
    clock.move_to(GO_LIVE + dt.timedelta(seconds=30))

    call_command("run_due_jobs", verbosity=0)
    assert revisions_publish_due() == 0

    scheduled.refresh_from_db()
    assert scheduled.state == RevisionState.APPROVED
    assert Article.objects.get(pk=scheduled.article_id).live_revision_id == scheduled.pk
    [publication] = WorkflowEvent.objects.filter(action=Action.PUBLISH)
    assert (publication.from_state, publication.to_state) == ("scheduled", "approved")
    assert audit_log_verify().ok


def test_a_schedule_changed_after_approval_refuses_to_publish(scheduled, editor, clock):
    later = GO_LIVE + dt.timedelta(days=1)
    revision_schedule(revision=scheduled, actor=editor, publish_at=later)
    clock.move_to(later + dt.timedelta(minutes=1))

    with pytest.raises(WorkflowError) as refusal:
        revision_publish_scheduled(revision_id=scheduled.pk)
    assert refusal.value.code == "schedule_changed"
    assert revisions_publish_due() == 0

    scheduled.refresh_from_db()
    assert scheduled.state == RevisionState.SCHEDULED
    assert Article.objects.get(pk=scheduled.article_id).live_revision_id is None
    assert not WorkflowEvent.objects.filter(action=Action.PUBLISH).exists()
    assert WorkflowEvent.objects.filter(action=Action.SCHEDULE).count() == 3
    assert audit_log_verify().ok


def test_a_schedule_changed_between_two_signatures_refuses_the_approval_that_would_publish(
    in_review, editor, reviewer, reviewer2, clock
):
    article = Article.objects.get(pk=in_review.article_id)
    article.review_quorum = 2
    article.save()
    revision_schedule(revision=in_review, actor=editor, publish_at=GO_LIVE)
    revision_approve(revision=in_review, actor=reviewer, password=PASSWORD)
    revision_schedule(revision=in_review, actor=editor, publish_at=None)

    with refused(in_review, code="schedule_changed", status=409):
        revision_approve(revision=in_review, actor=reviewer2, password=PASSWORD)


def test_only_the_submitter_or_an_editor_in_chief_sets_a_future_schedule(
    in_review, editor2, editor, clock
):
    with refused(in_review, code="not_submitter", status=403):
        revision_schedule(revision=in_review, actor=editor2, publish_at=GO_LIVE)
    with refused(in_review, code="schedule_past", status=400):
        revision_schedule(revision=in_review, actor=editor, publish_at=NOW)


def test_a_scheduled_first_revision_reads_as_under_review_until_its_time(
    scheduled, client, clock, settings
):
    settings.ARTICLES_SHOW_PENDING = True
    article = Article.objects.get(pk=scheduled.article_id)

    page = client.get(article.get_absolute_url())

    assert page.status_code == 200
    assert "Under Review" in page.content.decode()


def test_a_scheduled_revision_offers_only_withdrawing_to_its_submitter_and_nothing_to_decide(
    scheduled, editor, reviewer2
):
    mine = revision_actions(user=editor, revision=scheduled)
    board = revision_actions(user=reviewer2, revision=scheduled)

    assert mine.withdraw
    assert not (board.approve or board.request_changes or board.assign or board.reclassify)


def test_withdrawing_a_scheduled_revision_cancels_its_publication(scheduled, editor, clock):
    revision_withdraw(revision=scheduled, actor=editor, comment="Not yet")
    clock.move_to(GO_LIVE + dt.timedelta(minutes=1))

    assert revisions_publish_due() == 0
    assert Article.objects.get(pk=scheduled.article_id).live_revision_id is None
    assert audit_log_verify().ok


def test_the_time_a_message_names_is_written_in_the_readers_language():
    moment = dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.UTC)
    with translation.override("es"):
        assert schedule_phrase(None) == "en cuanto se apruebe"
        assert schedule_phrase(moment) == "el 2026-03-03 06:00 UTC"
    with translation.override("en"):
        assert schedule_phrase(moment) == "at 2026-03-03 06:00 UTC"
