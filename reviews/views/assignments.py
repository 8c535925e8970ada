"""The review page's assignments: who reviews the revision and by when, and the
editor-in-chief's forms to assign, reassign, move a due date or cancel. Each view reads
its form and calls one workflow function (reviews/workflow/assignments.py) through the
review page's `_decide`; the revision is fetched through articles.access.revision_for."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from articles.access import revision_for
from articles.errors import ArticleError
from articles.models import Revision
from reviews.assignment_forms import AssignForm, CancelAssignmentForm, DueForm, ReassignForm
from reviews.models import AssignmentState, ReviewAssignment
from reviews.workflow import (
    assignment_cancel,
    assignment_create,
    assignment_due_set,
    assignment_reassign,
)


@dataclass
class AssignmentRow:
    assignment: ReviewAssignment
    overdue: bool
    due_today: bool
    reassign_form: ReassignForm | None = None
    due_form: DueForm | None = None
    cancel_form: CancelAssignmentForm | None = None


def assignment_rows(revision: Revision, *, may_assign: bool) -> list[AssignmentRow]:
    """Every assignment of the revision, oldest first; the active ones carry their forms
    when the person may change them. Form ids carry the assignment's id, so the page's
    labels stay unique."""
    today = timezone.localdate()
    rows = []
    assignments = revision.assignments.select_related(
        "reviewer__board_member", "assigned_by", "reassigned_from__reviewer__board_member"
    )
    for assignment in assignments:
        row = AssignmentRow(
            assignment,
            overdue=assignment.is_overdue(today),
            due_today=assignment.state == AssignmentState.ACTIVE and assignment.due_on == today,
        )
        if may_assign and assignment.state == AssignmentState.ACTIVE:
            prefix = f"a{assignment.pk}"
            row.reassign_form = ReassignForm(revision=revision, auto_id=f"{prefix}-reassign_%s")
            row.due_form = DueForm(
                auto_id=f"{prefix}-due_%s", initial={"due_on": assignment.due_on}
            )
            row.cancel_form = CancelAssignmentForm(auto_id=f"{prefix}-cancel_%s")
        rows.append(row)
    return rows


def _assignment_for(user, pk: int) -> tuple[Revision, ReviewAssignment]:
    """The assignment and its revision, when `user` may read the revision."""
    assignment = ReviewAssignment.objects.filter(pk=pk).first()
    if assignment is None:
        raise ArticleError(gettext("There is no such assignment."), code="not_found")
    revision = revision_for(user, pk=assignment.revision_id)
    assignment.revision = revision
    return revision, assignment


# Where the outcome of a change to the reviewers is shown (reviews/_assignments.html).
REVIEWERS_PLACE = "reviewers"


def _name(assignment: ReviewAssignment) -> str:
    return assignment.reviewer.board_member.display_name


def _day(day: date) -> str:
    """'March 10, 2026', in the active language (the pages' own date format)."""
    return dateformat.format(day, gettext("F j, Y"))


@require_POST
@login_required
def revision_assignment(request, pk: int):
    from reviews.views.workspace import _decide  # workspace imports this module

    revision = revision_for(request.user, pk=pk)
    return _decide(
        request,
        revision,
        action=lambda data: assignment_create(
            revision=revision,
            actor=request.user,
            reviewer=data["reviewer"],
            due_on=data["due_on"],
        ),
        done=lambda made: (
            gettext("%(name)s was asked to review this revision by %(due)s.")
            % {"name": _name(made), "due": _day(made.due_on)}
        ),
        form_name="assign",
        place=REVIEWERS_PLACE,
        form=AssignForm(request.POST),
    )


@require_POST
@login_required
def assignment_reassignment(request, pk: int):
    from reviews.views.workspace import _decide

    revision, assignment = _assignment_for(request.user, pk)
    return _decide(
        request,
        revision,
        action=lambda data: assignment_reassign(
            assignment=assignment,
            actor=request.user,
            reviewer=data["reviewer"],
            due_on=data["due_on"],
        ),
        done=lambda made: gettext("The review was reassigned to %(name)s.") % {"name": _name(made)},
        place=REVIEWERS_PLACE,
        form=ReassignForm(request.POST),
    )


@require_POST
@login_required
def assignment_due_change(request, pk: int):
    from reviews.views.workspace import _decide

    revision, assignment = _assignment_for(request.user, pk)
    return _decide(
        request,
        revision,
        action=lambda data: assignment_due_set(
            assignment=assignment, actor=request.user, due_on=data["due_on"]
        ),
        done=lambda changed: (
            gettext("%(name)s's review is now due %(due)s.")
            % {"name": _name(changed), "due": _day(changed.due_on)}
        ),
        place=REVIEWERS_PLACE,
        form=DueForm(request.POST),
    )


@require_POST
@login_required
def assignment_cancellation(request, pk: int):
    from reviews.views.workspace import _decide

    revision, assignment = _assignment_for(request.user, pk)
    return _decide(
        request,
        revision,
        action=lambda data: assignment_cancel(
            assignment=assignment, actor=request.user, reason=data["reason"]
        ),
        done=lambda cancelled: (
            gettext("%(name)s's assignment was cancelled.") % {"name": _name(cancelled)}
        ),
        place=REVIEWERS_PLACE,
        form=CancelAssignmentForm(request.POST),
    )
