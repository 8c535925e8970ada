"""Assigning reviewers with due dates (reviews/workflow/assignments.py): who may assign
whom, the due date, reassigning, moving the date, cancelling, the specialty rules, and
that every change is in the assignment's history and the event chain."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from articles.lists import Specialty
from reviews.assigning import AssignmentRule
from reviews.audit import audit_log_verify
from reviews.models import Action, AssignmentState, BoardMember, ReviewAssignment, WorkflowEvent
from reviews.workflow import (
    assignment_cancel,
    assignment_create,
    assignment_due_set,
    assignment_reassign,
    revision_approve,
    revision_request_changes,
    revision_submit,
    revision_withdraw,
)
from tests.conftest import make_board_member
from tests.reviews.conftest import refused

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)
NOON = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def assigned(submitted, chief, reviewer2):
    return assignment_create(
        revision=submitted, actor=chief, reviewer=reviewer2, due_on=dt.date(2026, 3, 9)
    )


def last_event() -> WorkflowEvent:
    return WorkflowEvent.objects.latest("pk")


# --- create -----------------------------------------------------------------------------


def test_an_editor_in_chief_assigns_a_reviewer_with_a_due_date(assigned, chief, reviewer2):
    assert (assigned.reviewer, assigned.assigned_by) == (reviewer2, chief)
    assert (assigned.state, assigned.due_on) == (AssignmentState.ACTIVE, dt.date(2026, 3, 9))
    event = last_event()
    assert (event.action, event.actor) == (Action.ASSIGN, chief)
    assert event.comment == "Assigned to Ravi Second, PharmD, due 2026-03-09"
    assert event.details["due_on"] == "2026-03-09"
    assert event.details["reviewer"] == reviewer2.pk
    assert assigned.history.get().history_user == chief


def test_the_assigned_reviewer_is_emailed_the_due_date(
    submitted, chief, reviewer2, django_capture_on_commit_callbacks
):
    reviewer2.email = "ravi@example.com"
    reviewer2.save()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_create(
            revision=submitted, actor=chief, reviewer=reviewer2, due_on=dt.date(2026, 3, 9)
        )

    assert [m.to for m in mail.outbox] == [["ravi@example.com"]]
    assert "by Monday, March 9, 2026" in mail.outbox[0].body


def test_a_due_date_of_today_is_accepted(submitted, chief, reviewer2):
    made = assignment_create(revision=submitted, actor=chief, reviewer=reviewer2, due_on=TODAY)
    assert made.due_on == TODAY


def test_a_due_date_in_the_past_is_refused(submitted, chief, reviewer2):
    with refused(submitted, code="due_in_past", status=400) as caught:
        assignment_create(
            revision=submitted, actor=chief, reviewer=reviewer2, due_on=dt.date(2026, 3, 1)
        )
    assert str(caught.value) == "The due date is in the past; choose today or a later day."


def test_a_due_date_is_required(submitted, chief, reviewer2):
    with refused(submitted, code="due_required", status=400):
        assignment_create(revision=submitted, actor=chief, reviewer=reviewer2, due_on=None)


def test_only_an_editor_in_chief_assigns_reviewers(submitted, editor, reviewer, reviewer2):
    for actor in (editor, reviewer):
        with refused(submitted, code="not_editor_in_chief", status=403):
            assignment_create(revision=submitted, actor=actor, reviewer=reviewer2, due_on=TODAY)


def test_an_author_cannot_be_assigned_to_review(submitted, chief, editor):
    make_board_member(editor, name="Eda Editor")
    with refused(submitted, code="reviewer_is_author", status=400) as caught:
        assignment_create(revision=submitted, actor=chief, reviewer=editor, due_on=TODAY)
    assert str(caught.value) == "Eda Editor made changes in this revision and cannot review it."


def test_an_editor_in_chief_on_the_board_cannot_assign_a_revision_to_themselves_when_they_submitted_it(  # noqa: E501
    article, chief
):
    make_board_member(chief, name="Chloe Chief")
    revision = revision_submit(article=article, actor=chief, comment="Tidied the lead")
    with refused(revision, code="reviewer_is_author", status=400):
        assignment_create(revision=revision, actor=chief, reviewer=chief, due_on=TODAY)


def test_someone_off_the_board_cannot_be_assigned(submitted, chief, editor2):
    with refused(submitted, code="reviewer_not_board_member", status=400):
        assignment_create(revision=submitted, actor=chief, reviewer=editor2, due_on=TODAY)


def test_an_inactive_board_member_cannot_be_assigned(submitted, chief, reviewer2):
    BoardMember.objects.filter(user=reviewer2).update(is_active=False)
    with refused(submitted, code="reviewer_not_board_member", status=400):
        assignment_create(revision=submitted, actor=chief, reviewer=reviewer2, due_on=TODAY)


def test_a_reviewer_already_assigned_is_not_assigned_twice(assigned, submitted, chief, reviewer2):
    with refused(submitted, code="already_assigned", status=409):
        assignment_create(revision=submitted, actor=chief, reviewer=reviewer2, due_on=TODAY)


def test_a_reviewer_who_decided_is_not_assigned_again(
    in_review, chief, reviewer, reviewer2, password, settings
):
    settings.REVIEW_QUORUM = 2
    revision_approve(revision=in_review, actor=reviewer, password=password)
    with refused(in_review, code="already_decided", status=409):
        assignment_create(revision=in_review, actor=chief, reviewer=reviewer, due_on=TODAY)


def test_a_withdrawn_revision_takes_no_assignment(submitted, chief, editor, reviewer2):
    revision_withdraw(revision=submitted, actor=editor)
    with refused(submitted, code="withdrawn", status=409):
        assignment_create(revision=submitted, actor=chief, reviewer=reviewer2, due_on=TODAY)


# --- a decision completes the assignment -----------------------------------------------


def test_approving_completes_the_reviewers_assignment(assigned, submitted, reviewer2, password):
    revision_approve(revision=submitted, actor=reviewer2, password=password)

    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.COMPLETED
    assert assigned.ended_at == NOON
    assert ReviewAssignment.objects.filter(reviewer=reviewer2).count() == 1


def test_requesting_changes_completes_the_reviewers_assignment(assigned, submitted, reviewer2):
    revision_request_changes(revision=submitted, actor=reviewer2, comment="Cite NICE.")

    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.COMPLETED


# --- reassign ---------------------------------------------------------------------------


def test_reassigning_ends_the_old_assignment_and_logs_both_reviewers(
    assigned, submitted, chief, reviewer2, reviewer3
):
    new = assignment_reassign(assignment=assigned, actor=chief, reviewer=reviewer3)

    assigned.refresh_from_db()
    assert (assigned.state, assigned.ended_at) == (AssignmentState.REASSIGNED, NOON)
    assert (new.reviewer, new.state, new.due_on) == (
        reviewer3,
        AssignmentState.ACTIVE,
        dt.date(2026, 3, 9),
    )
    assert new.reassigned_from == assigned
    event = last_event()
    assert event.action == Action.REASSIGN
    assert event.comment == (
        "Reassigned from Ravi Second, PharmD to Rosa Third, MD, PhD, due 2026-03-09"
    )
    assert (event.details["from_reviewer"], event.details["reviewer"]) == (
        reviewer2.pk,
        reviewer3.pk,
    )
    assert [h.state for h in assigned.history.order_by("history_id")] == ["active", "reassigned"]
    assert audit_log_verify().ok


def test_reassigning_can_set_a_new_due_date(assigned, chief, reviewer3):
    new = assignment_reassign(
        assignment=assigned, actor=chief, reviewer=reviewer3, due_on=dt.date(2026, 3, 20)
    )
    assert new.due_on == dt.date(2026, 3, 20)


def test_reassigning_tells_the_new_reviewer_and_the_old_one(
    assigned, chief, reviewer2, reviewer3, django_capture_on_commit_callbacks
):
    for user in (reviewer2, reviewer3):
        user.email = f"{user.username}@example.com"
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_reassign(assignment=assigned, actor=chief, reviewer=reviewer3)

    sent = {m.to[0]: m.subject for m in mail.outbox}
    assert "Please review" in sent["reviewer3@example.com"]
    assert "No longer assigned" in sent["reviewer2@example.com"]


def test_reassigning_to_an_author_changes_nothing(assigned, submitted, chief, editor):
    make_board_member(editor, name="Eda Editor")
    with refused(submitted, code="reviewer_is_author", status=400):
        assignment_reassign(assignment=assigned, actor=chief, reviewer=editor)


def test_only_an_editor_in_chief_reassigns(assigned, submitted, editor, reviewer3):
    with refused(submitted, code="not_editor_in_chief", status=403):
        assignment_reassign(assignment=assigned, actor=editor, reviewer=reviewer3)


def test_an_ended_assignment_cannot_be_reassigned(assigned, submitted, chief, reviewer3, reviewer):
    assignment_reassign(assignment=assigned, actor=chief, reviewer=reviewer3)
    with refused(submitted, code="assignment_not_active", status=409):
        assignment_reassign(assignment=assigned, actor=chief, reviewer=reviewer)


def test_a_reviewer_can_be_assigned_again_after_being_reassigned_away(
    assigned, chief, reviewer2, reviewer3
):
    new = assignment_reassign(assignment=assigned, actor=chief, reviewer=reviewer3)
    back = assignment_reassign(assignment=new, actor=chief, reviewer=reviewer2)
    assert (back.reviewer, back.state) == (reviewer2, AssignmentState.ACTIVE)


# --- due date and cancel ----------------------------------------------------------------


def test_moving_the_due_date_is_logged_with_the_old_date(assigned, chief):
    assignment_due_set(assignment=assigned, actor=chief, due_on=dt.date(2026, 3, 16))

    assigned.refresh_from_db()
    assert assigned.due_on == dt.date(2026, 3, 16)
    event = last_event()
    assert event.action == Action.SET_DUE
    assert event.details["previous_due_on"] == "2026-03-09"
    assert event.comment == "Ravi Second, PharmD's review due 2026-03-16 (was 2026-03-09)"


def test_the_due_date_cannot_move_into_the_past(assigned, submitted, chief):
    with refused(submitted, code="due_in_past", status=400):
        assignment_due_set(assignment=assigned, actor=chief, due_on=dt.date(2026, 2, 1))


def test_cancelling_an_assignment_needs_a_reason_and_is_logged(assigned, submitted, chief):
    with refused(submitted, code="comment_required", status=400):
        assignment_cancel(assignment=assigned, actor=chief, reason="  ")

    assignment_cancel(assignment=assigned, actor=chief, reason="On leave until April")

    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.CANCELLED
    event = last_event()
    assert (event.action, event.comment) == (
        Action.UNASSIGN,
        "Cancelled Ravi Second, PharmD's assignment: On leave until April",
    )


# --- rules per specialty ----------------------------------------------------------------


@pytest.fixture
def rule(reviewer2, admin_user):
    made = AssignmentRule(specialty="musculoskeletal medicine", reviewer=reviewer2, due_days=5)
    made._history_user = admin_user
    made.save()
    return made


def test_a_specialty_rule_assigns_its_reviewer_at_submission(rule, article, editor, reviewer2):
    article.specialty = "Musculoskeletal medicine"
    article.save()

    revision = revision_submit(article=article, actor=editor, comment="New")

    made = revision.assignments.get()
    assert (made.reviewer, made.origin, made.due_on) == (reviewer2, "rule", dt.date(2026, 3, 7))
    event = last_event()
    assert event.action == Action.ASSIGN
    assert event.comment == (
        "Assigned to Ravi Second, PharmD by the rule for musculoskeletal medicine, due 2026-03-07"
    )
    assert event.details["rule"] == rule.pk


def test_a_rule_never_assigns_an_author_of_the_revision(rule, article, editor, reviewer2):
    article.specialty = "Musculoskeletal medicine"
    article.owner = reviewer2
    article.save()

    revision = revision_submit(article=article, actor=reviewer2, comment="New")

    assert not revision.assignments.exists()


def test_an_inactive_rule_or_another_specialty_assigns_nobody(rule, article, editor):
    article.specialty = "Cardiology"
    article.save()
    assert not revision_submit(article=article, actor=editor, comment="New").assignments.exists()


def test_a_rule_must_name_a_listed_specialty_and_an_active_board_member(editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        AssignmentRule(specialty="Astrology", reviewer=editor, due_days=7).full_clean()
    assert set(caught.value.message_dict) == {"specialty", "reviewer"}


def test_an_admin_adds_a_rule_with_a_reason_and_the_form_refuses_a_bad_reviewer(
    client, admin_user, reviewer2, editor
):
    Specialty.objects.get_or_create(name="Cardiology")
    client.force_login(admin_user)
    url = reverse("admin:reviews_assignmentrule_add")
    assert client.get(url).status_code == 200
    form = {"specialty": "Cardiology", "due_days": 7, "is_active": "on"}

    refused = client.post(url, {**form, "reviewer": editor.pk, "change_reason": "Rota"})
    assert refused.status_code == 200
    assert not AssignmentRule.objects.exists()

    done = client.post(url, {**form, "reviewer": reviewer2.pk, "change_reason": "Rota"})
    assert done.status_code == 302
    assert AssignmentRule.objects.get().history.get().history_user == admin_user
