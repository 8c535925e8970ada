"""Search in the browser: a reader's words find the demo's articles, through a synonym and
through a typo (with "Did you mean"), and the page has no serious accessibility problem."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import SearchSynonym
from tests.e2e.browser import axe_violations, demo_specialties, describe

SORE_THROAT = "When should a sore throat be checked by a doctor?"
BACK_PAIN = "What are the treatment options for upper back pain?"


@pytest.fixture
def demo(db):
    # The live-server tests flush the tables between tests, and with them what the
    # migrations seed: the specialties the demo documents name and the synonyms.
    demo_specialties()
    call_command("load_demo", stdout=io.StringIO())
    SearchSynonym.objects.get_or_create(term="backache", defaults={"means": "back pain"})


def _search(open_page, words: str):
    page = open_page("/search/")
    page.get_by_label("Search words").fill(words)
    page.locator("#main").get_by_role("button", name="Search").click()  # not the header's box
    return page


@pytest.mark.parametrize(
    ("words", "question"),
    [("sore throat", SORE_THROAT), ("backache", BACK_PAIN), ("sore thraot", SORE_THROAT)],
)
def test_a_readers_words_find_the_demo_article(open_page, demo, words, question):
    page = _search(open_page, words)
    expect(page.get_by_role("link", name=question)).to_be_visible()


def test_the_pending_article_is_found_with_its_caution(open_page, demo):
    page = _search(open_page, "sore throat")
    expect(page.get_by_text("Exercise caution")).to_be_visible()


def test_a_typo_offers_did_you_mean_that_searches_again(open_page, demo, axe_source):
    page = _search(open_page, "sore thraot")
    page.get_by_role("link", name="sore throat", exact=True).click()
    expect(page.get_by_role("heading", name="1 result for “sore throat”")).to_be_visible()
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"
