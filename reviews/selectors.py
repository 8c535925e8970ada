"""Reads for the reviewers' workspace that are more than one line of ORM."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from articles.models import Article, Revision, RevisionState
from reviews.models import Action, ReviewAssignment, WorkflowEvent
from reviews.notifications import articles_due_for_review


def _revisions() -> QuerySet[Revision]:
    # The content is the heavy column; a queue never needs it.
    return (
        Revision.objects.select_related("article", "submitted_by")
        .defer("content")
        .order_by("submitted_at", "pk")
    )


@dataclass
class ReviewQueue:
    submitted: list[Revision]
    reviewing: list[Revision]
    assigned: list[Revision]
    others_reviewing: list[Revision]
    reaffirm_due: list[Article]

    @property
    def is_empty(self) -> bool:
        return not (
            self.submitted
            or self.reviewing
            or self.assigned
            or self.others_reviewing
            or self.reaffirm_due
        )


def review_queue(*, user, today: date | None = None) -> ReviewQueue:
    """What a board member has to do. Revisions they authored are left out: they may not
    review them."""
    mine = ReviewAssignment.objects.filter(reviewer=user)
    started_by_me = mine.filter(assigned_by=user).values("revision_id")
    assigned_to_me = mine.exclude(assigned_by=user).values("revision_id")

    def eligible(queryset):
        return [r for r in queryset if user.pk not in r.author_ids]

    under_review = _revisions().filter(state=RevisionState.UNDER_REVIEW)
    return ReviewQueue(
        submitted=eligible(_revisions().filter(state=RevisionState.SUBMITTED)),
        reviewing=eligible(under_review.filter(pk__in=started_by_me)),
        assigned=eligible(
            _revisions()
            .filter(state__in=[RevisionState.SUBMITTED, RevisionState.UNDER_REVIEW])
            .filter(pk__in=assigned_to_me)
            .exclude(pk__in=started_by_me)
        ),
        others_reviewing=eligible(
            under_review.exclude(pk__in=started_by_me).exclude(pk__in=assigned_to_me)
        ),
        reaffirm_due=[
            a
            for a in articles_due_for_review(today=today)
            if user.pk not in a.live_revision.author_ids
        ],
    )


def claim_comments(*, article: Article) -> dict[str, list[WorkflowEvent]]:
    """Every comment on the article's claims, by claim uuid, oldest first; across all its
    revisions, since a claim keeps its uuid from one revision to the next."""
    comments: dict[str, list[WorkflowEvent]] = {}
    events = (
        WorkflowEvent.objects.filter(article=article, action=Action.COMMENT)
        .select_related("actor__board_member", "revision")
        .defer("revision__content")
        .order_by("pk")
    )
    for event in events:
        comments.setdefault(str(event.claim_uuid), []).append(event)
    return comments


def revision_events(*, revision: Revision) -> QuerySet[WorkflowEvent]:
    return (
        WorkflowEvent.objects.filter(revision=revision)
        .exclude(action=Action.COMMENT)
        .select_related("actor__board_member", "signature")
        .order_by("pk")
    )


def revision_base(*, revision: Revision) -> Revision | None:
    """The revision to compare with: the live one, or for the live revision itself (and
    older ones) the approved revision before it."""
    article = revision.article
    if article.live_revision_id and article.live_revision_id != revision.pk:
        live = Revision.objects.get(pk=article.live_revision_id)
        if live.number < revision.number:
            return live
    return (
        Revision.objects.filter(
            article=article, state=RevisionState.APPROVED, number__lt=revision.number
        )
        .order_by("-number")
        .first()
    )


def revision_sent_back(*, revision: Revision, base: Revision | None) -> Revision | None:
    """The latest revision the board sent back for changes between `base` (the revision
    compared with by default) and this one: a resubmission is then best read as what
    changed since the board's last look, not since the live version."""
    return (
        Revision.objects.filter(
            article_id=revision.article_id,
            state=RevisionState.CHANGES_REQUESTED,
            number__lt=revision.number,
            number__gt=base.number if base else 0,
        )
        .order_by("-number")
        .first()
    )
