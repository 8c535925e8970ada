"""The demo's RSS and Atom feeds are well-formed and carry what their specifications
require (Atom: RFC 4287; RSS 2.0): the Nu checker reads HTML only, so the feeds are
checked here, element by element, without Java."""

import io
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def demo(db, settings):
    settings.PUBLIC_BASE_URL = "https://answers.example.org"
    call_command("load_demo", stdout=io.StringIO())


def _feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # raises on XML that is not well-formed


def _absolute(iri: str | None) -> bool:
    parts = urlsplit(iri or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _rfc3339(value: str | None) -> bool:
    try:
        return datetime.fromisoformat(value or "").tzinfo is not None
    except ValueError:
        return False


def atom_problems(feed: ET.Element) -> list[str]:
    problems = []
    if feed.tag != f"{ATOM}feed":
        return [f"the root is {feed.tag}, not an Atom feed"]
    entries = feed.findall(f"{ATOM}entry")
    if not entries:
        problems.append("the feed has no entries")
    for where, element in [("feed", feed), *((f"entry {i}", e) for i, e in enumerate(entries))]:
        if not _absolute(element.findtext(f"{ATOM}id")):
            problems.append(f"{where}: id {element.findtext(f'{ATOM}id')!r} is not absolute")
        if not (element.findtext(f"{ATOM}title") or "").strip():
            problems.append(f"{where}: no title")
        if not _rfc3339(element.findtext(f"{ATOM}updated")):
            problems.append(f"{where}: updated is not an RFC 3339 date")
        for link in element.findall(f"{ATOM}link"):
            if not _absolute(link.get("href")):
                problems.append(f"{where}: link {link.get('href')!r} is not absolute")
    if not (feed.findtext(f"{ATOM}author/{ATOM}name") or "").strip():
        without = [i for i, e in enumerate(entries) if not e.findtext(f"{ATOM}author/{ATOM}name")]
        if without:
            problems.append(f"no author for the feed nor for entries {without}")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    if len(set(ids)) != len(ids):
        problems.append("two entries share an id")
    if feed.find(f"{ATOM}link[@rel='self']") is None:
        problems.append("no rel=self link")
    return problems


def rss_problems(rss: ET.Element) -> list[str]:
    channel = rss.find("channel")
    if rss.tag != "rss" or rss.get("version") != "2.0" or channel is None:
        return ["not an RSS 2.0 document"]
    problems = [
        f"channel: no {name}" for name in ("title", "description") if not channel.findtext(name)
    ]
    if not _absolute(channel.findtext("link")):
        problems.append("channel: link is not absolute")
    items = channel.findall("item")
    if not items:
        problems.append("the channel has no items")
    for i, item in enumerate(items):
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"item {i}: neither title nor description")
        if not _absolute(item.findtext("link")):
            problems.append(f"item {i}: link is not absolute")
        if not _absolute(item.findtext("guid")):
            problems.append(f"item {i}: guid is not absolute")
        try:
            parsedate_to_datetime(item.findtext("pubDate") or "")
        except (TypeError, ValueError):
            problems.append(f"item {i}: pubDate is not an RFC 822 date")
    return problems


def test_the_atom_feed_of_the_demo_is_complete(client, demo):
    assert atom_problems(_feed(client, "/feeds/approved.atom")) == []


def test_the_rss_feed_of_the_demo_is_complete(client, demo):
    assert rss_problems(_feed(client, "/feeds/approved.rss")) == []


def test_the_atom_check_finds_a_relative_id_and_a_missing_author():
    feed = ET.fromstring(
        '<feed xmlns="http://www.w3.org/2005/Atom"><id>https://a.example/</id><title>t</title>'
        '<updated>2026-01-01T00:00:00+00:00</updated><link rel="self" href="https://a.example/f"/>'
        "<entry><id>/articles/x/#revision-1</id><title>x</title>"
        "<updated>2026-01-01T00:00:00+00:00</updated></entry></feed>"
    )
    assert atom_problems(feed) == [
        "entry 0: id '/articles/x/#revision-1' is not absolute",
        "no author for the feed nor for entries [0]",
    ]
