"""Revisions at each stage of review, and a helper that proves a refusal changed nothing."""

from contextlib import contextmanager

import pytest

from articles.models import Article, Revision
from reviews.errors import WorkflowError
from reviews.models import ReviewAssignment, Signature, WorkflowEvent
from reviews.workflow import revision_start_review, revision_submit
from tests.conftest import make_article, make_board_member, make_user


@pytest.fixture
def article(editor):
    return make_article(editor)


@pytest.fixture
def submitted(article, editor):
    return revision_submit(article=article, actor=editor, comment="First version")


@pytest.fixture
def in_review(submitted, reviewer):
    return revision_start_review(revision=submitted, actor=reviewer)


@pytest.fixture
def reviewer3(db):
    user = make_user("reviewer3", email="reviewer3@example.com")
    make_board_member(user, name="Rosa Third", credentials="MD, PhD")
    return user


def _state(revision: Revision) -> tuple:
    revision = Revision.objects.get(pk=revision.pk)
    article = Article.objects.get(pk=revision.article_id)
    return (
        revision.state,
        revision.change_type,
        revision.decided_at,
        revision.reviewers,
        revision.history.count(),
        article.live_revision_id,
        article.pending_revision_id,
        article.last_reviewed_at,
        article.next_review_due,
        article.history.count(),
        Revision.objects.count(),
        WorkflowEvent.objects.count(),
        Signature.objects.count(),
        tuple(
            ReviewAssignment.objects.order_by("pk").values_list(
                "pk", "reviewer_id", "state", "due_on", "ended_at"
            )
        ),
        ReviewAssignment.history.count(),
    )


@contextmanager
def refused(revision: Revision, *, code: str, status: int):
    """Assert the block raises WorkflowError(code, status) and leaves everything as it was."""
    before = _state(revision)
    with pytest.raises(WorkflowError) as caught:
        yield caught
    assert (caught.value.code, caught.value.status) == (code, status), caught.value
    assert _state(revision) == before
