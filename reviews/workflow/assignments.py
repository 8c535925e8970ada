"""Assigning reviewers (docs/workflow.md "Assignments and due dates"): an editor-in-chief
names board members with a due date, reassigns, moves a due date or cancels; a
specialty's rule assigns at submission. One function per change; each locks the article
and the revision, checks who acts and who is named, writes the assignment with its
history and one event in the chain, and tells the people concerned after commit.

| change           | who                 | event      | assignment                    |
|------------------|---------------------|------------|-------------------------------|
| create           | editor-in-chief     | assign     | new, active                   |
| (submission)     | the specialty rules | assign     | new, active (origin "rule")   |
| reassign         | editor-in-chief     | reassign   | old → reassigned; new, active |
| set due date     | editor-in-chief     | set_due    | due_on moved                  |
| cancel           | editor-in-chief     | unassign   | → cancelled                   |
| (decision)       | the reviewer        | (approve…) | → completed (rules._assign)   |
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy

from articles.languages import language_name
from articles.models import Article, Revision
from config.history import history_save
from reviews import tasks
from reviews.errors import CONFLICT, INVALID, WorkflowError
from reviews.events import event_record
from reviews.models import (
    Action,
    AssignmentOrigin,
    AssignmentRule,
    AssignmentState,
    BoardMember,
    ReviewAssignment,
)
from reviews.workflow.rules import (
    IN_REVIEW,
    _after_commit,
    _assigner_refusal,
    _lock,
    _require,
    _required_text,
    _state_refusal,
    board_member_active,
    fluency_refusal,
)

# How a refusal names an assignment's state ("This assignment is cancelled").
_STATE_WORDS = {
    AssignmentState.COMPLETED: pgettext_lazy("assignment state", "completed"),
    AssignmentState.REASSIGNED: pgettext_lazy("assignment state", "reassigned"),
    AssignmentState.CANCELLED: pgettext_lazy("assignment state", "cancelled"),
}


def _assignee(revision: Revision, reviewer) -> BoardMember:
    """The board member an assignment names: active, reviewing in the article's language,
    not an author or the submitter of the revision (nobody reviews their own work), not
    already on it."""
    member = board_member_active(reviewer) if reviewer is not None else None
    if member is None:
        raise WorkflowError(
            gettext("Reviewers must be active members of the Medical Advisory Board."),
            code="reviewer_not_board_member",
            status=INVALID,
        )
    if fluency_refusal(member, article=revision.article):
        language = revision.article.language
        values = {"name": member.display_name, "language": language_name(language)}
        values["code"] = language
        if revision.article.translation_of_id:
            message = gettext(
                "%(name)s does not review in %(language)s (%(code)s), the language of this "
                "translation."
            )
        else:
            message = gettext(
                "%(name)s does not review in %(language)s (%(code)s), the language of this article."
            )
        raise WorkflowError(
            message % values,
            code="reviewer_not_fluent",
            status=INVALID,
        )
    if reviewer.pk in revision.author_ids or reviewer.pk == revision.submitted_by_id:
        raise WorkflowError(
            gettext("%(name)s made changes in this revision and cannot review it.")
            % {"name": member.display_name},
            code="reviewer_is_author",
            status=INVALID,
        )
    mine = revision.assignments.filter(reviewer=reviewer)
    if mine.filter(state=AssignmentState.ACTIVE).exists():
        raise WorkflowError(
            gettext("%(name)s is already reviewing this revision.") % {"name": member.display_name},
            code="already_assigned",
            status=CONFLICT,
        )
    if mine.filter(state=AssignmentState.COMPLETED).exists():
        raise WorkflowError(
            gettext("%(name)s has already decided on this revision.")
            % {"name": member.display_name},
            code="already_decided",
            status=CONFLICT,
        )
    return member


def due_date_clean(due_on: date | None) -> date:
    """A due date is required and is today or later (in settings.TIME_ZONE)."""
    if due_on is None:
        raise WorkflowError(
            gettext("Give a due date for the review."), code="due_required", status=INVALID
        )
    if due_on < timezone.localdate():
        raise WorkflowError(
            gettext("The due date is in the past; choose today or a later day."),
            code="due_in_past",
            status=INVALID,
        )
    return due_on


def _locked(assignment: ReviewAssignment) -> tuple[Article, Revision, ReviewAssignment]:
    """Article, revision, then the assignment: the workflow's lock order."""
    article, revision = _lock(assignment.revision)
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.state != AssignmentState.ACTIVE:
        raise WorkflowError(
            gettext("This assignment is %(state)s; only an active assignment can be changed.")
            % {"state": _STATE_WORDS.get(assignment.state, assignment.state)},
            code="assignment_not_active",
            status=CONFLICT,
        )
    return article, revision, assignment


def _name(user) -> str:
    member = BoardMember.objects.filter(user=user).first()
    return member.signature_name if member else user.get_username()


def _details(assignment: ReviewAssignment, name: str, **more) -> dict:
    return {
        "assignment": assignment.pk,
        "reviewer": assignment.reviewer_id,
        "reviewer_name": name,
        "due_on": assignment.due_on.isoformat() if assignment.due_on else None,
        "origin": str(assignment.origin),
        **more,
    }


def _new(revision, *, reviewer, actor, due_on, origin, now, reason, **fields):
    assignment = ReviewAssignment(
        revision=revision,
        reviewer=reviewer,
        assigned_by=actor,
        assigned_at=now,
        due_on=due_on,
        origin=origin,
        **fields,
    )
    history_save(assignment, actor=actor, reason=reason)
    return assignment


def _end(assignment: ReviewAssignment, *, actor, state: str, now, reason: str) -> None:
    assignment.state, assignment.ended_at = state, now
    history_save(assignment, actor=actor, reason=reason, fields=["state", "ended_at"])


@transaction.atomic
def assignment_create(*, revision: Revision, actor, reviewer, due_on: date) -> ReviewAssignment:
    """An editor-in-chief asks a board member to review a revision by a due date."""
    article, revision = _lock(revision)
    _require(_state_refusal(revision, *IN_REVIEW), _assigner_refusal(actor))
    member = _assignee(revision, reviewer)
    due_on = due_date_clean(due_on)
    assignment = _new(
        revision,
        reviewer=reviewer,
        actor=actor,
        due_on=due_on,
        origin=AssignmentOrigin.EDITOR,
        now=timezone.now(),
        reason="Reviewer assigned",
    )
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.ASSIGN,
        from_state=revision.state,
        to_state=revision.state,
        comment=f"Assigned to {member.signature_name}, due {due_on.isoformat()}",
        details=_details(assignment, member.signature_name),
    )
    _after_commit(tasks.notify_assigned, assignment_id=assignment.pk)
    return assignment


@transaction.atomic
def assignment_reassign(
    *, assignment: ReviewAssignment, actor, reviewer, due_on: date | None = None
) -> ReviewAssignment:
    """Hand an active assignment to another board member; the due date stays unless a new
    one is given. The old assignment ends as "reassigned" and the new one names it."""
    article, revision, old = _locked(assignment)
    _require(_state_refusal(revision, *IN_REVIEW), _assigner_refusal(actor))
    member = _assignee(revision, reviewer)
    due_on = due_date_clean(due_on or old.due_on)
    now = timezone.now()
    previous_name = _name(old.reviewer)
    _end(old, actor=actor, state=AssignmentState.REASSIGNED, now=now, reason="Reassigned")
    new = _new(
        revision,
        reviewer=reviewer,
        actor=actor,
        due_on=due_on,
        origin=AssignmentOrigin.EDITOR,
        now=now,
        reason=f"Reassigned from {previous_name}",
        reassigned_from=old,
    )
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.REASSIGN,
        from_state=revision.state,
        to_state=revision.state,
        comment=f"Reassigned from {previous_name} to {member.signature_name}, due "
        f"{due_on.isoformat()}",
        details=_details(
            new,
            member.signature_name,
            from_assignment=old.pk,
            from_reviewer=old.reviewer_id,
            from_reviewer_name=previous_name,
        ),
    )
    _after_commit(tasks.notify_assigned, assignment_id=new.pk)
    _after_commit(tasks.notify_released, assignment_id=old.pk)
    return new


@transaction.atomic
def assignment_due_set(*, assignment: ReviewAssignment, actor, due_on: date) -> ReviewAssignment:
    """Move an active assignment's due date (today or later). Reminders follow the new
    date: each is recorded per due date."""
    article, revision, assignment = _locked(assignment)
    _require(_state_refusal(revision, *IN_REVIEW), _assigner_refusal(actor))
    due_on = due_date_clean(due_on)
    if due_on == assignment.due_on:
        raise WorkflowError(
            gettext("That is already the due date."), code="due_unchanged", status=CONFLICT
        )
    previous = assignment.due_on
    assignment.due_on = due_on
    history_save(assignment, actor=actor, reason="Due date changed", fields=["due_on"])
    name = _name(assignment.reviewer)
    was = previous.isoformat() if previous else "none"
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.SET_DUE,
        from_state=revision.state,
        to_state=revision.state,
        comment=f"{name}'s review due {due_on.isoformat()} (was {was})",
        details=_details(assignment, name, previous_due_on=previous and previous.isoformat()),
    )
    _after_commit(tasks.notify_due_changed, assignment_id=assignment.pk)
    return assignment


@transaction.atomic
def assignment_cancel(*, assignment: ReviewAssignment, actor, reason: str) -> ReviewAssignment:
    """Take a board member off a review (a reason is required; it is in the log)."""
    article, revision, assignment = _locked(assignment)
    _require(_state_refusal(revision, *IN_REVIEW), _assigner_refusal(actor))
    reason = _required_text(
        reason, code="comment_required", message=gettext("Say why the assignment is cancelled.")
    )
    _end(
        assignment,
        actor=actor,
        state=AssignmentState.CANCELLED,
        now=timezone.now(),
        reason="Assignment cancelled",
    )
    name = _name(assignment.reviewer)
    event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.UNASSIGN,
        from_state=revision.state,
        to_state=revision.state,
        comment=f"Cancelled {name}'s assignment: {reason}",
        details=_details(assignment, name),
    )
    _after_commit(tasks.notify_released, assignment_id=assignment.pk)
    return assignment


def assignments_from_rules(*, article: Article, revision: Revision, actor, now):
    """Run inside revision_submit's transaction: each active rule for the article's
    specialty assigns its reviewer, due `due_days` after today; the event names the rule.
    A rule whose reviewer may not review this revision (inactive, an author) is skipped.
    The submission's own notification tells the assignees (reviews.notifications)."""
    specialty = (article.specialty or "").strip()
    if not specialty:
        return []
    rules = AssignmentRule.objects.filter(is_active=True, specialty__iexact=specialty)
    made = []
    for rule in rules.select_related("reviewer").order_by("pk"):
        try:
            member = _assignee(revision, rule.reviewer)
        except WorkflowError:
            continue
        due_on = timezone.localdate(now) + timedelta(days=rule.due_days)
        assignment = _new(
            revision,
            reviewer=rule.reviewer,
            actor=actor,
            due_on=due_on,
            origin=AssignmentOrigin.RULE,
            now=now,
            reason=f"Assigned by the rule for {rule.specialty}",
        )
        event_record(
            article=article,
            revision=revision,
            actor=actor,
            action=Action.ASSIGN,
            from_state=revision.state,
            to_state=revision.state,
            comment=f"Assigned to {member.signature_name} by the rule for {rule.specialty}, "
            f"due {due_on.isoformat()}",
            details=_details(
                assignment, member.signature_name, rule=rule.pk, rule_specialty=rule.specialty
            ),
        )
        made.append(assignment)
    return made
