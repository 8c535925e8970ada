"""Redis goes away: pages are still served, rendered from the database; signing in,
questions and the API keep working; the outage is logged; and caching resumes by itself
when Redis is back (config/cache.py, articles/pagecache.py)."""

import pytest

from tests.faults.services import AppServer, Browser, app_environment, wait_for


@pytest.fixture
def server(database, redis):
    app = AppServer(app_environment(database_url=database, redis_url=redis.url)).start()
    yield app
    app.stop()


def _page_cache(answer) -> str:
    return answer.headers.get("x-page-cache", "")


def test_pages_are_served_from_the_database_while_redis_is_down(server, redis, seeded):
    reader = Browser(server.base)
    editor = Browser(server.base)
    approver = Browser(server.base)
    assert approver.sign_in("reviewer2", seeded["password"]).status == 302
    article = seeded["articles"]["redis"]
    approved = approver.post(
        f"/review/revisions/{article['revision']}/approve/",
        {
            "password": seeded["password"],
            "meaning": "Approved for medical accuracy",
            # Signing on the page confirms leaving the claims unchecked (reviews/workflow).
            "confirm_unchecked": "on",
        },
    )
    assert approved.status == 302
    page = f"/articles/{article['slug']}/"
    reader.get(page)
    assert _page_cache(reader.get(page)) == "hit"  # Redis holds the rendered page

    redis.stop()

    answer = reader.get(page)
    assert answer.status == 200
    assert "What helps back pain?" in answer.text
    for path in ("/", "/search/?q=pain", "/sitemap.xml", "/board/", "/api/v1/articles/"):
        assert reader.get(path).status == 200, path
    assert editor.sign_in("editor", seeded["password"]).status == 302
    assert editor.get("/editor/").status == 200
    question = reader.post(f"{page}question/", {"text": "Does heat help at night?"})
    assert question.status == 302
    log = server.log_text()
    assert "Redis is unavailable" in log
    assert "Internal Server Error" not in log

    redis.start()
    # Each pooled connection that died with Redis fails once more, as a cache miss; then
    # pages are kept and served from the cache again, with no restart.
    wait_for(
        lambda: _page_cache(reader.get(page)) == "hit",
        timeout=10,
        interval=0.2,
        what="the page cache to work again",
    )
