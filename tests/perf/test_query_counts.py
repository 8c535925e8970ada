"""No N+1 anywhere: every list page, and the article page, needs no more SQL queries for 30
rows than for 3 (and no more than a fixed handful). Caches are emptied before each count, so
the full rendering path is what is counted."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings

from articles.models import Article, ReaderQuestion
from articles.pagecache import local_tier_clear
from references.models import Reference
from reviews.workflow import revision_start_review
from tests.conftest import freeze_revision, make_article, make_reference

SMALL, LARGE = 3, 30


@pytest.fixture(autouse=True)
def _clock_stands_still(time_machine):
    # On a slow machine a minute between two counted requests makes the session middleware
    # record the activity: one more query that has nothing to do with the rows.
    time_machine.move_to("2026-01-05 09:00", tick=False)


def queries_for(client: Client, url: str) -> int:
    """The queries one GET of `url` runs, counted at the connection (the test client's
    request_started signal clears Django's own query log mid-request)."""
    cache.clear()
    local_tier_clear()
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(executed)


def logged_in(user) -> Client:
    client = Client()
    # force_login's request has no client address for django-axes to record.
    with override_settings(AXES_ENABLED=False):
        client.force_login(user)
    return client


def articles(editor, n: int, *, state: str = "approved") -> None:
    """`n` articles in all (cheap ones: a cited lead claim and one section of two claims),
    each with a revision in `state`."""
    ref = Reference.objects.filter(doi="10.1000/shared").first() or make_reference(
        title="Shared source", doi="10.1000/shared"
    )
    for i in range(Article.objects.count(), n):
        article = make_article(
            editor,
            slug=f"article-{i:02d}",
            question=f"Does treatment {i:02d} help?",
            sections=1,
            references=[ref],
        )
        freeze_revision(article, editor, state=state)


def assert_flat(client: Client, url: str, grow: Callable[[int], None], *, most: int) -> None:
    grow(SMALL)
    queries_for(client, url)  # once first: per-process caches (the Site, content types) fill
    small = queries_for(client, url)
    grow(LARGE)
    large = queries_for(client, url)
    # Never more for more rows (a merged timeline may even need fewer: a full page sooner).
    assert large <= small, f"{url}: {small} queries for {SMALL} rows, {large} for {LARGE}"
    assert large <= most, f"{url}: {large} queries"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search/?q=treatment",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/feeds/approved.rss",
        "/feeds/approved.atom",
        "/api/v1/articles/",
    ],
)
def test_public_lists_need_the_same_queries_for_3_and_30_articles(client, editor, url):
    assert_flat(client, url, lambda n: articles(editor, n), most=4)


def test_the_api_reference_list_is_flat(editor):
    def grow(n):
        for i in range(Reference.objects.count(), n):
            make_reference(title=f"Source {i}", doi=f"10.1000/s.{i}")

    assert_flat(logged_in(editor), "/api/v1/references/", grow, most=6)


def test_the_api_revision_list_is_flat(editor):
    article = make_article(editor, sections=1)

    def grow(n):
        for number in range(article.revisions.count() + 1, n + 1):
            freeze_revision(article, editor, number=number)

    assert_flat(logged_in(editor), f"/api/v1/articles/{article.slug}/revisions/", grow, most=6)


def test_the_board_page_is_flat(client, db):
    from tests.conftest import make_board_member, make_user

    def grow(n):
        from reviews.models import BoardMember

        for i in range(BoardMember.objects.count(), n):
            make_board_member(make_user(f"member{i}"), name=f"Member {i}")

    assert_flat(client, "/board/", grow, most=3)


def test_the_editor_dashboard_is_flat(editor):
    # 18 for the page, 1 more since the staff bar counts drafts, reviews and due articles.
    assert_flat(logged_in(editor), "/editor/", lambda n: articles(editor, n), most=19)


def test_the_editor_dashboard_of_every_article_is_flat(chief, editor):
    assert_flat(logged_in(chief), "/editor/?scope=all", lambda n: articles(editor, n), most=19)


def test_the_editors_question_inbox_is_flat(editor):
    article = make_article(editor, sections=0)

    def grow(n):
        for i in range(ReaderQuestion.objects.count(), n):
            ReaderQuestion.objects.create(article=article, audience="patient", text=f"Q{i}?")

    # The staff bar's two counting queries included (articles/staff.py).
    assert_flat(logged_in(editor), "/editor/questions/", grow, most=11)


def test_the_review_queue_is_flat(editor, reviewer):
    def grow(n):
        articles(editor, n, state="submitted")
        # Some of them under review by this reviewer, so every part of the queue is filled.
        for article in Article.objects.filter(pending_revision__state="submitted")[: n // 3]:
            revision_start_review(revision=article.pending_revision, actor=reviewer)

    # One query per part of the queue, the approved revisions scheduled to go live included.
    assert_flat(logged_in(reviewer), "/review/", grow, most=13)


def test_the_audit_timeline_is_flat(admin_user, editor):
    # One query per history table (the merged timeline), so it grows with the audited
    # models (specialties, terms, synonyms, webhook endpoints, review assignments and
    # their rules), never with the rows.
    assert_flat(logged_in(admin_user), "/audit/", lambda n: articles(editor, n), most=29)


def test_an_articles_audit_timeline_is_flat(admin_user, editor):
    article = make_article(editor, sections=1)

    def grow(n):
        for number in range(article.revisions.count() + 1, n + 1):
            freeze_revision(article, editor, number=number)

    assert_flat(logged_in(admin_user), f"/audit/articles/{article.pk}/", grow, most=25)


def test_the_article_page_needs_three_queries_at_most_whatever_its_history(client, editor):
    """Rendering (cache cold): the ETag's columns, the article with its revision's
    content, and the "What changed" list, which grows with each approval."""
    article = make_article(editor, sections=2)

    def grow(n):
        for number in range(article.revisions.count() + 1, n + 1):
            freeze_revision(article, editor, number=number)

    assert_flat(client, f"/articles/{article.slug}/?audience=clinician", grow, most=3)
