"""Numbers for the editors-in-chief: where the articles are, how long the board takes, who
decides, and what is overdue. Each report reads only the columns it needs; percentiles
are computed here (the same on SQLite and PostgreSQL).
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, Revision, RevisionState
from audit.charts import bar_chart_svg, grouped_bar_chart_svg
from reviews.models import Action, BoardMember, WorkflowEvent

DRAFT = "draft"
STATE_LABELS = {DRAFT: "Draft (never submitted)", **dict(RevisionState.choices)}
DECISIONS = (Action.APPROVE, Action.REQUEST_CHANGES, Action.REAFFIRM)


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (the "inclusive" method: the
    smallest value is the 0th percentile and the largest the 100th)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("No values.")
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def articles_per_state() -> dict[str, int]:
    """Each article counted once, in the state of its newest revision (draft: none yet)."""
    newest = Revision.objects.filter(article=OuterRef("pk")).order_by("-number").values("state")[:1]
    counts = dict.fromkeys(STATE_LABELS, 0)
    rows = (
        Article.objects.annotate(state=Subquery(newest))
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["state"] or DRAFT] += row["n"]
    return counts


@dataclass(frozen=True)
class MonthTimes:
    month: date  # the first day of the month the decisions were made in
    decisions: int
    median_days: float
    p90_days: float


def decision_times(*, months: int = 12, today: date | None = None) -> list[MonthTimes]:
    """Median and 90th percentile of the days from submission to the board's decision
    (approval or changes requested), per month of decision, for the last `months` months
    (the current one included). Months without decisions are left out."""
    today = today or timezone.localdate()
    first = _month_start(today)
    for _ in range(months - 1):
        first = _month_start(first - timedelta(days=1))
    zone = timezone.get_current_timezone()
    start = datetime(first.year, first.month, 1, tzinfo=zone)
    rows = Revision.objects.filter(
        decided_at__gte=start,
        state__in=[RevisionState.APPROVED, RevisionState.CHANGES_REQUESTED],
    ).values_list("submitted_at", "decided_at")
    by_month: dict[date, list[float]] = {}
    for submitted, decided in rows:
        month = _month_start(timezone.localtime(decided, zone).date())
        by_month.setdefault(month, []).append((decided - submitted).total_seconds() / 86400)
    return [
        MonthTimes(
            month=month,
            decisions=len(days),
            median_days=round(statistics.median(days), 1),
            p90_days=round(percentile(days, 0.9), 1),
        )
        for month, days in sorted(by_month.items())
    ]


def _month_start(day: date) -> date:
    return day.replace(day=1)


@dataclass(frozen=True)
class MemberDecisions:
    name: str
    approvals: int
    changes_requested: int
    reaffirmations: int

    @property
    def total(self) -> int:
        return self.approvals + self.changes_requested + self.reaffirmations


def decisions_per_member() -> list[MemberDecisions]:
    """From the workflow log, so a decision counts even if the member left the board."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        WorkflowEvent.objects.filter(action__in=DECISIONS)
        .values("actor_id", "action")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["actor_id"], {})[row["action"]] = row["n"]
    names = dict(
        BoardMember.objects.filter(user_id__in=counts).values_list("user_id", "display_name")
    )
    members = [
        MemberDecisions(
            name=names.get(user_id, f"user #{user_id}"),
            approvals=by_action.get(Action.APPROVE, 0),
            changes_requested=by_action.get(Action.REQUEST_CHANGES, 0),
            reaffirmations=by_action.get(Action.REAFFIRM, 0),
        )
        for user_id, by_action in counts.items()
    ]
    return sorted(members, key=lambda m: (-m.total, m.name))


@dataclass(frozen=True)
class Overdue:
    pk: int
    slug: str
    question: str
    due: date
    days_overdue: int


def articles_overdue(*, today: date | None = None) -> list[Overdue]:
    """Live articles whose periodic re-review date has passed, most overdue first."""
    today = today or timezone.localdate()
    rows = (
        Article.objects.filter(
            live_revision__isnull=False, withdrawn_at__isnull=True, next_review_due__lt=today
        )
        .order_by("next_review_due", "pk")
        .values_list("pk", "slug", "question", "next_review_due")
    )
    return [Overdue(pk, slug, q, due, (today - due).days) for pk, slug, q, due in rows]


@dataclass(frozen=True)
class Reports:
    per_state: dict[str, int]
    per_state_chart: str
    times: list[MonthTimes]
    times_chart: str
    members: list[MemberDecisions]
    members_chart: str
    overdue: list[Overdue]
    overdue_chart: str

    @property
    def per_state_rows(self) -> list[tuple[str, int]]:
        return [(STATE_LABELS[key], n) for key, n in self.per_state.items()]


def reports_build(*, today: date | None = None) -> Reports:
    per_state = articles_per_state()
    times = decision_times(today=today)
    members = decisions_per_member()
    overdue = articles_overdue(today=today)
    return Reports(
        per_state=per_state,
        per_state_chart=bar_chart_svg(
            title="Articles per state",
            bars=[(STATE_LABELS[k], n) for k, n in per_state.items()],
        ),
        times=times,
        times_chart=grouped_bar_chart_svg(
            title="Days from submission to decision, per month",
            groups=[f"{t.month:%b %Y}" for t in times],
            series=[
                ("Median", [t.median_days for t in times]),
                ("90th percentile", [t.p90_days for t in times]),
            ],
        ),
        members=members,
        members_chart=grouped_bar_chart_svg(
            title="Decisions per board member",
            groups=[m.name for m in members],
            series=[
                ("Approvals", [m.approvals for m in members]),
                ("Changes requested", [m.changes_requested for m in members]),
                ("Reaffirmations", [m.reaffirmations for m in members]),
            ],
        ),
        overdue=overdue,
        overdue_chart=bar_chart_svg(
            title="Days overdue for re-review",
            bars=[(o.question, o.days_overdue) for o in overdue[:20]],
        ),
    )
