"""Two workers running the publishing (or withdrawal) job at once on PostgreSQL: the row
lock makes the second wait, then find the revision published (the article withdrawn); it
happens exactly once."""

import datetime as dt

import pytest
import time_machine

from articles.models import Article, RevisionState
from reviews.audit import audit_log_verify
from reviews.models import Action, WorkflowEvent
from reviews.workflow import (
    article_withdraw_scheduled,
    article_withdrawal_schedule,
    articles_withdraw_due,
    revision_approve,
    revision_publish_scheduled,
    revision_schedule,
    revision_start_review,
    revision_submit,
    revisions_publish_due,
)
from tests.conftest import PASSWORD, make_article
from tests.races import postgresql_only, race  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_only"),
]

GO_LIVE = dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("job", [revisions_publish_due, "one revision"])
def test_a_scheduled_revision_goes_live_exactly_once_when_two_workers_run_the_job(
    editor, reviewer, job
):
    with time_machine.travel(GO_LIVE - dt.timedelta(days=1), tick=False):
        revision = revision_submit(article=make_article(editor), actor=editor, comment="New")
        revision_start_review(revision=revision, actor=reviewer)
        revision_schedule(revision=revision, actor=editor, publish_at=GO_LIVE)
        revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
    if job == "one revision":

        def job():
            return revision_publish_scheduled(revision_id=revision.pk)

    with time_machine.travel(GO_LIVE + dt.timedelta(minutes=1), tick=False):
        results = race([job, job])

    assert sorted(int(r) for r in results) == [0, 1], results
    assert WorkflowEvent.objects.filter(action=Action.PUBLISH).count() == 1
    revision.refresh_from_db()
    assert revision.state == RevisionState.APPROVED
    assert Article.objects.get(pk=revision.article_id).live_revision_id == revision.pk
    assert audit_log_verify().ok


@pytest.mark.parametrize("job", [articles_withdraw_due, "one article"])
def test_a_scheduled_withdrawal_happens_exactly_once_when_two_workers_run_the_job(
    editor, reviewer, chief, job
):
    with time_machine.travel(GO_LIVE - dt.timedelta(days=1), tick=False):
        article = make_article(editor)
        revision = revision_submit(article=article, actor=editor, comment="New")
        revision_approve(revision=revision, actor=reviewer, password=PASSWORD)
        article_withdrawal_schedule(
            article=article, actor=chief, reason="Outdated advice", withdraw_at=GO_LIVE
        )
    if job == "one article":

        def job():
            return article_withdraw_scheduled(article_id=article.pk)

    with time_machine.travel(GO_LIVE + dt.timedelta(minutes=1), tick=False):
        results = race([job, job])

    assert sorted(int(r) for r in results) == [0, 1], results
    assert WorkflowEvent.objects.filter(action=Action.WITHDRAW_ARTICLE).count() == 1
    article.refresh_from_db()
    assert (article.withdraw_at, article.withdrawn_at) == (None, GO_LIVE + dt.timedelta(minutes=1))
    assert audit_log_verify().ok
