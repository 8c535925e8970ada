"""After publication and alongside review: reaffirming the live revision, and comments
anchored to claims."""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.checks import revision_reference_problems
from articles.models import Article, Revision
from articles.permissions import article_can_edit
from reviews.errors import CONFLICT, FORBIDDEN, INVALID, WorkflowError
from reviews.events import article_dates, event_record
from reviews.models import Action, WorkflowEvent
from reviews.workflow.rules import (
    _require,
    _require_password,
    _require_reviewer,
    _required_text,
    _review_due,
    _reviewer_entry,
    _save,
    board_member_active,
)


@transaction.atomic
def article_reaffirm(*, article: Article, actor, password: str, comment: str = "") -> Article:
    """A board member confirms the live text is still current: the review dates move, the
    last-updated date does not (nothing changed)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    _require(_reaffirm_refusal(article))
    live = Revision.objects.select_for_update().get(pk=article.live_revision_id)
    member = _require_reviewer(live, actor)
    retracted = [
        p for p in revision_reference_problems(content=live.content) if p.code == "retracted"
    ]
    if retracted:
        raise WorkflowError(
            " ".join(
                [
                    retracted[0].message,
                    gettext("The article needs a new revision, not a reaffirmation."),
                ]
            ),
            code="cites_retracted",
            status=CONFLICT,
        )
    _require_password(actor, password)
    now = timezone.now()
    # One reaffirmation is shown at a time, and nobody twice: an approver who reaffirms
    # stays listed by their approval (the event log keeps the reaffirmation).
    approvers = [e for e in live.reviewers if e.get("kind", "approved") != "reaffirmed"]
    live.reviewers = approvers
    if member.slug not in {e.get("slug") for e in approvers}:
        live.reviewers = [
            *approvers,
            _reviewer_entry(
                name=member.display_name,
                credentials=member.credentials,
                slug=member.slug,
                at=now,
                kind="reaffirmed",
            ),
        ]
    _save(live, actor=actor, reason="Reaffirmed as current", fields=["reviewers"])
    article.last_reviewed_at = now
    article.next_review_due = _review_due(now)
    _save(
        article,
        actor=actor,
        reason="Reaffirmed as current by the Medical Advisory Board",
        fields=["last_reviewed_at", "next_review_due", "updated_at"],
    )
    event_record(
        article=article,
        revision=live,
        actor=actor,
        action=Action.REAFFIRM,
        from_state=live.state,
        to_state=live.state,
        comment=(comment or "").strip(),
        details={"reviewers": live.reviewers, "dates": article_dates(article)},
    )
    return article


def _reaffirm_refusal(article: Article) -> WorkflowError | None:
    if article.live_revision_id is None:
        return WorkflowError(
            gettext("This article has no approved revision yet, so there is nothing to reaffirm."),
            code="not_published",
            status=CONFLICT,
        )
    if article.withdrawn_at is not None:
        return WorkflowError(
            gettext(
                "This article was withdrawn from public view; it returns with a newly approved "
                "revision, not a reaffirmation."
            ),
            code="withdrawn",
            status=CONFLICT,
        )
    return None


# --- Comments -------------------------------------------------------------------------


def _revision_claim_uuids(revision: Revision) -> set[str]:
    return {
        claim["uuid"]
        for section in revision.content.get("sections", [])
        for claim in section.get("claims", [])
    }


@transaction.atomic
def claim_comment_add(*, revision: Revision, actor, claim_uuid: str, text: str) -> WorkflowEvent:
    """A comment anchored to a claim by its uuid, which survives revisions, so the comment
    stays with the claim when the editors submit a new revision."""
    revision = Revision.objects.select_related("article").get(pk=revision.pk)
    article = revision.article
    if board_member_active(actor) is None and not article_can_edit(actor, article):
        raise WorkflowError(
            gettext("Only board members and the article's editors can comment on a revision."),
            code="not_allowed_to_comment",
            status=FORBIDDEN,
        )
    text = _required_text(text, code="comment_required", message=gettext("Write a comment first."))
    try:
        claim_uuid = str(uuid.UUID(str(claim_uuid)))
    except ValueError:
        claim_uuid = ""
    if claim_uuid not in _revision_claim_uuids(revision):
        raise WorkflowError(
            gettext("That claim is not part of this revision."),
            code="unknown_claim",
            status=INVALID,
        )
    return event_record(
        article=article,
        revision=revision,
        actor=actor,
        action=Action.COMMENT,
        from_state=revision.state,
        to_state=revision.state,
        comment=text,
        claim_uuid=claim_uuid,
    )
