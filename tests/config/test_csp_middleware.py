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


def test_the_settings_policy_is_the_one_django_csp_builds_and_follows_a_changed_setting(
    client, db, settings
):
    from csp.utils import build_policy

    home = client.get("/")
    assert home["Content-Security-Policy"] == build_policy()

    # The policy is built once per process (config/middleware.py); a changed setting must
    # not be answered with the old one.
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["*"]}}
    changed = client.get("/")
    assert changed["Content-Security-Policy"] == build_policy()
    assert "img-src *" in changed["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"script-src": ["'none'"]}}
    assert "script-src 'none'" in client.get("/")["Content-Security-Policy-Report-Only"]


def test_a_view_that_widens_the_policy_or_asks_for_a_nonce_still_gets_its_own(client, db):
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "style-src 'self' 'unsafe-inline'" in docs["Content-Security-Policy"]
    assert "unsafe-inline" not in client.get("/")["Content-Security-Policy"]
