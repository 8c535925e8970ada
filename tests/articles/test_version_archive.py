"""The public version archive: every approved revision keeps a page that renders exactly
the content the board signed, says it is not the current version, and sends search
engines to the current page."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import Claim
from articles.rendering import article_render
from articles.snapshot import content_hash
from reviews.models import Signature
from reviews.workflow import (
    revision_approve,
    revision_start_review,
    revision_submit,
    revision_withdraw,
)
from tests.conftest import PASSWORD, make_article

BODY = re.compile(r'<div class="article-body" lang="en">.*?\n</div>', re.S)


def _reword(article, editor, text: str) -> None:
    claim = Claim.objects.filter(section__article=article).first()
    claim.text = text
    claim._history_user = editor
    claim.save()


def _publish(article, editor, reviewer, *, comment: str, change_type: str):
    revision = revision_submit(
        article=article, actor=editor, comment=comment, change_type=change_type
    )
    revision_start_review(revision=revision, actor=reviewer)
    return revision_approve(revision=revision, actor=reviewer, password=PASSWORD)


@pytest.fixture
def history(editor, reviewer):
    """Version 1 approved, version 2 approved and live, revision 3 withdrawn."""
    article = make_article(editor)
    first = _publish(article, editor, reviewer, comment="First version", change_type="update")
    _reword(article, editor, "Keep moving; heat helps for a few days.")
    second = _publish(article, editor, reviewer, comment="Heat", change_type="correction")
    _reword(article, editor, "Bed rest helps.")
    third = revision_submit(article=article, actor=editor, comment="Rest")
    revision_withdraw(revision=third, actor=editor)
    return article, first, second, third


def _url(article, number: int) -> str:
    return reverse("articles:version", args=[article.slug, number])


def test_an_old_version_renders_exactly_the_content_that_was_signed(client, history):
    article, first, _second, _third = history
    page = client.get(_url(article, 1)).content.decode()

    signed = Signature.objects.get(revision=first)
    assert content_hash(first.content) == signed.content_hash == first.content_hash
    expected = render_to_string(
        "articles/_article_body.html",
        {"rendered": article_render(content=first.content, audience="clinician")},
    )
    assert BODY.search(page).group(0) == BODY.search(expected).group(0)
    assert "Keep moving and use heat." in page and "heat helps for a few days" not in page
    assert f'<code class="content-hash">{signed.content_hash}</code>' in page


def test_an_old_version_says_it_is_not_current_and_points_search_engines_away(client, history):
    article, _first, second, _third = history
    response = client.get(_url(article, 1))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>This is not the current version.</strong>" in page
    assert f'datetime="{second.decided_at:%Y-%m-%d}"' in page  # replaced on
    assert '<meta name="robots" content="noindex">' in page
    assert '<link rel="canonical" href="http://testserver/articles/back-pain/">' in page
    assert "Update (new or changed evidence)" in page
    assert "Approved and signed by" in page and "Rhea Viewer, MD, FACP" in page
    assert response["Cache-Control"] == "public, max-age=300"


def test_the_current_version_s_page_says_so(client, history):
    article, *_ = history
    page = client.get(_url(article, 2)).content.decode()
    assert "the version readers see now" in page and "not the current version" not in page
    assert "Correction (no clinical change)" in page


@pytest.mark.parametrize("number", [3, 4])
def test_a_revision_never_approved_has_no_version_page(client, history, number):
    article, *_ = history
    assert client.get(_url(article, number)).status_code == 404


def test_an_article_never_published_has_no_archive(client, editor):
    article = make_article(editor, slug="unpublished")
    revision_submit(article=article, actor=editor, comment="Draft")
    assert client.get(_url(article, 1)).status_code == 404
    assert client.get(reverse("articles:versions", args=[article.slug])).status_code == 404


def test_the_list_of_versions_names_each_approved_one_newest_first(client, history):
    article, *_ = history
    page = client.get(reverse("articles:versions", args=[article.slug])).content.decode()
    assert re.findall(r'id="version-(\d+)"', page) == ["2", "1"]
    assert 'href="/articles/back-pain/versions/1/"' in page
    assert "Version 2</a> (current)" in page
    assert '<meta name="robots" content="noindex">' in page


def test_the_article_page_links_to_all_versions_and_to_each(client, history):
    article, *_ = history
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/articles/back-pain/versions/">All versions</a>' in page
    assert 'href="/articles/back-pain/versions/1/"' in page


def test_a_version_page_takes_three_queries_and_revalidates_with_its_etag(
    client, history, django_assert_max_num_queries
):
    article, *_ = history
    with django_assert_max_num_queries(3):
        response = client.get(_url(article, 1))
    again = client.get(_url(article, 1), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    patient = client.get(_url(article, 1) + "?audience=patient")
    assert patient["ETag"] != response["ETag"]
    assert "Stay active." in patient.content.decode()


def test_the_api_lists_versions_and_renders_one_as_signed(client, history):
    _article, first, second, _third = history
    listed = client.get("/api/v1/articles/back-pain/versions/").json()
    assert [(v["number"], v["change_type"], v["is_current"]) for v in listed] == [
        (2, "correction", True),
        (1, "update", False),
    ]
    assert listed[1]["links"]["web"] == "http://testserver/articles/back-pain/versions/1/"

    body = client.get("/api/v1/articles/back-pain/versions/1/").json()
    assert body["content_hash"] == first.content_hash
    assert body["superseded_at"].startswith(f"{second.decided_at:%Y-%m-%d}")
    assert body["sections"][0]["claims"][0]["text"] == "Keep moving and use heat."
    missing = client.get("/api/v1/articles/back-pain/versions/3/")
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
