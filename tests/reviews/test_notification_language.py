"""Each email is written in its recipient's language: a board member's first review
language when the interface speaks it, else the site's default (nobody else has a language
on record), whatever language the action that sent it was taken in."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from reviews import assignment_notifications, notifications
from reviews.models import BoardMember
from reviews.notifications import recipient_language
from reviews.workflow import (
    assignment_create,
    assignment_due_set,
    revision_approve,
    revision_submit,
)
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 3, 9)


@pytest.fixture(autouse=True)
def _monday_before():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        yield


def _speaks(user, *languages: str) -> None:
    BoardMember.objects.filter(user=user).update(languages=list(languages))
    user.email = f"{user.username}@example.com"
    user.save()


@pytest.fixture
def submitted(editor):
    return revision_submit(article=make_article(editor), actor=editor, comment="First version")


def _assign(submitted, chief, reviewer):
    return assignment_create(revision=submitted, actor=chief, reviewer=reviewer, due_on=DUE)


def test_a_member_who_reviews_in_spanish_first_is_asked_to_review_in_spanish(
    submitted, chief, reviewer2
):
    _speaks(reviewer2, "es", "en")
    assignment = _assign(submitted, chief, reviewer2)

    notifications.notify_assigned(assignment_id=assignment.pk)

    (message,) = mail.outbox
    assert message.subject.endswith("Por favor, revise: Back pain")
    assert (
        "le pidió que revise la revisión 1 de «Back pain» antes del lunes 9 de marzo de 2026."
        in (message.body)
    )


def test_a_member_who_lists_english_first_is_written_to_in_english(submitted, chief, reviewer2):
    _speaks(reviewer2, "en", "es")
    assignment = _assign(submitted, chief, reviewer2)

    notifications.notify_assigned(assignment_id=assignment.pk)

    assert 'asked you to review revision 1 of "Back pain" by Monday, March 9, 2026.' in (
        mail.outbox[0].body
    )


def test_a_moved_due_date_reaches_a_spanish_member_in_spanish(submitted, chief, reviewer2):
    _speaks(reviewer2, "es", "en")
    assignment = _assign(submitted, chief, reviewer2)
    later = assignment_due_set(assignment=assignment, actor=chief, due_on=DUE + dt.timedelta(3))

    assignment_notifications.notify_due_changed(assignment_id=later.pk)

    (message,) = mail.outbox
    assert message.subject.endswith("Nueva fecha límite: Back pain")
    assert "antes del jueves 12 de marzo de 2026." in message.body


def test_editors_are_written_to_in_the_sites_language_even_after_a_spanish_decision(
    submitted, editor, reviewer, password
):
    _speaks(reviewer, "es", "en")
    editor.email = "editor@example.com"
    editor.save()
    with translation.override("es"):
        approved = revision_approve(revision=submitted, actor=reviewer, password=password)
        notifications.notify_approved(revision_id=approved.pk)

    assert [m.to for m in mail.outbox] == [["editor@example.com"]]
    assert all(m.subject.endswith("Approved and published: Back pain") for m in mail.outbox)


def test_a_person_without_a_language_on_record_gets_the_sites_default(editor, settings):
    assert recipient_language(editor) == settings.LANGUAGE_CODE


def test_a_review_language_the_interface_does_not_speak_falls_back_to_the_default(
    reviewer, settings
):
    _speaks(reviewer, "de", "es")
    assert recipient_language(reviewer) == settings.LANGUAGE_CODE
