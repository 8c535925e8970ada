"""Emails go out after the decision is committed, and a broken mail server never undoes it."""

import datetime as dt
import logging

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from articles.models import Article, RevisionState
from reviews.notifications import review_reminders_send
from reviews.workflow import (
    revision_approve,
    revision_request_changes,
    revision_start_review,
    revision_submit,
)
from tests.conftest import make_board_member, make_user


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def board(reviewer, reviewer2):
    """Both reviewers with email addresses; only the first covers musculoskeletal medicine."""
    for user in (reviewer, reviewer2):
        user.email = f"{user.username}@example.com"
        user.save()
    return reviewer, reviewer2


@pytest.fixture
def mailed_editor(editor):
    editor.email = "editor@example.com"
    editor.save()
    return editor


def test_submission_emails_the_board_members_of_the_articles_specialty(
    article, mailed_editor, board, django_capture_on_commit_callbacks
):
    article.specialty = "Musculoskeletal medicine"
    article.save()

    with django_capture_on_commit_callbacks(execute=True):
        revision = revision_submit(article=article, actor=mailed_editor, comment="New")

    assert [m.to for m in mail.outbox] == [["reviewer1@example.com"]]
    assert "Review needed: Back pain" in mail.outbox[0].subject
    assert f"/review/revisions/{revision.pk}/" in mail.outbox[0].body


def test_submission_emails_the_whole_board_when_no_specialty_matches(
    article, mailed_editor, board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision_submit(article=article, actor=mailed_editor, comment="New")

    assert sorted(m.to[0] for m in mail.outbox) == [
        "reviewer1@example.com",
        "reviewer2@example.com",
    ]


def test_submission_does_not_email_a_board_member_who_authored_it(
    article, board, django_capture_on_commit_callbacks
):
    author = make_user("author-md", email="author@example.com", groups=["Editors-in-chief"])
    make_board_member(author, name="Author MD")

    with django_capture_on_commit_callbacks(execute=True):
        revision_submit(article=article, actor=author, comment="New")

    assert "author@example.com" not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 2


def test_no_email_is_sent_when_the_transition_is_refused(
    article, board, editor2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017
        revision_submit(article=article, actor=editor2, comment="Not my article")
    assert mail.outbox == []


def test_approval_emails_the_submitter(
    article, mailed_editor, board, password, django_capture_on_commit_callbacks
):
    revision = revision_submit(article=article, actor=mailed_editor, comment="New")
    revision_start_review(revision=revision, actor=board[0])

    with django_capture_on_commit_callbacks(execute=True):
        revision_approve(revision=revision, actor=board[0], password=password)

    assert [m.to for m in mail.outbox] == [["editor@example.com"]]
    assert "Approved and published" in mail.outbox[0].subject
    assert "Rhea Viewer, MD, FACP" in mail.outbox[0].body


def test_a_changes_request_emails_the_submitter_with_the_comment(
    article, mailed_editor, board, django_capture_on_commit_callbacks
):
    revision = revision_submit(article=article, actor=mailed_editor, comment="New")
    revision_start_review(revision=revision, actor=board[0])

    with django_capture_on_commit_callbacks(execute=True):
        revision_request_changes(
            revision=revision, actor=board[0], comment="Add the NICE guideline."
        )

    assert [m.to for m in mail.outbox] == [["editor@example.com"]]
    assert "Add the NICE guideline." in mail.outbox[0].body
    assert "Rhea Viewer" in mail.outbox[0].body


def test_a_failing_mail_server_does_not_undo_the_approval(
    article, mailed_editor, board, password, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.reviews.test_notifications.FailingBackend"
    revision = revision_submit(article=article, actor=mailed_editor, comment="New")
    revision_start_review(revision=revision, actor=board[0])

    with (
        caplog.at_level(logging.ERROR, logger="reviews.notifications"),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        revision_approve(revision=revision, actor=board[0], password=password)
        # Nothing is sent inside the transaction: only once it has committed.
        assert "Could not send the email" not in caplog.text
    for callback in callbacks:
        callback()

    revision.refresh_from_db()
    assert revision.state == RevisionState.APPROVED
    assert Article.objects.get(pk=article.pk).live_revision_id == revision.pk
    assert "Could not send the email" in caplog.text
    assert "mail server down" in caplog.text


@pytest.fixture
def due_article(article, editor, board, password):
    revision = revision_submit(article=article, actor=editor, comment="New")
    revision_start_review(revision=revision, actor=board[0])
    with time_machine.travel(dt.datetime(2025, 2, 1, tzinfo=dt.UTC), tick=False):
        revision_approve(revision=revision, actor=board[0], password=password)
    return Article.objects.get(pk=article.pk)


def test_reminders_list_articles_whose_re_review_is_due(due_article, board):
    assert due_article.next_review_due == dt.date(2026, 2, 1)

    with time_machine.travel(dt.datetime(2026, 1, 31, tzinfo=dt.UTC)):
        assert review_reminders_send() == 0
    with time_machine.travel(dt.datetime(2026, 2, 1, 8, tzinfo=dt.UTC)):
        sent = review_reminders_send()

    assert sent == 2
    assert "Back pain (due 2026-02-01)" in mail.outbox[0].body


def test_the_reminder_command_reports_how_many_emails_it_sent(due_article, capsys):
    with time_machine.travel(dt.datetime(2026, 3, 1, tzinfo=dt.UTC)):
        call_command("send_review_reminders")
    assert "Sent 2 reminder email(s)." in capsys.readouterr().out


def test_the_reminder_command_can_list_without_sending(due_article, capsys):
    with time_machine.travel(dt.datetime(2026, 3, 1, tzinfo=dt.UTC)):
        call_command("send_review_reminders", "--dry-run")
    assert "2026-02-01  back-pain" in capsys.readouterr().out
    assert mail.outbox == []


def test_links_in_emails_use_the_public_address_not_the_sites_record(
    article, mailed_editor, board, password, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "https://answers.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        revision = revision_submit(article=article, actor=mailed_editor, comment="New")
    revision_start_review(revision=revision, actor=board[0])
    with django_capture_on_commit_callbacks(execute=True):
        revision_approve(revision=revision, actor=board[0], password=password)

    review_link = f"https://answers.example.org/review/revisions/{revision.pk}/"
    page_link = f"https://answers.example.org{article.get_absolute_url()}"
    bodies = {m.subject.split("] ", 1)[1].split(":")[0]: m.body for m in mail.outbox}
    assert review_link in bodies["Review needed"]
    assert page_link in bodies["Approved and published"]
    assert not [m for m in mail.outbox if "localhost" in m.body]


def test_with_a_quorum_above_the_specialists_every_member_who_can_approve_is_asked(
    article, mailed_editor, board, reviewer3, django_capture_on_commit_callbacks
):
    """One musculoskeletal specialist cannot make a quorum of two alone: the approval that
    is missing has to come from the others, so they are asked too."""
    article.specialty = "Musculoskeletal medicine"
    article.review_quorum = 2
    article.save()
    away = make_user("away", email="away@example.com")
    make_board_member(away, name="Away MD", specialties=["Musculoskeletal medicine"])
    away.board_member.is_active = False
    away.board_member.save()

    with django_capture_on_commit_callbacks(execute=True):
        revision_submit(article=article, actor=mailed_editor, comment="New")

    assert sorted(m.to[0] for m in mail.outbox) == [
        "reviewer1@example.com",
        "reviewer2@example.com",
        "reviewer3@example.com",
    ]
    assert all("Review needed: Back pain" in m.subject for m in mail.outbox)


def test_specialists_who_can_make_the_quorum_alone_are_the_only_ones_asked(
    article, mailed_editor, board, reviewer3, django_capture_on_commit_callbacks
):
    article.specialty = "Musculoskeletal medicine"
    article.review_quorum = 2
    article.save()
    reviewer3.board_member.specialties = ["Musculoskeletal medicine"]
    reviewer3.board_member.save()

    with django_capture_on_commit_callbacks(execute=True):
        revision_submit(article=article, actor=mailed_editor, comment="New")

    assert sorted(m.to[0] for m in mail.outbox) == [
        "reviewer1@example.com",
        "reviewer3@example.com",
    ]
