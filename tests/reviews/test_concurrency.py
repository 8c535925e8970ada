"""Concurrent transitions on PostgreSQL: row locks make them queue, so an approval is
neither double-counted nor double-published, and the event chain never forks.

SQLite has no row locks (it serialises whole-database writes instead), so these tests only
mean something on PostgreSQL and are skipped elsewhere."""

import pytest

from articles.models import Article, RevisionState
from reviews.audit import audit_log_verify
from reviews.errors import WorkflowError
from reviews.models import Action, Signature, WorkflowEvent
from reviews.workflow import (
    claim_comment_add,
    revision_approve,
    revision_start_review,
    revision_submit,
)
from tests.conftest import PASSWORD, make_article
from tests.races import postgresql_only, race  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_only"),
]


def test_two_last_approvals_at_once_publish_exactly_once(editor, reviewer, reviewer2, reviewer3):
    article = make_article(editor)
    article.review_quorum = 2
    article.save()
    revision = revision_submit(article=article, actor=editor, comment="Dosing change")
    revision_start_review(revision=revision, actor=reviewer)
    revision_approve(revision=revision, actor=reviewer, password=PASSWORD)

    results = race(
        [
            lambda: revision_approve(revision=revision, actor=reviewer2, password=PASSWORD),
            lambda: revision_approve(revision=revision, actor=reviewer3, password=PASSWORD),
        ]
    )

    approved = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(approved) == 1, results
    assert len(refused) == 1 and isinstance(refused[0], WorkflowError), results
    assert refused[0].code == "already_approved"
    assert WorkflowEvent.objects.filter(action=Action.PUBLISH).count() == 1
    assert Signature.objects.filter(revision=revision).count() == 2
    revision.refresh_from_db()
    assert revision.state == RevisionState.APPROVED
    assert len(revision.reviewers) == 2
    assert Article.objects.get(pk=article.pk).live_revision_id == revision.pk
    assert audit_log_verify().ok


def test_concurrent_events_never_share_a_predecessor(editor, reviewer, reviewer2, reviewer3):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First")
    claim = revision.content["sections"][0]["claims"][0]["uuid"]

    results = race(
        [
            lambda actor=actor: claim_comment_add(
                revision=revision, actor=actor, claim_uuid=claim, text=f"Note by {actor}"
            )
            for actor in (reviewer, reviewer2, reviewer3, editor)
        ]
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    previous = list(WorkflowEvent.objects.values_list("previous_hash", flat=True))
    assert len(previous) == len(set(previous)) == 5
    report = audit_log_verify()
    assert report.ok, report.problem
