"""The content security policy goes on every response except a 304 (config/middleware.py),
which only revalidates a page the client already has with its policy."""

from django.core.cache import cache

from tests.conftest import freeze_revision, make_article


def test_a_page_has_the_policy_and_its_304_only_what_caches_need(client, editor):
    cache.clear()
    article = make_article(editor)
    freeze_revision(article, editor)
    page = client.get(article.get_absolute_url(), {"audience": "patient"})
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]

    again = client.get(
        article.get_absolute_url(), {"audience": "patient"}, headers={"if-none-match": page["ETag"]}
    )
    assert again.status_code == 304
    assert "Content-Security-Policy" not in again
    assert again["ETag"] == page["ETag"]
    assert again["Cache-Control"] == page["Cache-Control"]


def test_error_pages_keep_the_policy(client, db):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response
