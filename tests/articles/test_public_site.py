"""Trust signals, structured data, indexing, search and HTTP caching of the public site."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from articles.models import Claim
from articles.pagecache import article_page_forget
from articles.search import article_search_index
from tests.conftest import freeze_revision, make_article, make_reference

REVIEWERS = [
    {
        "name": "Rhea Viewer",
        "credentials": "MD, FACP",
        "slug": "reviewer1",
        "signed_at": "2025-11-12",
    }
]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _approve(article, user, *, number=1, comment="Test revision"):
    revision = freeze_revision(article, user, number=number)
    revision.reviewers = REVIEWERS
    revision.decided_at = revision.submitted_at
    revision.save(update_fields=["reviewers", "decided_at"])
    article.next_review_due = dt.date.today() + dt.timedelta(days=365)
    article.save()
    article_search_index(article=article, content=revision.content)
    return revision


@pytest.fixture
def approved(editor):
    ref = make_reference(title="Management of Low Back Pain", doi="10.1000/back.1")
    article = make_article(editor, references=[ref, make_reference(title="Second source")])
    article.specialty = "Musculoskeletal medicine"
    article.save()
    _approve(article, editor)
    return article


def _jsonld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_json_ld_values_equal_the_visible_ones(client, approved):
    html = client.get(approved.get_absolute_url()).content.decode()
    data = _jsonld(html)
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "What helps back pain?"
    assert data["lastReviewed"] == approved.last_reviewed_at.date().isoformat()
    assert f'<time datetime="{data["lastReviewed"]}">' in html
    assert data["dateModified"] == approved.last_updated_at.date().isoformat()
    assert data["datePublished"] == approved.published_at.date().isoformat()
    assert data["reviewedBy"] == [
        {
            "@type": "Person",
            "name": "Rhea Viewer",
            "honorificSuffix": "MD, FACP",
            "url": "http://testserver/board/#reviewer1",
        }
    ]
    assert "Rhea Viewer, MD, FACP" in html
    cited = [c["name"] for c in data["citation"]]
    listed = re.findall(r'<span class="ref-entry">(.*?)</span>', html)
    assert cited == ["Management of Low Back Pain", "Second source"]
    assert [title in entry for title, entry in zip(cited, listed, strict=True)] == [True, True]
    assert data["citation"][0]["url"] == "https://doi.org/10.1000/back.1"
    assert data["audience"] == {"@type": "MedicalAudience", "audienceType": "Clinician"}
    assert data["specialty"] == "Musculoskeletal medicine"


def test_json_ld_audience_follows_the_chosen_audience(client, approved):
    html = client.get(approved.get_absolute_url(), {"audience": "patient"}).content.decode()
    assert _jsonld(html)["audience"] == {"@type": "Patient"}


def test_json_ld_cannot_be_broken_out_of_by_user_text(client, editor):
    article = make_article(editor, question="Is </script><script>alert(1)</script> safe?")
    _approve(article, editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert _jsonld(html)["name"] == "Is </script><script>alert(1)</script> safe?"


def test_a_pending_page_claims_no_review_in_json_ld(client, editor):
    article = make_article(editor)
    freeze_revision(article, editor, state="submitted")
    data = _jsonld(client.get(article.get_absolute_url()).content.decode())
    assert "lastReviewed" not in data and "reviewedBy" not in data


def test_open_graph_and_meta_description(client, approved):
    html = client.get(approved.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="What helps back pain?">' in html
    assert '<meta name="description" content="Keep moving and use heat.">' in html


def test_trust_panel_shows_every_date(client, approved):
    html = client.get(approved.get_absolute_url()).content.decode()
    for label in ("Published", "Last updated", "Last reviewed", "Next review due"):
        assert f"<dt>{label}</dt>" in html
    assert "Review overdue" not in html


def test_a_page_past_its_review_date_says_so(client, approved):
    with time_machine.travel(dt.datetime.now() + dt.timedelta(days=400)):
        html = client.get(approved.get_absolute_url()).content.decode()
    assert "Review overdue." in html


def test_what_changed_lists_approved_revisions_with_their_comments(client, approved, editor):
    claim = Claim.objects.filter(section__article=approved).last()
    claim.text = "Updated claim text."
    claim.save()
    _approve(approved, editor, number=2, comment="ignored")
    revision = approved.revisions.get(number=2)
    assert revision.comment == "Test revision"
    html = client.get(approved.get_absolute_url()).content.decode()
    log = re.search(r'<ol class="change-log" reversed>(.*?)</ol>', html, re.S).group(1)
    assert log.count("<li>") == 2


def test_ai_drafted_origin_is_disclosed(client, editor):
    article = make_article(editor)
    article.origin = "ai-drafted"
    article.save()
    _approve(article, editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "drafted with the help of AI" in html


def test_evidence_labels_appear_only_on_graded_claims(client, editor):
    article = make_article(editor)
    graded = Claim.objects.filter(section__article=article).last()
    graded.evidence = "moderate"
    graded.save()
    _approve(article, editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="evidence evidence-') == 1
    assert 'aria-label="Moderate certainty of evidence. What this means."' in html
    assert 'id="evidence-levels"' in html


def test_a_matching_etag_answers_304(client, approved):
    first = client.get(approved.get_absolute_url())
    etag = first["ETag"]
    again = client.get(approved.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other_audience = client.get(
        approved.get_absolute_url(), {"audience": "patient"}, headers={"if-none-match": etag}
    )
    assert other_audience.status_code == 200


def test_the_etag_changes_when_a_new_revision_goes_live(client, approved, editor):
    etag = client.get(approved.get_absolute_url())["ETag"]
    _approve(approved, editor, number=2)
    response = client.get(approved.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200


def test_approved_pages_are_publicly_cacheable_and_pending_ones_are_not(client, approved, editor):
    response = client.get(approved.get_absolute_url(), {"audience": "patient"})
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")
    pending = make_article(editor, slug="pending")
    freeze_revision(pending, editor, state="submitted")
    response = client.get(pending.get_absolute_url(), {"audience": "clinician"})
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_bare_url_varies_by_cookie_because_it_may_redirect(client, approved):
    assert "Cookie" in client.get(approved.get_absolute_url())["Vary"]


def test_sitemap_lists_approved_articles_with_lastmod(client, approved, editor):
    pending = make_article(editor, slug="pending")
    freeze_revision(pending, editor, state="submitted")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert [e.text for e in index.findall("s:sitemap/s:loc", ns)] == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-articles.xml",
    ]
    root = ET.fromstring(client.get("/sitemap-articles.xml").content)
    urls = [
        (u.find("s:loc", ns).text, u.find("s:lastmod", ns).text) for u in root.findall("s:url", ns)
    ]
    assert urls == [
        ("http://testserver/articles/back-pain/", approved.last_reviewed_at.date().isoformat())
    ]


def test_the_sitemap_lists_the_home_board_and_policy_pages_in_each_language(client, db):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(client.get("/sitemap-pages.xml").content)
    entries = root.findall("s:url", ns)
    assert [u.find("s:loc", ns).text for u in entries] == [
        "http://testserver/",
        "http://testserver/?lang=es",
        "http://testserver/board/",
        "http://testserver/board/?lang=es",
        "http://testserver/editorial-policy/",
        "http://testserver/editorial-policy/?lang=es",
        "http://testserver/medical-disclaimer/",
        "http://testserver/medical-disclaimer/?lang=es",
        "http://testserver/corrections/",
        "http://testserver/corrections/?lang=es",
    ]
    # Each entry names both languages' pages and the English one as x-default.
    board_es = entries[3]
    assert {(a.get("hreflang"), a.get("href")) for a in board_es.findall("x:link", ns)} == {
        ("en", "http://testserver/board/"),
        ("es", "http://testserver/board/?lang=es"),
        ("x-default", "http://testserver/board/"),
    }


def test_the_home_board_and_policy_pages_name_their_other_language_in_the_head(client, db):
    for path in ("/", "/board/?lang=es", "/editorial-policy/"):
        html = client.get(path).content.decode()
        base = path.split("?")[0]
        assert f'<link rel="alternate" hreflang="en" href="http://testserver{base}">' in html
        assert (
            f'<link rel="alternate" hreflang="es" href="http://testserver{base}?lang=es">' in html
        )
        assert f'<link rel="alternate" hreflang="x-default" href="http://testserver{base}">' in html


def test_a_publication_is_in_the_sitemap_on_the_next_request(client, approved, editor):
    assert b"/articles/neck-pain/" not in client.get("/sitemap-articles.xml").content
    _approve(make_article(editor, slug="neck-pain"), editor)

    assert b"/articles/neck-pain/" in client.get("/sitemap-articles.xml").content


def test_a_repeated_sitemap_request_needs_no_query_and_keeps_its_headers(
    client, approved, django_assert_num_queries
):
    first = client.get("/sitemap-articles.xml")
    with django_assert_num_queries(0):
        again = client.get("/sitemap-articles.xml")

    assert again.content == first.content
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert again["Cache-Control"] == "public, max-age=600"


def test_made_up_sitemap_query_strings_are_not_cached(
    client, approved, django_assert_max_num_queries
):
    client.get("/sitemap-articles.xml?utm=1")
    with django_assert_max_num_queries(10) as captured:
        assert client.get("/sitemap-articles.xml?utm=1").status_code == 200
    assert len(captured) > 0  # rendered again: nothing was kept for it


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_workspaces(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /editor/" in body and "Disallow: /admin/" in body


@pytest.mark.parametrize("url", ["/feeds/approved.rss", "/feeds/approved.atom"])
def test_feeds_parse_and_list_approved_changes(client, approved, editor, url):
    pending = make_article(editor, slug="pending", question="Pending question?")
    freeze_revision(pending, editor, state="submitted")
    root = ET.fromstring(client.get(url).content)
    titles = [e.text for e in root.iter() if e.tag.endswith("title")]
    assert "What helps back pain?" in titles
    assert "Pending question?" not in titles


def test_search_finds_approved_articles_by_claim_text_with_highlighting(client, approved, editor):
    # The text of a revision in review is not searched (its question is: tests/articles/
    # test_search.py), though this one's claims say "heat" too.
    pending = make_article(editor, slug="pending", question="Pending question?")
    freeze_revision(pending, editor, state="submitted")
    html = client.get(reverse("articles:search"), {"q": "heat"}).content.decode()
    assert "What helps back pain?" in html
    assert "Pending question?" not in html
    assert re.search(r"<mark>heat</mark>", html, re.I)


def test_search_matches_plain_language_texts_too(client, approved):
    html = client.get(reverse("articles:search"), {"q": "active"}).content.decode()
    assert "What helps back pain?" in html


def test_search_escapes_the_query_and_handles_no_results(client, approved):
    html = client.get(reverse("articles:search"), {"q": "<b>zzzz</b>"}).content.decode()
    assert "<b>zzzz</b>" not in html
    assert "No article matches" in html


def test_a_question_posts_without_a_csrf_token_so_cached_pages_can_carry_the_form(approved):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("articles:question", kwargs={"slug": approved.slug}), {"text": "Is heat safe?"}
    )
    assert response.status_code == 302


def test_a_rendered_page_is_served_from_the_cache_with_at_most_one_query(
    client, approved, django_assert_num_queries
):
    first = client.get(approved.get_absolute_url(), {"audience": "patient"})
    assert first["X-Page-Cache"] == "miss"
    # The ETag's columns are cached for a few seconds too: no query at all.
    with django_assert_num_queries(0):
        second = client.get(approved.get_absolute_url(), {"audience": "patient"})
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Once those expire, one query of a few columns decides the ETag; the HTML is reused.
    article_page_forget(slug=approved.slug)
    with django_assert_num_queries(1):
        third = client.get(approved.get_absolute_url(), {"audience": "patient"})
    assert third["X-Page-Cache"] == "hit"
    assert third.content == first.content


def test_a_new_live_revision_is_never_served_from_an_old_cache_entry(client, approved, editor):
    client.get(approved.get_absolute_url())
    claim = Claim.objects.filter(section__article=approved).last()
    claim.text = "A newly approved statement."
    claim.save()
    _approve(approved, editor, number=2)
    response = client.get(approved.get_absolute_url(), {"audience": "clinician"})
    assert response["X-Page-Cache"] == "miss"
    assert "A newly approved statement." in response.content.decode()


def test_pages_are_still_served_when_the_cache_is_down(client, approved, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache server unreachable")

    monkeypatch.setattr("django.core.cache.cache.get", broken)
    monkeypatch.setattr("django.core.cache.cache.set", broken)
    response = client.get(approved.get_absolute_url(), {"audience": "patient"})
    assert response.status_code == 200
    assert "Stay active." in response.content.decode()


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client, approved):
    policy = client.get(approved.get_absolute_url())["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_approving_through_the_workflow_makes_the_article_searchable(
    client, editor, reviewer, password
):
    from reviews.workflow import revision_approve, revision_start_review, revision_submit

    article = make_article(editor, question="Does heat therapy help?")
    revision = revision_submit(article=article, actor=editor, comment="First version")
    revision_start_review(revision=revision, actor=reviewer)
    revision_approve(revision=revision, actor=reviewer, password=password)
    html = client.get(reverse("articles:search"), {"q": "heat"}).content.decode()
    assert "Does heat therapy help?" in html
