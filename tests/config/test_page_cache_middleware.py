"""A cached article page and a 304 are answered before the session, CSRF, auth, messages,
lockout (axes) and history middleware (config/middleware_pagecache.py), with every header
the full chain would give them."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import freeze_revision, make_article

# Headers that differ between any two responses, or are the point of the comparison.
PER_RESPONSE = {"Date", "X-Request-ID", "Set-Cookie"}


@pytest.fixture
def page(editor):
    cache.clear()
    article = make_article(editor)
    freeze_revision(article, editor)
    return f"{article.get_absolute_url()}?audience=patient"


@pytest.fixture
def late_middleware(monkeypatch):
    """Records which of the late middleware saw each request."""
    import axes.middleware
    import simple_history.middleware

    seen = []
    axes_call = axes.middleware.AxesMiddleware.__call__
    history_context = simple_history.middleware._context_manager

    def axes_spy(self, request):
        seen.append("axes")
        return axes_call(self, request)

    def history_spy(request):
        seen.append("history")
        return history_context(request)

    monkeypatch.setattr(axes.middleware.AxesMiddleware, "__call__", axes_spy)
    monkeypatch.setattr(simple_history.middleware, "_context_manager", history_spy)
    return seen


def test_a_cached_page_is_answered_before_the_session_auth_lockout_and_history(
    client, page, late_middleware, django_assert_num_queries
):
    assert client.get(page)["X-Page-Cache"] == "miss"
    late_middleware.clear()
    with django_assert_num_queries(0):
        hit = client.get(page)
    assert hit.status_code == 200
    assert hit["X-Page-Cache"] == "hit"
    assert late_middleware == []
    assert not hasattr(hit.wsgi_request, "session")
    assert not hasattr(hit.wsgi_request, "user")
    assert hit.wsgi_request.resolver_match.view_name == "articles:detail"


def test_a_304_is_answered_before_them_too(client, page, late_middleware):
    etag = client.get(page)["ETag"]
    late_middleware.clear()
    response = client.get(page, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert late_middleware == []
    assert not hasattr(response.wsgi_request, "session")


def test_a_miss_goes_through_the_whole_chain(client, page, late_middleware):
    response = client.get(page)
    assert response["X-Page-Cache"] == "miss"
    assert sorted(late_middleware) == ["axes", "history"]
    assert hasattr(response.wsgi_request, "user")


def test_a_signed_in_editor_goes_through_the_whole_chain(client, page, editor, late_middleware):
    client.get(page)
    client.force_login(editor)
    late_middleware.clear()
    response = client.get(page)
    assert "X-Page-Cache" not in response  # rendered for them, never from the cache
    assert sorted(late_middleware) == ["axes", "history"]


def test_any_other_query_goes_through_the_whole_chain(client, page, late_middleware):
    client.get(page)
    late_middleware.clear()
    client.get(page + "&utm_source=x")
    assert sorted(late_middleware) == ["axes", "history"]


def test_a_query_the_text_guard_refuses_is_still_refused(client, page):
    client.get(page)
    response = client.get(page + "&x=%01")
    assert response.status_code == 400
    assert hasattr(response.wsgi_request, "session")


def test_the_cached_answer_has_the_same_headers_as_through_the_whole_chain(client, page):
    client.get(page)
    early = client.get(page)
    # An unknown query parameter takes the whole chain to the view, which finds the same
    # cached page.
    late = client.get(page + "&utm_source=x")
    assert early["X-Page-Cache"] == late["X-Page-Cache"] == "hit"
    assert not hasattr(early.wsgi_request, "session")
    assert hasattr(late.wsgi_request, "session")

    def headers(response):
        return {k: v for k, v in response.headers.items() if k not in PER_RESPONSE}

    assert headers(early) == headers(late)
    assert early.content == late.content


def test_the_cached_answer_keeps_its_security_headers(client, page, settings):
    client.get(page)
    hit = client.get(page)
    assert hit["X-Page-Cache"] == "hit"
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == settings.SECURE_REFERRER_POLICY
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Cross-Origin-Opener-Policy"] == "same-origin"
    assert hit["Content-Length"] == str(len(hit.content))


def test_in_production_the_cached_answer_keeps_hsts(page, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()
    client.get(page, secure=True)
    hit = client.get(page, secure=True)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_miss_asks_the_page_cache_once_not_again_in_the_view(client, page, monkeypatch):
    import articles.views.public as public

    asked = []
    real = public.immutable_get

    def spy(key):
        if key.startswith("article-page-gz:"):
            asked.append(key)
        return real(key)

    monkeypatch.setattr(public, "immutable_get", spy)
    assert client.get(page)["X-Page-Cache"] == "miss"
    assert len(asked) == 1
    assert client.get(page)["X-Page-Cache"] == "hit"
