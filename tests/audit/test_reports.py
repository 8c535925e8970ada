from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, Revision
from articles.snapshot import content_hash
from audit.charts import bar_chart_svg
from audit.reports import (
    articles_overdue,
    articles_per_state,
    decision_times,
    decisions_per_member,
    percentile,
)
from reviews.events import event_record
from reviews.models import Action

pytestmark = pytest.mark.django_db

TODAY = datetime(2025, 3, 15, 12, tzinfo=UTC)


def _article(owner, slug: str, **fields) -> Article:
    return Article.objects.create(slug=slug, question=f"{slug}?", owner=owner, **fields)


def _revision(article, owner, *, number=1, state="approved", submitted=None, days=None):
    content = {"slug": article.slug, "number": number}
    submitted = submitted or datetime(2025, 1, 1, tzinfo=UTC)
    return Revision.objects.create(
        article=article,
        number=number,
        content=content,
        content_hash=content_hash(content),
        state=state,
        comment="Test",
        submitted_by=owner,
        submitted_at=submitted,
        decided_at=submitted + timedelta(days=days) if days is not None else None,
    )


def test_percentiles_interpolate_between_the_closest_ranks():
    assert percentile([1, 2, 3, 4, 10], 0.9) == pytest.approx(7.6)
    assert percentile([5], 0.9) == 5
    assert percentile([1, 2], 0.5) == 1.5


def test_each_article_is_counted_once_in_the_state_of_its_newest_revision(editor):
    _article(editor, "draft")
    twice = _article(editor, "twice")
    _revision(twice, editor, number=1, state="approved")
    _revision(twice, editor, number=2, state="submitted")
    changes = _article(editor, "changes")
    _revision(changes, editor, state="changes_requested")
    approved = _article(editor, "approved")
    _revision(approved, editor, state="approved")
    counts = articles_per_state()
    assert counts == {
        "draft": 1,
        "submitted": 1,
        "under_review": 0,
        "changes_requested": 1,
        "approved": 1,
        "scheduled": 0,
        "withdrawn": 0,
    }


@time_machine.travel(TODAY, tick=False)
def test_median_and_90th_percentile_days_to_decision_per_month(editor):
    january = datetime(2025, 1, 1, 8, tzinfo=UTC)
    for n, days in enumerate([1, 2, 3, 4, 10]):
        article = _article(editor, f"jan-{n}")
        _revision(article, editor, submitted=january, days=days)
    feb = _article(editor, "feb")
    february = datetime(2025, 2, 1, tzinfo=UTC)
    _revision(feb, editor, state="changes_requested", submitted=february, days=5)
    # Not decisions: a withdrawal, a revision still in review; and one too old to count.
    _revision(_article(editor, "gone"), editor, state="withdrawn", submitted=january)
    _revision(_article(editor, "open"), editor, state="under_review", submitted=january)
    _revision(_article(editor, "old"), editor, submitted=datetime(2023, 1, 1, tzinfo=UTC), days=100)
    times = decision_times()
    assert [(t.month, t.decisions, t.median_days, t.p90_days) for t in times] == [
        (date(2025, 1, 1), 5, 3.0, 7.6),
        (date(2025, 2, 1), 1, 5.0, 5.0),
    ]


def test_decisions_are_counted_per_board_member_from_the_workflow_log(editor, reviewer, reviewer2):
    article = _article(editor, "a")
    revision = _revision(article, editor)
    for actor, action in [
        (reviewer, Action.APPROVE),
        (reviewer, Action.APPROVE),
        (reviewer, Action.REAFFIRM),
        (reviewer2, Action.REQUEST_CHANGES),
        (reviewer2, Action.START_REVIEW),  # not a decision
    ]:
        comment = "Fix the dose" if action == Action.REQUEST_CHANGES else ""
        event_record(
            article=article, revision=revision, actor=actor, action=action, comment=comment
        )
    members = decisions_per_member()
    assert [(m.name, m.approvals, m.changes_requested, m.reaffirmations) for m in members] == [
        ("Rhea Viewer", 2, 0, 1),
        ("Ravi Second", 0, 1, 0),
    ]


@time_machine.travel(TODAY, tick=False)
def test_live_articles_past_their_review_date_are_overdue_most_overdue_first(editor):
    for slug, due in [("late", date(2025, 3, 1)), ("later", date(2024, 12, 15))]:
        article = _article(editor, slug, next_review_due=due)
        article.live_revision = _revision(article, editor)
        article.save()
    fine = _article(editor, "fine", next_review_due=date(2025, 6, 1))
    fine.live_revision = _revision(fine, editor)
    fine.save()
    _article(editor, "never-published", next_review_due=date(2024, 1, 1))
    assert [(o.slug, o.days_overdue) for o in articles_overdue()] == [
        ("later", 90),
        ("late", 14),
    ]


def test_charts_escape_their_labels_and_carry_no_script():
    svg = str(bar_chart_svg(title="T <b>", bars=[("<script>alert(1)</script>", 3)]))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "style=" not in svg  # the CSP allows no inline styles


def test_an_empty_chart_says_so():
    assert "No data yet." in str(bar_chart_svg(title="Nothing", bars=[]))


@time_machine.travel(TODAY, tick=False)
def test_editors_in_chief_see_the_reports_with_their_numbers(client, chief, editor, reviewer):
    article = _article(editor, "shown", next_review_due=date(2025, 3, 5))
    article.live_revision = _revision(
        article, editor, submitted=datetime(2025, 3, 1, tzinfo=UTC), days=2
    )
    article.save()
    event_record(article=article, revision=article.live_revision, actor=reviewer, action="approve")
    client.force_login(chief)
    response = client.get(reverse("audit:reports"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg class="chart"') == 4  # the header's search icon is the fifth
    # The charts are drawn on the server: the only script is the site's header one.
    assert html.count("<script") == 1 and "js/staff-link.js" in html
    reports = response.context["reports"]
    assert reports.per_state["approved"] == 1
    assert [(t.decisions, t.median_days) for t in reports.times] == [(1, 2.0)]
    assert [(m.name, m.approvals) for m in reports.members] == [("Rhea Viewer", 1)]
    assert [(o.slug, o.days_overdue) for o in reports.overdue] == [("shown", 10)]
    assert "<td>March 2025</td><td>1</td><td>2.0</td><td>2.0</td>" in html


def test_staff_see_the_reports_and_other_people_do_not(client, admin_user, editor):
    url = reverse("audit:reports")
    assert client.get(url).status_code == 302
    client.force_login(editor)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
