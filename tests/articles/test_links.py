"""Every absolute link the site writes starts with settings.PUBLIC_BASE_URL
(articles/links.py): not the Host a request came in with, nor the Sites record, whose
"localhost" went out in emails and feeds."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from tests.conftest import freeze_revision, make_article

BASE = "https://answers.example.org"
# A host the site answers on (ALLOWED_HOSTS) that is not its public address.
OTHER_HOST = {"HTTP_HOST": "127.0.0.1"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.PUBLIC_BASE_URL = BASE
    cache.clear()


@pytest.fixture
def approved(editor):
    article = make_article(editor)
    revision = freeze_revision(article, editor)
    revision.reviewers = [
        {
            "name": "Rhea Viewer",
            "credentials": "MD",
            "slug": "reviewer1",
            "signed_at": "2025-11-12T10:00:00+00:00",
            "kind": "approved",
        }
    ]
    revision.decided_at = revision.submitted_at
    revision.save(update_fields=["reviewers", "decided_at"])
    return article


def _get(client, url, **params):
    response = client.get(url, params, **OTHER_HOST)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_article_page_links_to_itself_at_the_public_address(client, approved):
    html = _get(client, "/articles/back-pain/", audience="patient")
    assert f'<link rel="canonical" href="{BASE}/articles/back-pain/?audience=patient">' in html
    assert f'<meta property="og:url" content="{BASE}/articles/back-pain/?audience=patient">' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["url"] == f"{BASE}/articles/back-pain/"
    assert data["reviewedBy"][0]["url"] == f"{BASE}/board/#reviewer1"
    assert "127.0.0.1" not in html


def test_the_sitemap_and_robots_txt_use_the_public_address(client, approved):
    index = ET.fromstring(_get(client, "/sitemap.xml"))
    pages = ET.fromstring(_get(client, "/sitemap-pages.xml"))
    section = ET.fromstring(_get(client, "/sitemap-articles.xml"))
    roots = (index, pages, section)
    locations = [e.text for root in roots for e in root.iter() if e.tag.endswith("loc")]
    assert locations == [
        f"{BASE}/sitemap-pages.xml",
        f"{BASE}/sitemap-articles.xml",
        f"{BASE}/",
        f"{BASE}/?lang=es",
        f"{BASE}/board/",
        f"{BASE}/board/?lang=es",
        f"{BASE}/editorial-policy/",
        f"{BASE}/editorial-policy/?lang=es",
        f"{BASE}/medical-disclaimer/",
        f"{BASE}/medical-disclaimer/?lang=es",
        f"{BASE}/corrections/",
        f"{BASE}/corrections/?lang=es",
        f"{BASE}/articles/back-pain/",
    ]
    # The pages' language alternates too.
    alternates = [e.get("href") for e in pages.iter() if e.tag.endswith("}link")]
    assert alternates and all(href.startswith(f"{BASE}/") for href in alternates)
    assert f"Sitemap: {BASE}/sitemap.xml" in _get(client, "/robots.txt")


def test_the_rss_feed_links_to_the_public_address(client, approved):
    channel = ET.fromstring(_get(client, "/feeds/approved.rss")).find("channel")
    item = channel.find("item")
    assert channel.findtext("link") == f"{BASE}/"
    assert channel.find(f"{ATOM}link").get("href") == f"{BASE}/feeds/approved.rss"
    assert item.findtext("link") == f"{BASE}/articles/back-pain/"
    assert item.findtext("guid") == f"{BASE}/articles/back-pain/#revision-1"


def test_the_atom_feed_has_absolute_ids_and_an_author(client, approved, settings):
    feed = ET.fromstring(_get(client, "/feeds/approved.atom"))
    entry = feed.find(f"{ATOM}entry")
    assert feed.findtext(f"{ATOM}id") == f"{BASE}/"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{BASE}/feeds/approved.atom"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == settings.SITE_NAME
    assert feed.findtext(f"{ATOM}author/{ATOM}uri") == f"{BASE}/"
    assert entry.findtext(f"{ATOM}id") == f"{BASE}/articles/back-pain/#revision-1"
    assert entry.find(f"{ATOM}link").get("href") == f"{BASE}/articles/back-pain/"


def test_the_apis_links_use_the_public_address(client, approved):
    detail = json.loads(_get(client, "/api/v1/articles/back-pain/"))
    assert detail["links"] == {
        "api": f"{BASE}/api/v1/articles/back-pain/",
        "document": f"{BASE}/api/v1/articles/back-pain/document",
        "web": f"{BASE}/articles/back-pain/",
    }
    listing = json.loads(_get(client, "/api/v1/articles/"))
    assert listing["results"][0]["url"] == f"{BASE}/api/v1/articles/back-pain/"
