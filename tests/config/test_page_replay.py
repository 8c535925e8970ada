"""A repeat request for an article page that the page cache answered gets the same answer
again without Django's handler (config/page_replay.py): byte for byte but for a new
request id, counted and logged, and only while nothing that answer was made from has
changed."""

import gzip
import io
import logging
import sys
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from prometheus_client import REGISTRY

from articles.pagecache import local_tier_clear
from config.page_replay import PageReplay
from tests.conftest import freeze_revision, make_article

BROWSER = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


class Django:
    """Django's handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def django_app():
    # As Django's test client does: the request signals must not close the connection
    # that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()
    local_tier_clear()
    yield Django()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def site(django_app):
    return PageReplay(django_app)


@pytest.fixture
def article(editor):
    article = make_article(editor)
    freeze_revision(article, editor)
    return article


class Reply:
    def __init__(self, status: str, headers: list, body: bytes):
        self.status_code = int(status.split()[0])
        self.headers = headers
        self.body = body

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key == name), None)

    def without_request_id(self) -> tuple:
        return (self.status_code, [h for h in self.headers if h[0] != "X-Request-ID"], self.body)


def get(app, path: str, query: str = "", *, method: str = "GET", **variables) -> Reply:
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **variables,
    }
    said = {}

    def start_response(status, headers, exc_info=None):
        said.update(status=status, headers=list(headers))

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Reply(said["status"], said["headers"], body)


def _kept(site, django_app, article, query="audience=patient", **variables) -> Reply:
    """Django renders the page, then answers it from the page cache: that answer is kept."""
    path = article.get_absolute_url()
    assert get(site, path, query, **variables).get("X-Page-Cache") == "miss"
    hit = get(site, path, query, **variables)
    assert hit.get("X-Page-Cache") == "hit"
    assert django_app.calls == 2
    return hit


def test_a_repeat_request_gets_the_page_caches_answer_again_without_django(
    site, django_app, article
):
    hit = _kept(site, django_app, article, **BROWSER)

    again = get(site, article.get_absolute_url(), "audience=patient", **BROWSER)

    assert django_app.calls == 2
    assert again.without_request_id() == hit.without_request_id()
    assert again.get("X-Request-ID") != hit.get("X-Request-ID")
    assert again.get("Content-Encoding") == "gzip"
    assert b"What helps back pain?" in gzip.decompress(again.body)
    # Every header the whole chain wrote is there: security headers, policy, cookie.
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert again.get(name) == hit.get(name) is not None
    assert again.get("Set-Cookie") == hit.get("Set-Cookie") is not None


def test_a_304_is_given_again_too(site, django_app, article):
    etag = _kept(site, django_app, article, **BROWSER).get("ETag")
    revalidate = {**BROWSER, "HTTP_IF_NONE_MATCH": etag}
    first = get(site, article.get_absolute_url(), "audience=patient", **revalidate)
    assert first.status_code == 304
    calls = django_app.calls

    again = get(site, article.get_absolute_url(), "audience=patient", **revalidate)

    assert django_app.calls == calls
    assert again.without_request_id() == first.without_request_id()
    assert again.body == b""


def test_the_audience_cookie_has_a_max_age_and_no_date_so_it_can_be_given_again(
    site, django_app, article
):
    cookie = _kept(site, django_app, article).get("Set-Cookie")

    assert "audience=patient" in cookie
    assert "Max-Age=31536000" in cookie
    assert "expires" not in cookie.lower()


def test_a_new_revision_goes_back_to_django(site, django_app, article, editor):
    _kept(site, django_app, article)
    article.question = "What helps upper back pain?"
    article.save()
    freeze_revision(article, editor, number=2)

    page = get(site, article.get_absolute_url(), "audience=patient")

    assert django_app.calls == 3
    assert b"What helps upper back pain?" in page.body


def test_the_day_the_page_changes_goes_back_to_django(site, django_app, article):
    # The page is the same from one day to the next, until its review falls due: then it
    # says so, and its ETag changes.
    article.next_review_due = timezone.localdate() + timedelta(days=1)
    article.save()
    kept = _kept(site, django_app, article)

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        local_tier_clear()  # a real process holds a state no longer than 2 seconds
        overdue = get(site, article.get_absolute_url(), "audience=patient")

    assert django_app.calls == 3
    assert overdue.get("ETag") != kept.get("ETag")


@pytest.mark.parametrize(
    "variables",
    [
        {"HTTP_ACCEPT_ENCODING": "identity"},
        {"HTTP_HOST": "other.example"},
        {"wsgi.url_scheme": "https"},
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "messages=abc"},
        {"HTTP_IF_MODIFIED_SINCE": "Mon, 02 Mar 2026 09:30:00 GMT"},
    ],
    ids=["encoding", "host", "scheme", "session", "message", "conditional"],
)
def test_a_request_that_differs_in_anything_the_answer_depends_on_goes_to_django(
    site, django_app, article, variables
):
    _kept(site, django_app, article, **BROWSER)

    get(site, article.get_absolute_url(), "audience=patient", **{**BROWSER, **variables})

    assert django_app.calls == 3


def test_a_signed_in_person_is_never_given_a_kept_answer(site, django_app, article, editor):
    from django.test import Client

    client = Client()
    client.force_login(editor)
    session = f"sessionid={client.cookies['sessionid'].value}"

    for _ in range(3):
        page = get(site, article.get_absolute_url(), "audience=patient", HTTP_COOKIE=session)
        assert page.get("Cache-Control") == "private, no-store"

    assert django_app.calls == 3
    assert len(site._answers) == 0


def test_an_unknown_host_is_refused_by_django_even_for_a_kept_page(site, django_app, article):
    _kept(site, django_app, article)

    refused = get(site, article.get_absolute_url(), "audience=patient", HTTP_HOST="evil.example")

    assert refused.status_code == 400
    assert django_app.calls == 3


@pytest.mark.parametrize("method", ["HEAD", "POST"])
def test_only_a_get_is_given_again(site, django_app, article, method):
    _kept(site, django_app, article)

    get(site, article.get_absolute_url(), "audience=patient", method=method)

    assert django_app.calls == 3


def test_other_pages_and_queries_go_to_django(site, django_app, article):
    _kept(site, django_app, article)

    get(site, article.get_absolute_url(), "audience=patient&x=1")
    get(site, "/")

    assert django_app.calls == 4


def test_a_given_again_answer_is_counted_and_logged_with_its_request_id(
    site, django_app, article, caplog
):
    _kept(site, django_app, article)
    labels = {"view": "articles:detail", "method": "GET", "status": "200"}
    requests = REGISTRY.get_sample_value("medcms_http_requests_total", labels) or 0
    hits = REGISTRY.get_sample_value(
        "medcms_page_cache_total", {"view": "articles:detail", "result": "hit"}
    )

    with caplog.at_level(logging.INFO, logger="monitoring.requests"):
        again = get(
            site,
            article.get_absolute_url(),
            "audience=patient",
            HTTP_X_REQUEST_ID="proxy-request-0001",
        )

    assert django_app.calls == 2
    assert again.get("X-Request-ID") == "proxy-request-0001"
    assert REGISTRY.get_sample_value("medcms_http_requests_total", labels) == requests + 1
    assert (
        REGISTRY.get_sample_value(
            "medcms_page_cache_total", {"view": "articles:detail", "result": "hit"}
        )
        == hits + 1
    )
    [line] = [r for r in caplog.records if r.name == "monitoring.requests"]
    assert line.path == article.get_absolute_url()
    assert (line.status, line.view, line.page_cache) == (200, "articles:detail", "hit")
    assert line.client == "127.0.0.1"


def test_the_kept_answers_are_bounded_in_bytes(django_app, article):
    site = PageReplay(django_app, budget=20_000)
    first = _kept(site, django_app, article)
    assert len(first.body) > 10_000

    # The same page to a reader who chose that audience before: another answer of the
    # same size, and the least recently used makes way for it.
    chose = {"HTTP_COOKIE": "audience=patient"}
    get(site, article.get_absolute_url(), "audience=patient", **chose)
    get(site, article.get_absolute_url(), "audience=patient", **chose)
    assert django_app.calls == 3
    assert len(site._answers) == 1
    get(site, article.get_absolute_url(), "audience=patient")

    assert django_app.calls == 4


def test_an_article_withdrawn_from_view_is_no_longer_given_again(site, django_app, article, editor):
    _kept(site, django_app, article)
    article.withdrawn_at = timezone.now()
    article.withdrawal_reason = "Superseded by new guidance"
    article.withdrawal_by = editor
    article.save()

    gone = get(site, article.get_absolute_url(), "audience=patient")

    assert gone.status_code == 410
    assert django_app.calls == 3


QUERIES = ["", "audience=patient", "audience=clinician", "audience=nobody"]
ENCODINGS = [None, "gzip, deflate, br", "gzip;q=0, br", "identity"]
COOKIES = [None, "audience=patient", "audience=clinician", "csrftoken=abc"]


def _shapes(etags: list[str]):
    for query in QUERIES:
        for encoding in ENCODINGS:
            for cookie in COOKIES:
                for etag in [None, *etags]:
                    variables = {"HTTP_ACCEPT_ENCODING": encoding, "HTTP_COOKIE": cookie}
                    variables["HTTP_IF_NONE_MATCH"] = etag
                    yield query, {k: v for k, v in variables.items() if v is not None}


def _same(reply: Reply) -> tuple:
    status, headers, body = reply.without_request_id()
    return status, sorted(headers), body


def test_for_every_shape_of_request_the_answer_given_again_is_djangos_own(
    site, django_app, article
):
    """Every combination of audience, Accept-Encoding, cookie and revalidation: the
    request asked three times through the replay gets, each time, exactly what Django
    alone answers to it."""
    path = article.get_absolute_url()
    alone = django_app.handler
    etags = [
        get(alone, path, "audience=patient", **encoding).get("ETag")
        for encoding in ({"HTTP_ACCEPT_ENCODING": "gzip"}, {})
    ]
    shapes = list(_shapes(etags))
    assert len(shapes) == 192

    for query, variables in shapes:
        get(alone, path, query, **variables)  # a first answer may render the page: "miss"
        django_answer = _same(get(alone, path, query, **variables))
        for _ in range(3):
            assert _same(get(site, path, query, **variables)) == django_answer, (query, variables)
    # Most of them were given again: all but the first of each shape Django's page cache
    # answers (anything with an audience= that names no audience, or none with a remembered
    # one, is Django's each time).
    assert 3 * len(shapes) - django_app.calls > len(shapes)


def test_an_answer_bigger_than_the_whole_budget_is_given_but_not_kept(django_app, article):
    site = PageReplay(django_app, budget=1_000)
    path = article.get_absolute_url()
    get(site, path, "audience=patient")

    hit = get(site, path, "audience=patient")

    assert hit.status_code == 200
    assert hit.get("X-Page-Cache") == "hit"
    assert len(site._answers) == 0


def test_what_a_request_brings_into_the_key_counts_against_the_budget(django_app, article):
    # A client sending a large, new cookie each time cannot keep more than the budget.
    site = PageReplay(django_app, budget=200_000)
    path = article.get_absolute_url()
    get(site, path, "audience=patient", **BROWSER)
    for n in range(30):
        cookie = {"HTTP_COOKIE": f"tracker={n:04d}{'x' * 7_000}"}
        get(site, path, "audience=patient", **BROWSER, **cookie)

    assert site._answers.currsize <= 200_000
    assert len(site._answers) < 30


def test_behind_a_proxy_its_https_header_is_part_of_what_the_answer_depends_on(
    django_app, article, settings
):
    # Production reads X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER): an https request may get
    # other headers (HSTS) than a plain one, so neither is given the other's answer.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    site = PageReplay(django_app)
    _kept(site, django_app, article, HTTP_X_FORWARDED_PROTO="http")

    get(site, article.get_absolute_url(), "audience=patient", HTTP_X_FORWARDED_PROTO="https")

    assert django_app.calls == 3
