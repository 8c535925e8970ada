"""Who hears of a submission when reviewers are assigned: every board member whose approval
the quorum needs. Assignees (a specialty's rules assign at submission) when they can reach
the quorum alone; otherwise the assignees and the members eligible for the rest."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from reviews.assigning import AssignmentRule
from reviews.workflow import revision_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(reviewer, reviewer2, reviewer3):
    """reviewer covers musculoskeletal medicine; reviewer2 and reviewer3 do not."""
    for user in (reviewer, reviewer2, reviewer3):
        user.email = f"{user.username}@example.com"
        user.save()
    return reviewer, reviewer2, reviewer3


def rule(reviewer, admin_user, days: int = 7) -> AssignmentRule:
    made = AssignmentRule(specialty="Musculoskeletal medicine", reviewer=reviewer, due_days=days)
    made._history_user = admin_user
    made.save()
    return made


def submit(article, editor, callbacks) -> dict[str, str]:
    article.specialty = "Musculoskeletal medicine"
    article.save()
    with (
        time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False),
        callbacks(execute=True),
    ):
        revision_submit(article=article, actor=editor, comment="New")
    return {m.to[0]: m for m in mail.outbox}


def test_with_an_assignee_who_meets_the_quorum_only_the_assignee_is_told(
    article, editor, board, admin_user, django_capture_on_commit_callbacks
):
    rule(board[1], admin_user)

    sent = submit(article, editor, django_capture_on_commit_callbacks)

    assert list(sent) == ["reviewer2@example.com"]
    message = sent["reviewer2@example.com"]
    assert message.subject.endswith("Review by March 9: Back pain")
    assert "You are assigned to review this revision by Monday, March 9, 2026." in message.body


def test_when_assignees_fall_short_of_the_quorum_the_eligible_members_are_told_too(
    article, editor, board, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.REVIEW_QUORUM = 2
    rule(board[1], admin_user)

    sent = submit(article, editor, django_capture_on_commit_callbacks)

    # One more approval is needed: the specialty's member can give it.
    assert sorted(sent) == ["reviewer1@example.com", "reviewer2@example.com"]
    assert "Review needed" in sent["reviewer1@example.com"].subject
    assert "You are assigned" in sent["reviewer2@example.com"].body


def test_two_assignees_for_a_quorum_of_two_are_the_only_ones_told(
    article, editor, board, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.REVIEW_QUORUM = 2
    rule(board[1], admin_user)
    rule(board[2], admin_user, days=3)

    sent = submit(article, editor, django_capture_on_commit_callbacks)

    assert sorted(sent) == ["reviewer2@example.com", "reviewer3@example.com"]
    assert "Review by March 5" in sent["reviewer3@example.com"].subject


def test_without_assignees_the_members_who_can_reach_the_quorum_are_told(
    article, editor, board, settings, django_capture_on_commit_callbacks
):
    settings.REVIEW_QUORUM = 2  # one specialty member cannot reach it: the whole board

    sent = submit(article, editor, django_capture_on_commit_callbacks)

    assert sorted(sent) == [
        "reviewer1@example.com",
        "reviewer2@example.com",
        "reviewer3@example.com",
    ]


def test_a_translations_submission_tells_only_members_who_review_in_its_language(
    translation, editor, board, hispanist, django_capture_on_commit_callbacks
):
    hispanist.email = "hispanist@example.com"
    hispanist.save()

    with django_capture_on_commit_callbacks(execute=True):
        revision_submit(article=translation, actor=editor, comment="Spanish")

    # The quorum can only be reached by members who review in Spanish.
    assert [m.to for m in mail.outbox] == [["hispanist@example.com"]]
