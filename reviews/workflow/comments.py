"""Resolving a claim comment. The approval refuses while the approver's own comments are
open unless they are explicitly carried forward (reviews/workflow/decisions.py)."""

from django.db import transaction
from django.utils.translation import gettext

from articles.models import Revision
from reviews.comments import comments_resolved
from reviews.errors import CONFLICT, FORBIDDEN, INVALID, WorkflowError
from reviews.events import event_record
from reviews.models import Action, WorkflowEvent


@transaction.atomic
def claim_comment_resolve(*, revision: Revision, actor, comment_id: int) -> WorkflowEvent:
    """The comment's author marks it resolved, from any revision of the article."""
    revision = Revision.objects.select_related("article").get(pk=revision.pk)
    article = revision.article
    comment = WorkflowEvent.objects.filter(
        pk=comment_id, article=article, action=Action.COMMENT
    ).first()
    if comment is None:
        raise WorkflowError(
            gettext("There is no such comment on this article."),
            code="unknown_comment",
            status=INVALID,
        )
    if comment.actor_id != actor.pk:
        raise WorkflowError(
            gettext("Only the comment's author can resolve it."),
            code="not_comment_author",
            status=FORBIDDEN,
        )
    if comment.pk in comments_resolved(article=article):
        raise WorkflowError(
            gettext("This comment is already resolved."), code="already_resolved", status=CONFLICT
        )
    return event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.RESOLVE_COMMENT,
        from_state=revision.state,
        to_state=revision.state,
        claim_uuid=str(comment.claim_uuid) if comment.claim_uuid else None,
        details={"comment": comment.pk},
    )
