"""The public page's caches (articles/pagecache.py): what a page's ETag is made of is cached
per slug, and every write to it is visible on the very next request in the process that
made it, and within LOCAL_SECONDS in any other."""

import pytest
from cachetools import TTLCache
from django.core.cache import cache
from django.urls import reverse

from articles import pagecache
from articles.models import Claim, Revision
from articles.pagecache import article_page_state
from reviews.workflow import (
    article_reaffirm,
    revision_approve,
    revision_request_changes,
    revision_start_review,
    revision_submit,
)
from tests.conftest import make_article


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _publish(article, editor, reviewer, password, *, comment="First version"):
    # The comment is also the summary for readers here, so the page's "What changed" shows it.
    revision = revision_submit(
        article=article, actor=editor, comment=comment, public_summary=comment
    )
    revision_start_review(revision=revision, actor=reviewer)
    return revision_approve(revision=revision, actor=reviewer, password=password)


@pytest.fixture
def live(editor, reviewer, password):
    article = make_article(editor)
    _publish(article, editor, reviewer, password)
    return article


def _page(client, article, **headers):
    return client.get(article.get_absolute_url(), {"audience": "clinician"}, headers=headers)


def test_a_new_approval_is_visible_on_the_next_request_though_the_old_page_was_cached(
    client, live, editor, reviewer, password
):
    old = _page(client, live)
    assert _page(client, live)["X-Page-Cache"] == "hit"
    claim = Claim.objects.get(section__article=live, text="Claim 1.1 about treatment.")
    claim.text = "Claim 1.1, revised after new evidence."
    claim.save()
    _publish(live, editor, reviewer, password, comment="Revised claim 1.1")

    new = _page(client, live, if_none_match=old["ETag"])
    assert new.status_code == 200
    assert new["ETag"] != old["ETag"]
    html = new.content.decode()
    assert "Claim 1.1, revised after new evidence." in html
    assert "Revised claim 1.1" in html  # the "What changed" list


def test_a_reaffirmation_moves_the_review_date_on_the_next_request(
    client, live, reviewer, password
):
    old = _page(client, live)
    article_reaffirm(article=live, actor=reviewer, password=password)
    again = _page(client, live, if_none_match=old["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != old["ETag"]


def test_the_stepper_of_a_pending_article_follows_its_review_at_once(client, editor, reviewer):
    article = make_article(editor)
    revision = revision_submit(article=article, actor=editor, comment="First version")
    assert 'aria-current="step">Submitted' in _page(client, article).content.decode()
    revision_start_review(revision=revision, actor=reviewer)
    assert 'aria-current="step">Under Review' in _page(client, article).content.decode()
    revision_request_changes(revision=revision, actor=reviewer, comment="Cite a trial.")
    assert _page(client, article).status_code == 404


def test_an_unknown_slug_is_remembered_as_absent_until_an_article_takes_it(
    client, editor, reviewer, password, django_assert_num_queries
):
    url = reverse("articles:detail", kwargs={"slug": "back-pain"})
    assert client.get(url).status_code == 404
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 404
    article = make_article(editor, slug="back-pain")
    _publish(article, editor, reviewer, password)
    assert client.get(url).status_code == 200


def test_a_304_and_a_page_cache_hit_need_no_query_while_the_state_is_cached(
    client, live, django_assert_num_queries
):
    first = _page(client, live)
    with django_assert_num_queries(0):
        assert _page(client, live, if_none_match=first["ETag"]).status_code == 304
        assert _page(client, live)["X-Page-Cache"] == "hit"


def test_the_state_is_forgotten_again_when_the_transaction_commits(
    live, django_capture_on_commit_callbacks
):
    """A reader may cache the rows as they were between a write and its commit; the
    commit forgets them again."""
    assert article_page_state(slug=live.slug)["live"] is not None
    with django_capture_on_commit_callbacks(execute=True):
        live.question = "What helps low back pain?"
        live.save()
        assert cache.get(f"article-state:{live.slug}") is None
        article_page_state(slug=live.slug)  # a reader in between
        assert cache.get(f"article-state:{live.slug}") is not None
    assert cache.get(f"article-state:{live.slug}") is None


def test_saving_a_revision_forgets_its_article_state(live):
    article_page_state(slug=live.slug)
    revision = Revision.objects.get(article=live, state="approved")
    revision.comment = "First version, reworded"
    revision.save(update_fields=["comment"])
    assert cache.get(f"article-state:{live.slug}") is None


def test_the_setting_that_hides_pending_articles_applies_to_cached_state(client, editor, settings):
    article = make_article(editor)
    revision_submit(article=article, actor=editor, comment="First version")
    assert _page(client, article).status_code == 200
    settings.ARTICLES_SHOW_PENDING = False
    assert _page(client, article).status_code == 404


def test_the_api_detail_is_cached_and_the_same_as_a_fresh_render(
    client, live, editor, reviewer, password, django_assert_num_queries
):
    url = reverse("api:article-detail", args=[live.slug])
    fresh = client.get(url, {"audience": "patient"})
    with django_assert_num_queries(0):
        cached = client.get(url, {"audience": "patient"})
    assert cached.status_code == 200
    assert cached["Content-Type"] == "application/json"
    assert cached.json() == fresh.json()
    assert fresh.json()["audience"] == "patient"
    assert client.get(url).json()["audience"] == "clinician"

    claim = Claim.objects.get(section__article=live, text="Claim 1.1 about treatment.")
    claim.text = "Claim 1.1, revised."
    claim.save()
    _publish(live, editor, reviewer, password, comment="Revised")
    body = client.get(url, {"audience": "patient"}).json()
    assert body["review_status"]["revision"] == 2
    texts = [c["text"] for s in body["sections"] for c in s["claims"]]
    assert "Claim 1.1, revised." in texts


def test_the_index_is_served_from_the_cache_until_any_article_changes(
    client, live, editor, reviewer, password, django_assert_num_queries
):
    index = reverse("articles:index")
    assert client.get(index)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get(index)["X-Page-Cache"] == "hit"
    other = make_article(editor, slug="neck-pain", question="What helps neck pain?")
    _publish(other, editor, reviewer, password)
    response = client.get(index)
    assert response["X-Page-Cache"] == "miss"
    assert "What helps neck pain?" in response.content.decode()


def test_odd_page_numbers_are_rendered_but_not_cached(client, live):
    response = client.get(reverse("articles:index"), {"page": "x" * 50})
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_search_results_are_cached_until_an_article_is_published(
    client, live, editor, reviewer, password, django_assert_num_queries
):
    search = reverse("articles:search")
    assert client.get(search, {"q": "treatment"})["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get(search, {"q": "treatment"})["X-Page-Cache"] == "hit"
    other = make_article(editor, slug="neck-pain", question="What treatment helps neck pain?")
    _publish(other, editor, reviewer, password)
    response = client.get(search, {"q": "treatment"})
    assert response["X-Page-Cache"] == "miss"
    assert "What treatment helps neck pain?" in response.content.decode()


def test_a_recent_page_is_served_from_process_memory_without_the_shared_cache(
    client, live, django_assert_num_queries
):
    first = _page(client, live)
    cache.clear()  # as if Redis had lost everything (or were unreachable)

    with django_assert_num_queries(0):
        again = _page(client, live)

    assert (again["X-Page-Cache"], again.content) == ("hit", first.content)


def test_another_process_serves_the_new_version_within_the_local_bound(
    client, live, editor, reviewer, password, monkeypatch
):
    clock = [0.0]
    states = TTLCache(maxsize=100, ttl=pagecache.LOCAL_SECONDS, timer=lambda: clock[0])
    monkeypatch.setattr(pagecache, "_local_states", states)
    old = _page(client, live)
    held = states[live.slug]
    claim = Claim.objects.get(section__article=live, text="Claim 1.1 about treatment.")
    claim.text = "Claim 1.1, revised after new evidence."
    claim.save()
    _publish(live, editor, reviewer, password, comment="Revised claim 1.1")
    # Another worker process was not told: it still holds the state it read before.
    states[live.slug] = held

    stale = _page(client, live)
    clock[0] += pagecache.LOCAL_SECONDS + 0.01
    fresh = _page(client, live)

    assert stale["ETag"] == old["ETag"]
    assert fresh["ETag"] != old["ETag"]
    assert "Claim 1.1, revised after new evidence." in fresh.content.decode()


def test_a_value_too_large_for_the_local_tier_is_kept_only_in_the_shared_cache(monkeypatch):
    monkeypatch.setattr(pagecache, "LOCAL_VALUES_BYTES", 4_000)
    pagecache.immutable_set("small", b"x" * 900, timeout=60)
    pagecache.immutable_set("large", b"x" * 1_100, timeout=60)
    cache.clear()

    assert pagecache.immutable_get("small") == b"x" * 900
    assert pagecache.immutable_get("large") is None
