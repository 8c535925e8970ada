"""Revisions and their review: reading the record (state, hash, events, signatures) and
one thin view per workflow transition. reviews.workflow decides everything; a refusal is
its WorkflowError, which api.errors turns into 403, 409 or 400 with the workflow's code."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from api.serializers import (
    ApproveInputSerializer,
    CommentInputSerializer,
    ReclassifyInputSerializer,
    RevisionDetailSerializer,
    RevisionStateSerializer,
    RevisionSummarySerializer,
)
from api.views.articles import _errors
from api.views.base import ApiView, article_get, revision_get
from articles.access import article_for, revision_for
from articles.models import Revision
from reviews.models import ReviewAssignment, WorkflowEvent
from reviews.workflow import (
    revision_approve,
    revision_reclassify,
    revision_request_changes,
    revision_start_review,
    revision_withdraw,
)


def _assignments():
    return ReviewAssignment.objects.select_related(
        "reviewer__board_member", "assigned_by"
    ).order_by("assigned_at", "pk")


class RevisionListView(ApiView):
    @extend_schema(
        summary="An article's revisions",
        description="Newest first. The article's editors, editors-in-chief and board members.",
        responses={200: RevisionSummarySerializer(many=True), **_errors(401, 403, 404)},
    )
    def get(self, request, slug: str):
        article = article_for(request.user, slug)
        revisions = (
            Revision.objects.filter(article=article)
            .select_related("submitted_by")
            .prefetch_related(Prefetch("assignments", _assignments(), to_attr="assignment_list"))
            .defer("content")
            .order_by("-number")
        )
        return Response(RevisionSummarySerializer(revisions, many=True).data)


class RevisionDetailView(ApiView):
    @extend_schema(
        summary="One revision",
        description="State, SHA-256 of the content, the reviewers assigned and their due "
        "dates, the workflow events (oldest first) and the signatures over that hash.",
        responses={200: RevisionDetailSerializer, **_errors(401, 403, 404)},
    )
    def get(self, request, slug: str, number: int):
        article = article_for(request.user, slug)
        revision = revision_for(request.user, article=article, number=number)
        revision.event_list = list(
            WorkflowEvent.objects.filter(revision=revision).select_related("actor").order_by("pk")
        )
        revision.assignment_list = list(_assignments().filter(revision=revision))
        revision.signature_list = list(
            revision.signatures.select_related("signer").order_by("signed_at", "pk")
        )
        return Response(RevisionDetailSerializer(revision).data)


class _TransitionView(ApiView):
    """POST /articles/{slug}/revisions/{n}/<action>: read the body, call the workflow."""

    input_serializer = CommentInputSerializer

    def post(self, request, slug: str, number: int):
        revision = revision_get(article_get(slug), number)
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        revision = self.transition(request, revision, **data.validated_data)
        return Response(RevisionStateSerializer(revision).data)

    def transition(self, request, revision: Revision, **data) -> Revision:
        raise NotImplementedError


_TRANSITION_ERRORS = _errors(400, 401, 403, 404, 409)


@extend_schema(
    summary="Start the review",
    description="submitted → under_review. An active board member who did not author the changes.",
    request=None,
    responses={200: RevisionStateSerializer, **_TRANSITION_ERRORS},
)
class RevisionStartReviewView(_TransitionView):
    def post(self, request, slug: str, number: int):
        revision = revision_get(article_get(slug), number)
        revision = revision_start_review(revision=revision, actor=request.user)
        return Response(RevisionStateSerializer(revision).data)


@extend_schema(
    summary="Approve (sign)",
    description="An electronic signature over the revision's SHA-256: the reviewer's "
    "password and what the signature means, and optionally the claims checked against their "
    "sources (`checked_claims`; then every new or changed claim must be in it unless "
    "`confirm_unchecked`), and when it goes live (`publish_at`, the first signer only). "
    "When the approvals reach the quorum the revision is approved and goes live, or, with a "
    "future `publish_at`, becomes 'scheduled' and goes live at that time. Attempts are "
    "limited per reviewer (429).",
    request=ApproveInputSerializer,
    responses={200: RevisionStateSerializer, **_TRANSITION_ERRORS},
)
class RevisionApproveView(_TransitionView):
    input_serializer = ApproveInputSerializer

    def transition(self, request, revision, **data) -> Revision:
        return revision_approve(revision=revision, actor=request.user, **data)


@extend_schema(
    summary="Request changes",
    description="under_review → changes_requested, with a required comment; unlocks the "
    "working copy. A board member.",
    request=CommentInputSerializer,
    responses={200: RevisionStateSerializer, **_TRANSITION_ERRORS},
)
class RevisionRequestChangesView(_TransitionView):
    def transition(self, request, revision, *, comment: str) -> Revision:
        return revision_request_changes(revision=revision, actor=request.user, comment=comment)


@extend_schema(
    summary="Withdraw",
    description="submitted or under_review → withdrawn; unlocks the working copy. The "
    "submitter or an editor-in-chief. The comment is optional.",
    request=CommentInputSerializer,
    responses={200: RevisionStateSerializer, **_TRANSITION_ERRORS},
)
class RevisionWithdrawView(_TransitionView):
    def transition(self, request, revision, *, comment: str) -> Revision:
        return revision_withdraw(revision=revision, actor=request.user, comment=comment)


@extend_schema(
    summary="Reclassify the change",
    description="A board member who did not author the changes sets the revision's change "
    "type (correction, update, conclusions_changed) with a required comment; only while "
    "it is open and before anyone has signed, since each signature records the type.",
    request=ReclassifyInputSerializer,
    responses={200: RevisionStateSerializer, **_TRANSITION_ERRORS},
)
class RevisionReclassifyView(_TransitionView):
    input_serializer = ReclassifyInputSerializer

    def transition(self, request, revision, *, change_type: str, comment: str) -> Revision:
        return revision_reclassify(
            revision=revision, actor=request.user, change_type=change_type, comment=comment
        )
