"""The public article page, byte for byte. Rendering is tuned for speed (the revision's
body is rendered once per content hash and audience, the templates avoid per-claim
includes); none of that may change one byte of what readers get. A 41-claim article, as
bench/seed.py writes them, with every kind of thing the body can show (narrative citations,
locators, grades, markup, retracted and web-only sources, headings for other audiences),
is rendered in each audience and compared with the HTML recorded before the tuning
(tests/articles/data/golden/). After an intended change to the page, record it again:
`GOLDEN_RECORD=1 pytest tests/articles/test_page_bytes.py`, and read the diff."""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from articles.models import Article, Revision
from articles.pagecache import local_tier_clear
from articles.snapshot import content_hash

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
WORDS = [
    *("pain", "relief", "activity", "heat", "guideline", "evidence", "dose", "patients"),
    *("acute", "chronic", "therapy", "exercise", "medication", "risk", "benefit", "trial"),
    *("review", "treatment", "muscle", "imaging", "referral"),
]
GRADES = ("high", "moderate", "low", "very_low", "not_graded")


def _sentence(seed: int, words: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words)).capitalize()


def _reference(i: int) -> dict:
    item = {
        "id": f"source{i}",
        "type": "article-journal",
        "genre": "Systematic review" if i % 3 else "Guideline",
        "title": f"Source {i}: <i>{_sentence(i, 6)}</i> & more",
        "author": [{"family": f"Author{i}", "given": "Ann B"}, {"family": "Second", "given": "C"}],
        "container-title": "Journal of Tests",
        "volume": str(i),
        "issue": "2",
        "page": f"{i}-{i + 9}",
        "issued": {"date-parts": [[2010 + i]]},
    }
    if i % 2 == 0:
        item["DOI"] = f"10.5555/test.{i}"
    if i % 4 == 1:
        item["PMID"] = str(31000000 + i)
    if i == 7:
        item.pop("DOI", None)
        item["URL"] = "https://example.org/guideline?x=1&y=2"
    if i == 11:
        item["retracted"] = True
    return item


def _claim(n: int) -> dict:
    keys = [f"r{(n + k) % 15}" for k in range(2 if n % 4 else 4)]
    text = _sentence(n, 20 + n % 9) + "."
    claim = {"uuid": f"00000000-0000-4000-8000-{n:012d}", "text": text, "citations": keys}
    claim["evidence"] = GRADES[n % len(GRADES)]
    if n % 6 == 0:
        claim["text"] = (
            f"As @source{n % 15} found, *heat* helps^2^ and H~2~O "
            "[works](https://example.org/a?b=1&c=2) -- often."
        )
    if n % 5 == 0:
        claim["citation_details"] = {
            keys[-1]: {
                "label": "page",
                "locator": "3-5",
                "prefix": "see",
                "suffix": "emphasis added",
            }
        }
    claim["texts"] = {
        "patient": _sentence(n + 1, 14) + ".",
        "student": f"Student text {n} 'quoted' \"too\".",
    }
    if n % 7 == 0:
        del claim["texts"]["student"]
    return claim


def seed_content() -> dict:
    sections = [{"kind": "lead", "heading": "", "claims": [_claim(0)]}]
    for s in range(10):
        section = {
            "kind": "body",
            "heading": f"Section {s + 1}: *what* to do & when",
            "claims": [_claim(1 + s * 4 + c) for c in range(4)],
        }
        if s % 3 == 0:
            section["heading_texts"] = {"patient": f"Patient heading {s + 1}"}
        sections.append(section)
    return {
        "schema": 1,
        "slug": "seed-article",
        "question": "What helps acute back pain & stiffness?",
        "title": "Acute back pain: what helps",
        "specialty": "Musculoskeletal medicine",
        "origin": "ai-drafted",
        "sections": sections,
        "references": {f"r{i}": _reference(i) for i in range(15)},
    }


@pytest.fixture
def seed_article(editor):
    with time_machine.travel(NOW, tick=False):
        content = seed_content()
        article = Article.objects.create(
            slug="seed-article", question=content["question"], title=content["title"], owner=editor
        )
        revision = Revision.objects.create(
            article=article,
            number=1,
            content=content,
            content_hash=content_hash(content),
            state="approved",
            comment="Seed",
            public_summary="First version & more.",
            submitted_by=editor,
            submitted_at=NOW,
            decided_at=NOW,
            reviewers=[
                {
                    "name": "Rhea Viewer",
                    "credentials": "MD, FACP",
                    "slug": "rhea",
                    "signed_at": NOW.isoformat(),
                }
            ],
        )
        article.live_revision = revision
        article.published_at = article.last_updated_at = article.last_reviewed_at = NOW
        article.next_review_due = NOW.date().replace(year=2027)
        from articles.listing import article_listing_set

        article_listing_set(article)
        article.save()
    return article


def _page(audience: str) -> str:
    cache.clear()
    local_tier_clear()
    response = Client().get(f"/articles/seed-article/?audience={audience}")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    return response.content.decode()


@pytest.mark.parametrize("audience", ["clinician", "patient", "student"])
def test_the_seed_article_page_is_byte_identical_to_the_recorded_html(seed_article, audience):
    with time_machine.travel(NOW, tick=False):
        html = _page(audience)
    golden = GOLDEN / f"seed-article-{audience}.html"
    if os.environ.get("GOLDEN_RECORD"):
        golden.write_text(html)
    assert html == golden.read_text()
