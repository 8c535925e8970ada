"""The staff bar offers each person what they may open, with counts from one selector in
a bounded number of queries; each role lands where its work is."""

import datetime
import re

import pytest
from django.urls import reverse

from articles.models import Article, QuestionStatus, ReaderQuestion
from articles.staff import staff_landing_url, staff_nav_for
from tests.conftest import freeze_revision, make_article, make_board_member, make_user

TODAY = datetime.date(2026, 6, 1)


def _bar(client, user, page="editor:dashboard") -> list[str]:
    client.force_login(user)
    html = client.get(reverse(page)).content.decode()
    bars = re.findall(r'<nav class="staff-nav" aria-label="Staff">(.*?)</nav>', html, re.S)
    assert len(bars) == 1, "every staff page has exactly one staff bar"
    return [
        " ".join(re.sub(r"<[^>]+>", " ", a).split())
        for a in re.findall(r"<a [^>]*>(.*?)</a>", bars[0], re.S)
    ]


def test_an_editor_sees_the_desk_with_counts_and_the_writing_tools(client, editor):
    links = _bar(client, editor)
    assert links == [
        "Desk",
        "My drafts 0",
        "In review 0",
        "Due for re-review 0",
        "Questions 0",
        "New article",
        "Import a document",
        "Import references",
    ]


def test_a_board_member_sees_the_desk_counts_and_the_queue_but_no_writing_tools(client, reviewer):
    links = _bar(client, reviewer, "reviews:queue")
    assert "Review queue" in links and "Desk" in links
    for tool in ("New article", "Import a document", "Questions 0", "Audit trail", "Admin"):
        assert tool not in links
    for name in ("editor:questions", "editor:article-new", "editor:import"):
        assert client.get(reverse(name)).status_code == 403


def test_an_administrator_sees_the_audit_trail_reports_and_admin(client, admin_user):
    links = _bar(client, admin_user, "audit:timeline")
    assert {"Audit trail", "Reports", "Admin"} <= set(links)


def test_an_editor_in_chief_sees_reports_but_not_the_audit_trail(client, chief):
    links = _bar(client, chief)
    assert "Reports" in links and "Audit trail" not in links


def test_the_counts_say_drafts_in_review_due_and_new_questions(editor, editor2, reviewer):
    draft = make_article(editor, slug="draft")
    in_review = make_article(editor, slug="in-review")
    freeze_revision(in_review, editor, state="submitted")
    due = make_article(editor, slug="due")
    freeze_revision(due, editor)
    Article.objects.filter(pk=due.pk).update(next_review_due=TODAY)
    co_edited = make_article(editor2, slug="co-edited")
    co_edited.co_editors.add(editor)
    make_article(editor2, slug="not-mine")
    ReaderQuestion.objects.create(text="And in pregnancy?")
    ReaderQuestion.objects.create(text="Spam", status=QuestionStatus.SPAM)

    nav = staff_nav_for(user=editor, today=TODAY)

    assert (nav.drafts, nav.in_review, nav.due, nav.questions) == (2, 1, 1, 1)
    assert draft.pk and staff_nav_for(user=reviewer, today=TODAY).in_review == 1


@pytest.mark.parametrize("articles", [1, 12])
def test_the_counts_take_the_same_few_queries_however_many_articles(
    editor, articles, django_assert_num_queries
):
    for number in range(articles):
        make_article(editor, slug=f"a{number}", sections=0)
    # The groups (twice), board membership, owned articles, the counts, the questions.
    with django_assert_num_queries(5):
        staff_nav_for(user=editor, today=TODAY)


def test_public_pages_look_the_same_signed_in_so_caches_can_share_them(client, editor):
    anonymous = client.get(reverse("articles:index")).content
    client.force_login(editor)
    signed_in = client.get(reverse("articles:index")).content
    assert b"Log out" not in signed_in and b'class="staff-nav"' not in signed_in
    assert signed_in == anonymous
    assert b'<li class="staff-link" hidden><a href="/staff/">Staff area</a></li>' in signed_in


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("editor", "/editor/"),
        ("chief", "/editor/"),
        ("reviewer", "/review/"),
        ("admin_user", "/audit/"),
        ("outsider", "/"),
    ],
)
def test_each_role_lands_where_its_work_is(request, who, landing):
    assert staff_landing_url(request.getfixturevalue(who)) == landing


def test_an_editor_on_the_board_lands_at_the_desk_first(db):
    user = make_user("both", groups=["Editors"])
    make_board_member(user, name="Bo Th")
    assert staff_landing_url(user) == "/editor/"


def test_an_owner_outside_the_editor_groups_lands_at_the_desk(outsider):
    make_article(outsider, slug="theirs", sections=0)
    assert staff_landing_url(outsider) == "/editor/"
