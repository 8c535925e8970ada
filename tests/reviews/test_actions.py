"""What a page offers is exactly what the workflow allows: revision_actions asks the same
rules the transitions apply, so for every person and state the two agree."""

import pytest
from django.db import transaction
from django.utils import timezone

from articles.models import Revision
from reviews.errors import WorkflowError
from reviews.workflow import (
    article_reaffirm,
    assignment_create,
    revision_actions,
    revision_approve,
    revision_reclassify,
    revision_request_changes,
    revision_start_review,
    revision_withdraw,
)
from tests.conftest import PASSWORD, make_board_member

ACTIONS = {
    "start": lambda r, u, other: revision_start_review(revision=r, actor=u),
    "approve": lambda r, u, other: revision_approve(revision=r, actor=u, password=PASSWORD),
    "request_changes": lambda r, u, other: revision_request_changes(
        revision=r, actor=u, comment="Please cite the guideline."
    ),
    "withdraw": lambda r, u, other: revision_withdraw(revision=r, actor=u),
    "assign": lambda r, u, other: assignment_create(
        revision=r, actor=u, reviewer=other, due_on=timezone.localdate()
    ),
    "reaffirm": lambda r, u, other: article_reaffirm(article=r.article, actor=u, password=PASSWORD),
    "reclassify": lambda r, u, other: revision_reclassify(
        revision=r,
        actor=u,
        change_type="correction" if r.change_type != "correction" else "update",
        comment="A typo only.",
    ),
}


class _Undo(Exception):
    pass


def _allowed(action, revision, user, other) -> bool:
    """Whether the transition succeeds, leaving nothing behind either way."""
    try:
        with transaction.atomic():
            ACTIONS[action](Revision.objects.get(pk=revision.pk), user, other)
            raise _Undo
    except _Undo:
        return True
    except WorkflowError:
        return False


@pytest.fixture
def people(editor, reviewer, reviewer2, chief, outsider, reviewer3):
    author = editor
    make_board_member(chief, name="Chief Member")  # an editor-in-chief on the board
    return {
        "author": author,
        "reviewer": reviewer,
        "reviewer2": reviewer2,
        "chief": chief,
        "outsider": outsider,
    }


@pytest.fixture(params=["submitted", "under_review", "signed_once", "live", "withdrawn"])
def revision(request, submitted, reviewer, reviewer2, editor, article):
    state = request.param
    if state == "submitted":
        return submitted
    if state == "withdrawn":
        return revision_withdraw(revision=submitted, actor=editor)
    revision_start_review(revision=submitted, actor=reviewer)
    if state == "signed_once":
        article.review_quorum = 2
        article.save()
        revision_approve(revision=submitted, actor=reviewer, password=PASSWORD)
    if state == "live":
        revision_approve(revision=submitted, actor=reviewer, password=PASSWORD)
    return Revision.objects.select_related("article").get(pk=submitted.pk)


@pytest.mark.parametrize("who", ["author", "reviewer", "reviewer2", "chief", "outsider"])
def test_each_offered_action_is_one_the_workflow_allows(revision, people, reviewer3, who):
    user = people[who]
    offered = revision_actions(user=user, revision=revision)
    for action in ACTIONS:
        assert getattr(offered, action) == _allowed(action, revision, user, reviewer3), (
            action,
            who,
            revision.state,
        )
