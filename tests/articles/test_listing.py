"""Lists show what the board approved: editing the working copy's question, title,
specialty or origin changes the index, search, feeds and the API's list only once a
revision carrying the change goes live."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import article_update_metadata
from reviews.workflow import revision_approve, revision_start_review, revision_submit
from tests.conftest import PASSWORD, make_article

APPROVED = "What helps back pain?"
UNREVIEWED = "Does bleach cure back pain?"


def _publish(article, editor, reviewer, *, comment="First version"):
    revision = revision_submit(article=article, actor=editor, comment=comment)
    revision_start_review(revision=revision, actor=reviewer)
    return revision_approve(revision=revision, actor=reviewer, password=PASSWORD)


def _edit_details(article, editor, *, question=UNREVIEWED):
    from articles.models import Specialty

    Specialty.objects.get_or_create(name="Quackery")  # a listed specialty (admins add them)
    article = Article.objects.get(pk=article.pk)
    return article_update_metadata(
        article=article,
        actor=editor,
        question=question,
        title="Bleach for back pain",
        specialty="Quackery",
        origin="ai-drafted",
    )


@pytest.fixture
def published(editor, reviewer):
    article = make_article(editor, question=APPROVED)
    article.specialty = "Musculoskeletal medicine"
    article.save()
    _publish(article, editor, reviewer)
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def edited(published, editor):
    """The approved article whose details an editor changed without submitting."""
    return _edit_details(published, editor)


def test_the_index_shows_the_approved_question_not_an_unsubmitted_edit(client, edited):
    page = client.get(reverse("articles:index")).content.decode()
    assert APPROVED in page
    assert UNREVIEWED not in page
    assert "Quackery" not in page


def test_search_shows_the_approved_question_not_an_unsubmitted_edit(client, edited):
    page = client.get(reverse("articles:search"), {"q": "treatment"}).content.decode()
    assert APPROVED in page
    assert UNREVIEWED not in page


@pytest.mark.parametrize("feed", ["articles:feed-rss", "articles:feed-atom"])
def test_the_feeds_show_the_approved_question_not_an_unsubmitted_edit(client, edited, feed):
    body = client.get(reverse(feed)).content.decode()
    assert APPROVED in body
    assert UNREVIEWED not in body


def test_the_api_list_shows_the_approved_details_not_an_unsubmitted_edit(client, edited):
    (item,) = client.get("/api/v1/articles/").json()["results"]
    assert (item["question"], item["title"], item["specialty"], item["origin"]) == (
        APPROVED,
        "Back pain",
        "Musculoskeletal medicine",
        "human",
    )


def test_the_api_specialty_filter_matches_the_approved_specialty_only(client, edited):
    def slugs(specialty):
        body = client.get("/api/v1/articles/", {"specialty": specialty}).json()
        return [item["slug"] for item in body["results"]]

    assert slugs("quackery") == []
    assert slugs("musculoskeletal medicine") == ["back-pain"]


def test_the_edit_reaches_every_list_once_its_revision_goes_live(client, edited, editor, reviewer2):
    _publish(edited, editor, reviewer2, comment="Retitled")
    assert UNREVIEWED in client.get(reverse("articles:index")).content.decode()
    (item,) = client.get("/api/v1/articles/", {"specialty": "Quackery"}).json()["results"]
    assert (item["question"], item["origin"]) == (UNREVIEWED, "ai-drafted")


def test_a_pending_article_is_listed_with_the_question_under_review(client, editor, settings):
    settings.ARTICLES_SHOW_PENDING = True
    article = make_article(editor, slug="in-review", question="Is it pending?")
    revision_submit(article=article, actor=editor, comment="First version")
    assert "Is it pending?" in client.get(reverse("articles:index")).content.decode()


def test_the_index_query_count_stays_flat_with_more_articles(
    client, editor, reviewer, django_assert_max_num_queries
):
    for i in range(6):
        _publish(make_article(editor, slug=f"a{i}", question=f"Question {i}?"), editor, reviewer)
    with django_assert_max_num_queries(3):
        client.get(reverse("articles:index"))
