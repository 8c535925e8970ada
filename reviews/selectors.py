"""Reads for the reviewers' workspace that are more than one line of ORM."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from articles.languages import language_codes
from articles.models import Article, Revision, RevisionState
from articles.permissions import board_member_active
from articles.translations import translations_behind
from reviews.models import Action, AssignmentState, ReviewAssignment, WorkflowEvent
from reviews.notifications import articles_due_for_review


def _revisions() -> QuerySet[Revision]:
    # The content is the heavy column; a queue never needs it.
    return (
        Revision.objects.select_related("article", "submitted_by")
        .defer("content")
        .order_by("submitted_at", "pk")
    )


QUEUE_FILTERS = {
    "all": pgettext_lazy("review queue filter", "All"),
    "mine": pgettext_lazy("review queue filter", "Mine"),
    "unassigned": pgettext_lazy("review queue filter", "Unassigned"),
    "overdue": pgettext_lazy("review queue filter", "Overdue"),
}


@dataclass
class ReviewQueue:
    """The open revisions a person may review, in the queue's sections and filters. Each
    revision carries `open_assignments` (its active assignments, each with `overdue`),
    `my_assignment` and `overdue`, for the rows to show who reviews it by when."""

    mine: list[Revision]
    signed: list[Revision]
    submitted: list[Revision]
    others_reviewing: list[Revision]
    reaffirm_due: list[Article]
    unassigned: list[Revision]
    overdue: list[Revision]
    shown: str = "all"
    # A board member (who reviews); otherwise an editor-in-chief (who assigns).
    reviewer: bool = True
    # Translations in the member's languages that are behind their source.
    behind_source: list[Article] = field(default_factory=list)
    # Approved, waiting for their time: shown so a member sees what is about to go live.
    scheduled: list[Revision] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.mine
            or self.signed
            or self.submitted
            or self.others_reviewing
            or self.reaffirm_due
            or self.behind_source
        )

    @property
    def filters(self) -> list[dict]:
        counts = {"mine": len(self.mine), "unassigned": len(self.unassigned)}
        counts["overdue"] = len(self.overdue)
        return [
            {"key": key, "label": label, "count": counts.get(key), "current": key == self.shown}
            for key, label in QUEUE_FILTERS.items()
            # Nothing is ever assigned to an editor-in-chief who is not on the board.
            if key != "mine" or self.reviewer
        ]

    @property
    def filtered(self) -> list[Revision]:
        return getattr(self, self.shown) if self.shown != "all" else []


def _open_revisions(*, user, today: date, fluent: set[str] | None) -> list[Revision]:
    """Revisions in review, with their active assignments; for a board member (`fluent`:
    the languages they review in), those they wrote or in another language are left out
    (they may not review them)."""
    reviewer = fluent is not None
    active = ReviewAssignment.objects.filter(state=AssignmentState.ACTIVE).select_related(
        "reviewer__board_member"
    )
    revisions = (
        _revisions()
        .filter(state__in=[RevisionState.SUBMITTED, RevisionState.UNDER_REVIEW])
        .prefetch_related(Prefetch("assignments", queryset=active, to_attr="open_assignments"))
    )
    found = [
        r
        for r in revisions
        if not (reviewer and (user.pk in r.author_ids or r.article.language not in fluent))
    ]
    for revision in found:
        for assignment in revision.open_assignments:
            assignment.overdue = assignment.is_overdue(today)
        revision.my_assignment = next(
            (a for a in revision.open_assignments if a.reviewer_id == user.pk), None
        )
        revision.overdue = any(a.overdue for a in revision.open_assignments)
    return found


def _waiting(revision: Revision) -> bool:
    return revision.state == RevisionState.SUBMITTED and not revision.open_assignments


def _by_due(revision: Revision):
    dues = [a.due_on for a in revision.open_assignments if a.due_on]
    return (min(dues) if dues else date.max, revision.submitted_at)


def review_queue(*, user, today: date | None = None, shown: str = "all") -> ReviewQueue:
    """What there is to review, for a board member or an editor-in-chief (who assigns)."""
    today = today or timezone.localdate()
    member = board_member_active(user)
    reviewer = member is not None
    fluent = set(member.languages or []) if reviewer else None
    found = _open_revisions(user=user, today=today, fluent=fluent)
    decided = set(
        ReviewAssignment.objects.filter(
            reviewer=user, state=AssignmentState.COMPLETED, revision__in=found
        ).values_list("revision_id", flat=True)
    )
    mine = [r for r in found if r.my_assignment]
    rest = [r for r in found if not r.my_assignment and r.pk not in decided]
    return ReviewQueue(
        mine=sorted(mine, key=_by_due),
        signed=[r for r in found if not r.my_assignment and r.pk in decided],
        # Nobody on it yet; the rest are in other members' hands.
        submitted=[r for r in rest if _waiting(r)],
        others_reviewing=[r for r in rest if not _waiting(r)],
        reaffirm_due=[
            a
            for a in articles_due_for_review(today=today)
            if reviewer and user.pk not in a.live_revision.author_ids and a.language in fluent
        ],
        behind_source=_behind_source(fluent) if reviewer else [],
        unassigned=[r for r in found if not r.open_assignments],
        overdue=sorted([r for r in found if r.overdue], key=_by_due),
        shown=shown if shown in QUEUE_FILTERS and (reviewer or shown != "mine") else "all",
        reviewer=reviewer,
        scheduled=list(
            _revisions().filter(state=RevisionState.SCHEDULED).order_by("publish_at", "pk")
        ),
    )


def _behind_source(fluent: set[str]) -> list[Article]:
    if len(language_codes()) < 2:
        return []  # a site in one language has no translations
    return list(
        translations_behind()
        .filter(language__in=fluent)
        .select_related("translation_of")
        .order_by("question")
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
