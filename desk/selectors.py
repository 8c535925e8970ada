"""Reads for the editors' desk: the dashboard's lists, when each working copy was last
edited, and finding library references by title, DOI or PMID."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Case, Max, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import OPEN_STATES, Article, Citation, Claim, ClaimText, Revision, Section
from articles.models import RevisionState as State
from articles.permissions import board_member_active, user_is_editor_in_chief
from articles.translations import behind_q
from desk.review_notes import revision_review_notes
from references.identifiers import normalize_doi, normalize_pmid
from references.models import Reference

RECENTLY_APPROVED_DAYS = 30
REFERENCE_MATCHES = 20


def working_copy_last_edits(article_ids) -> dict[int, datetime]:
    """When each article's working copy (its sections, claims, texts, citations) last
    changed, deletions included, in a fixed number of queries."""
    ids = list(article_ids)
    latest: dict[int, datetime] = {}

    def keep(article_id, when):
        if (
            article_id is not None
            and when
            and (article_id not in latest or when > latest[article_id])
        ):
            latest[article_id] = when

    sections = dict(
        Section.history.filter(article_id__in=ids).values_list("id", "article_id").distinct()
    )
    for row in (
        Section.history.filter(article_id__in=ids)
        .values("article_id")
        .annotate(when=Max("history_date"))
    ):
        keep(row["article_id"], row["when"])
    claims = dict(
        Claim.history.filter(section_id__in=list(sections))
        .values_list("id", "section_id")
        .distinct()
    )
    for row in (
        Claim.history.filter(section_id__in=list(sections))
        .values("section_id")
        .annotate(when=Max("history_date"))
    ):
        keep(sections.get(row["section_id"]), row["when"])
    for model in (ClaimText, Citation):
        rows = (
            model.history.filter(claim_id__in=list(claims))
            .values("claim_id")
            .annotate(when=Max("history_date"))
        )
        for row in rows:
            keep(sections.get(claims.get(row["claim_id"])), row["when"])
    return latest


@dataclass
class DashboardRow:
    article: Article
    latest_pk: int | None
    latest_state: str | None
    latest_number: int | None
    latest_submitted_at: datetime | None
    latest_decided_at: datetime | None
    last_edit: datetime | None
    # When the latest revision goes live once approved (scheduled publishing).
    latest_publish_at: datetime | None = None
    notes: list = field(default_factory=list)  # the board's comments, when changes were asked

    @property
    def state_label(self) -> str:
        return State(self.latest_state).label if self.latest_state else ""

    def approved_since(self, moment: datetime) -> bool:
        when = self.latest_decided_at or self.article.last_updated_at
        return self.latest_state == State.APPROVED and bool(when and when >= moment)

    @property
    def edited_since_submission(self) -> bool:
        if self.latest_submitted_at is None:
            return True
        return bool(self.last_edit and self.last_edit > self.latest_submitted_at)


@dataclass
class Dashboard:
    drafts: list[DashboardRow]
    changes_requested: list[DashboardRow]
    in_review: list[DashboardRow]
    recently_approved: list[DashboardRow]
    due_for_review: list[DashboardRow]
    scope: str
    query: str
    # Translations whose source went live again since the revision they translate.
    behind_source: list[DashboardRow] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [
            (gettext("Drafts"), len(self.drafts)),
            (gettext("Changes requested"), len(self.changes_requested)),
            (gettext("In review"), len(self.in_review)),
            (gettext("Recently approved"), len(self.recently_approved)),
            (gettext("Due for re-review"), len(self.due_for_review)),
        ] + (
            [(gettext("Behind the source"), len(self.behind_source))] if self.behind_source else []
        )


def user_can_see_all_articles(user) -> bool:
    return user_is_editor_in_chief(user) or board_member_active(user) is not None


def _articles_for(user, scope: str) -> QuerySet[Article]:
    articles = Article.objects.all()
    if scope != "all" or not user_can_see_all_articles(user):
        # The few co-edited ids first, rather than a join (which needs DISTINCT) or a
        # subquery: "owner = me OR id IN (1, 2)" lets PostgreSQL combine two index scans
        # instead of reading every article.
        co_edited = list(
            Article.co_editors.through.objects.filter(user=user).values_list(
                "article_id", flat=True
            )
        )
        articles = articles.filter(Q(owner=user) | Q(pk__in=co_edited))
    latest = Revision.objects.filter(article=OuterRef("pk")).order_by("-number")
    return (
        articles.select_related("owner", "live_revision")
        .defer("search_document", "live_revision__content")
        .annotate(
            latest_pk=Subquery(latest.values("pk")[:1]),
            latest_state=Subquery(latest.values("state")[:1]),
            latest_number=Subquery(latest.values("number")[:1]),
            latest_submitted_at=Subquery(latest.values("submitted_at")[:1]),
            latest_decided_at=Subquery(latest.values("decided_at")[:1]),
            behind_source=Case(When(behind_q(), then=True), default=False),
            latest_publish_at=Subquery(latest.values("publish_at")[:1]),
        )
        .order_by("question")
    )


def dashboard_for(*, user, scope: str = "mine", query: str = "", today: date | None = None):
    """The editor's dashboard: `scope` "all" (editors-in-chief and board members) or
    "mine" (articles the user owns or co-edits); `query` filters by question."""
    today = today or timezone.localdate()
    scope = "all" if scope == "all" and user_can_see_all_articles(user) else "mine"
    articles = _articles_for(user, scope)
    query = " ".join((query or "").split())
    for word in query.split():
        articles = articles.filter(Q(question__icontains=word) | Q(title__icontains=word))
    articles = list(articles)
    edits = working_copy_last_edits(a.pk for a in articles)
    rows = [
        DashboardRow(
            article=a,
            latest_pk=a.latest_pk,
            latest_state=a.latest_state,
            latest_number=a.latest_number,
            latest_submitted_at=a.latest_submitted_at,
            latest_decided_at=a.latest_decided_at,
            latest_publish_at=a.latest_publish_at,
            last_edit=edits.get(a.pk),
        )
        for a in articles
    ]
    recent = timezone.now() - timedelta(days=RECENTLY_APPROVED_DAYS)
    board = Dashboard(
        drafts=[
            r
            for r in rows
            if r.latest_state not in (*OPEN_STATES, State.CHANGES_REQUESTED)
            and (r.latest_state != State.APPROVED or r.edited_since_submission)
        ],
        changes_requested=[r for r in rows if r.latest_state == State.CHANGES_REQUESTED],
        in_review=[r for r in rows if r.latest_state in OPEN_STATES],
        recently_approved=[r for r in rows if r.approved_since(recent)],
        due_for_review=[
            r
            for r in rows
            if r.article.next_review_due is not None
            and r.article.next_review_due <= today
            and r.article.withdrawn_at is None
        ],
        scope=scope,
        query=query,
        behind_source=[r for r in rows if r.article.behind_source],
    )
    notes = review_notes(revision_ids=[r.latest_pk for r in board.changes_requested])
    for row in board.changes_requested:
        row.notes = notes.get(row.latest_pk, [])
    return board


def review_notes(*, revision_ids) -> dict[int, list]:
    """What the board wrote on these revisions (the changes request and claim comments),
    by revision id."""
    ids = [pk for pk in revision_ids if pk]
    return revision_review_notes(revision_ids=ids) if ids else {}


def references_matching(query: str, *, limit: int = REFERENCE_MATCHES) -> list[Reference]:
    """Library records for what an editor typed: a DOI (or doi.org link), a PMID, or words
    each found in the title or among the authors (all of them, in any order)."""
    query = " ".join((query or "").split())
    if not query:
        return []
    references = Reference.objects.order_by("title", "pk")
    for normalize, name in ((normalize_doi, "doi"), (normalize_pmid, "pmid")):
        try:
            value = normalize(query)
        except ValueError:
            continue
        found = list(references.filter(**{name: value})[:limit])
        if found:
            return found
    words = references
    for word in query.split():
        # authors is JSON: icontains reads its text, which holds the names.
        words = words.filter(Q(title__icontains=word) | Q(authors__icontains=word))
    return list(words[:limit])


def revisions_for_history(article: Article) -> QuerySet[Revision]:
    return (
        article.revisions.select_related("submitted_by", "restored_from")
        .defer("content", "restored_from__content")
        .order_by("-number")
    )
