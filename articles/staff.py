"""Where staff work: the page each role lands on after signing in, and what the one staff
navigation bar (templates/_staff_nav.html) offers, with its counts.

Everything a person sees here is something they may open: each flag asks the same rule
the page it links to asks (articles/permissions.py, the audit trail's `is_staff`)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, QuestionStatus, ReaderQuestion, Revision, RevisionState
from articles.permissions import (
    board_member_active,
    user_can_create_articles,
    user_can_use_workspace,
    user_in_editor_groups,
    user_is_editor_in_chief,
)

# A draft is an article its editors still have to send: never submitted, or its last
# revision withdrawn or sent back with changes requested.
DRAFT_STATES = (RevisionState.WITHDRAWN, RevisionState.CHANGES_REQUESTED)


def staff_landing_url(user) -> str:
    """Where a person's work is. With several roles, in this order: writing (the desk),
    reviewing (the queue), administering (the audit trail); an owner or co-editor outside
    the editor groups still writes at the desk; anyone else reads the public site."""
    if user_in_editor_groups(user):
        return reverse("editor:dashboard")
    if board_member_active(user) is not None:
        return reverse("reviews:queue")
    if user.is_authenticated and user.is_staff:
        return reverse("audit:timeline")
    if user_can_use_workspace(user):
        return reverse("editor:dashboard")
    return reverse("articles:index")


@dataclass(frozen=True)
class StaffNav:
    desk: bool = False  # the editors' desk (editors, board members reading working copies)
    writer: bool = False  # new articles, imports, readers' questions
    reviewer: bool = False  # the review queue
    audit: bool = False  # the audit trail and the admin
    reports: bool = False
    drafts: int = 0  # the person's own articles still to send
    in_review: int = 0  # revisions in review, of the articles the person sees on the desk
    due: int = 0  # live articles past their re-review date, of the same articles
    questions: int = 0  # readers' questions not yet sorted

    @property
    def any(self) -> bool:
        return self.desk or self.reviewer or self.audit or self.reports


def _article_counts(*, user, everyone: bool, today: date) -> dict[str, int]:
    """One query: the person's drafts, and what is in review and due among the articles
    they see (their own, or every article for editors-in-chief and board members)."""
    mine = Q(owner=user) | Q(co_editors=user)
    latest = Revision.objects.filter(article=OuterRef("pk")).order_by("-number")
    draft = (
        mine
        & Q(pending_revision__isnull=True)
        & (Q(latest_state__isnull=True) | Q(latest_state__in=DRAFT_STATES))
    )
    seen = Q() if everyone else mine
    articles = Article.objects.annotate(latest_state=Subquery(latest.values("state")[:1]))
    if not everyone:
        articles = articles.filter(mine)
    return articles.aggregate(
        drafts=Count("pk", filter=draft, distinct=True),
        in_review=Count("pk", filter=seen & Q(pending_revision__isnull=False), distinct=True),
        due=Count(
            "pk",
            filter=seen
            & Q(live_revision__isnull=False, withdrawn_at__isnull=True, next_review_due__lte=today),
            distinct=True,
        ),
    )


def staff_nav_for(*, user, today: date | None = None) -> StaffNav:
    """What the staff bar shows this person, in a bounded number of queries whatever the
    number of articles (tests/articles/test_staff.py counts them)."""
    if not user.is_authenticated:
        return StaffNav()
    writer = user_can_create_articles(user)
    member = board_member_active(user) is not None
    chief = user_is_editor_in_chief(user)
    desk = writer or member or user_can_use_workspace(user)
    nav = {
        "desk": desk,
        "writer": writer,
        # Editors-in-chief assign reviewers, so the review queue is theirs too.
        "reviewer": member or chief,
        "audit": user.is_staff,
        "reports": user.is_staff or chief,
    }
    if desk:
        counts = _article_counts(
            user=user, everyone=chief or member, today=today or timezone.localdate()
        )
        nav.update({name: value or 0 for name, value in counts.items()})
    if writer:
        nav["questions"] = ReaderQuestion.objects.filter(status=QuestionStatus.NEW).count()
    return StaffNav(**nav)
