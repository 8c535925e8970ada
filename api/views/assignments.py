"""Who reviews a revision and by when, for pipelines and editors-in-chief: assign a board
member with a due date, reassign, move the due date, cancel. One thin view per call of
reviews/workflow/assignments.py, which decides who may (an editor-in-chief), whom (an
active board member reviewing in the article's language, not an author) and when (today
or later); a refusal is its WorkflowError, answered by api.errors with the workflow's code.
"""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
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
from api.views.base import ApiView, article_get, revision_get
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
        data = AssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = assignment_create(
            revision=revision,
            actor=request.user,
            reviewer=_reviewer(data.validated_data["reviewer"]),
            due_on=data.validated_data["due_on"],
        )
        return _answer(made, status=201)


class AssignmentReassignView(ApiView):
    @extend_schema(
        summary="Reassign a review",
        description="An editor-in-chief hands an active assignment to another board member; "
        "the old one ends as 'reassigned' and the new one names it in `reassigned_from`. "
        "Answers the new assignment.",
        request=ReassignInputSerializer,
        responses={200: AssignmentSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request, assignment_id: int):
        data = ReassignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = assignment_reassign(
            assignment=assignment_get(assignment_id),
            actor=request.user,
            reviewer=_reviewer(data.validated_data["reviewer"]),
            due_on=data.validated_data["due_on"],
        )
        return _answer(made)


class AssignmentDueView(ApiView):
    @extend_schema(
        summary="Move a review's due day",
        description="An editor-in-chief sets another due day (today or later) on an active "
        "assignment; the reviewer is told.",
        request=DueInputSerializer,
        responses={200: AssignmentSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request, assignment_id: int):
        data = DueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = assignment_due_set(
            assignment=assignment_get(assignment_id),
            actor=request.user,
            due_on=data.validated_data["due_on"],
        )
        return _answer(changed)


class AssignmentCancelView(ApiView):
    @extend_schema(
        summary="Cancel an assignment",
        description="An editor-in-chief ends an active assignment, with the reason "
        "(required), kept in the review record.",
        request=CancelAssignmentInputSerializer,
        responses={200: AssignmentSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request, assignment_id: int):
        data = CancelAssignmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cancelled = assignment_cancel(
            assignment=assignment_get(assignment_id),
            actor=request.user,
            reason=data.validated_data["reason"],
        )
        return _answer(cancelled)
