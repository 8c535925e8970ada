"""The editors' desk and the review queue show a revision approved to go live later, with
its time and how to cancel it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from reviews.workflow import revision_approve, revision_start_review, revision_submit
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(article, editor, reviewer):
    revision = revision_submit(article=article, actor=editor, comment="First version")
    return revision_start_review(revision=revision, actor=reviewer)


def test_the_queue_and_the_desk_show_a_scheduled_revision_with_its_time(
    client, in_review, reviewer, reviewer2, editor
):
    revision_approve(
        revision=in_review,
        actor=reviewer,
        password=PASSWORD,
        publish_at=timezone.now() + dt.timedelta(days=1),
    )
    article = Article.objects.get(pk=in_review.article_id)

    client.force_login(reviewer2)
    queue = client.get(reverse("reviews:queue")).content.decode()
    assert "Approved, scheduled to go live" in queue
    assert "goes live <time" in queue

    client.force_login(editor)
    desk = client.get(reverse("editor:article", kwargs={"slug": article.slug})).content.decode()
    assert "Approved, scheduled." in desk
    assert "and cancel its publication" in desk
    dashboard = client.get(reverse("editor:dashboard")).content.decode()
    assert "Approved, scheduled, goes live <time" in dashboard
