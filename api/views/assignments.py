"""Who reviews a revision and by when, for pipelines and editors-in-chief: assign a board
member with a due date, reassign, move the due date, cancel. One thin view per call of
reviews/workflow/assignments.py, which decides who may (an editor-in-chief), whom (an
active board member reviewing in the article's language, not an author) and when (today
or later); a refusal is its WorkflowError, answered by api.errors with the workflow's code.
"""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from api.errors import ApiError
from api.review_serializers import (
    AssignInputSerializer,
    CancelAssignmentInputSerializer,
    DueInputSerializer,
    ReassignInputSerializer,
)
from api.serializers import AssignmentSerializer
from api.views.articles import _errors
from api.views.base import ApiView, article_get, body_read, revision_get
from reviews.models import ReviewAssignment
from reviews.workflow import (
    assignment_cancel,
    assignment_create,
    assignment_due_set,
    assignment_reassign,
)

_CHANGE_ERRORS = _errors(400, 401, 403, 404, 409)


def _reviewer(username: str):
    """The user a username names, or None: the workflow then refuses with
    reviewer_not_board_member, as for anyone off the board."""
    return get_user_model().objects.filter(username=username).first()


def assignment_get(pk: int) -> ReviewAssignment:
    assignment = (
        ReviewAssignment.objects.select_related("reviewer__board_member", "assigned_by")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise ApiError(f"There is no assignment {pk}.", code="not_found", status_code=404)
    return assignment


def _answer(assignment: ReviewAssignment, *, status: int = 200) -> Response:
    fresh = assignment_get(assignment.pk)  # with the reviewer's board record, as listed
    return Response(AssignmentSerializer(fresh).data, status=status)


class RevisionAssignView(ApiView):
    @extend_schema(
        summary="Assign a reviewer",
        description="An editor-in-chief asks an active board member to review the revision "
        "by a due day; the member is emailed now, reminded before the day and on it. Not an "
        "author or the submitter of the revision, and one who reviews in the article's "
        "language. The revision must be submitted or under review.",
        request=AssignInputSerializer,
        responses={201: AssignmentSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request, slug: str, number: int):
        revision = revision_get(article_get(slug), number)
        data = body_read(request, AssignInputSerializer)
        made = assignment_create(
            revision=revision,
            actor=request.user,
            reviewer=_reviewer(data["reviewer"]),
            due_on=data["due_on"],
        )
        return _answer(made, status=201)


class _AssignmentChangeView(ApiView):
    """POST /assignments/{id}/<change>: read the body, make one workflow call, answer the
    assignment it leaves."""

    input_serializer: type[serializers.Serializer]

    def post(self, request, assignment_id: int):
        data = body_read(request, self.input_serializer)
        return _answer(self.change(request.user, assignment_get(assignment_id), **data))

    def change(self, actor, assignment: ReviewAssignment, **data) -> ReviewAssignment:
        raise NotImplementedError


@extend_schema(
    summary="Reassign a review",
    description="An editor-in-chief hands an active assignment to another board member; the "
    "old one ends as 'reassigned' and the new one names it in `reassigned_from`. Answers the "
    "new assignment.",
    request=ReassignInputSerializer,
    responses={200: AssignmentSerializer, **_CHANGE_ERRORS},
)
class AssignmentReassignView(_AssignmentChangeView):
    input_serializer = ReassignInputSerializer

    def change(self, actor, assignment, *, reviewer: str, due_on) -> ReviewAssignment:
        return assignment_reassign(
            assignment=assignment, actor=actor, reviewer=_reviewer(reviewer), due_on=due_on
        )


@extend_schema(
    summary="Move a review's due day",
    description="An editor-in-chief sets another due day (today or later) on an active "
    "assignment; the reviewer is told.",
    request=DueInputSerializer,
    responses={200: AssignmentSerializer, **_CHANGE_ERRORS},
)
class AssignmentDueView(_AssignmentChangeView):
    input_serializer = DueInputSerializer

    def change(self, actor, assignment, *, due_on) -> ReviewAssignment:
        return assignment_due_set(assignment=assignment, actor=actor, due_on=due_on)


@extend_schema(
    summary="Cancel an assignment",
    description="An editor-in-chief ends an active assignment, with the reason (required), "
    "kept in the review record.",
    request=CancelAssignmentInputSerializer,
    responses={200: AssignmentSerializer, **_CHANGE_ERRORS},
)
class AssignmentCancelView(_AssignmentChangeView):
    input_serializer = CancelAssignmentInputSerializer

    def change(self, actor, assignment, *, reason: str) -> ReviewAssignment:
        return assignment_cancel(assignment=assignment, actor=actor, reason=reason)
