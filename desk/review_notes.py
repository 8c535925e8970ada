"""What the editors' desk reads from the review log: the board's notes on a revision (for
the dashboard and the editor page) and the record shown on an article's history page."""

from dataclasses import dataclass
from datetime import datetime

from articles.models import Article, Revision
from reviews.models import Action, Signature, WorkflowEvent


@dataclass(frozen=True)
class ReviewNote:
    author: str
    text: str
    at: datetime
    claim_uuid: str  # "" for a note on the whole revision (a changes request)
    is_changes_request: bool


def _author(event: WorkflowEvent) -> str:
    member = getattr(event.actor, "board_member", None)
    if member is not None:
        return member.signature_name
    return event.actor.get_full_name() or event.actor.get_username()


def revision_review_notes(*, revision_ids) -> dict[int, list[ReviewNote]]:
    """The changes request and the claim comments on each revision, oldest first."""
    events = (
        WorkflowEvent.objects.filter(
            revision_id__in=list(revision_ids),
            action__in=[Action.REQUEST_CHANGES, Action.COMMENT],
        )
        .select_related("actor__board_member")
        .order_by("pk")
    )
    notes: dict[int, list[ReviewNote]] = {}
    for event in events:
        notes.setdefault(event.revision_id, []).append(
            ReviewNote(
                author=_author(event),
                text=event.comment,
                at=event.created_at,
                claim_uuid=str(event.claim_uuid) if event.claim_uuid else "",
                is_changes_request=event.action == Action.REQUEST_CHANGES,
            )
        )
    return notes


def article_review_record(*, article: Article) -> tuple[dict[int, list], dict[int, list]]:
    """Every workflow event and signature of the article's revisions, by revision id."""
    events: dict[int, list[WorkflowEvent]] = {}
    for event in (
        WorkflowEvent.objects.filter(article=article)
        .select_related("actor__board_member")
        .order_by("pk")
    ):
        events.setdefault(event.revision_id, []).append(event)
    signatures: dict[int, list[Signature]] = {}
    for signature in Signature.objects.filter(revision__article=article).order_by("signed_at"):
        signatures.setdefault(signature.revision_id, []).append(signature)
    return events, signatures


def revision_by_number(article: Article, number) -> Revision | None:
    try:
        return article.revisions.filter(number=int(number)).first()
    except (TypeError, ValueError):
        return None
