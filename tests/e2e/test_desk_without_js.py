"""The desk with JavaScript off: every change is a plain form POST and a page load, and
its confirmation is shown where the change happened (the claim, the section, the form),
with the focus moved there so that it is read out and the next Tab goes on from there
(articles/placed_messages.py); never only as a banner at the top."""

from playwright.sync_api import Page, expect

from articles.models import Article, RevisionState
from tests.e2e.browser import sign_in


def _confirmed(page: Page, place: str, text: str) -> None:
    slot = page.locator(f'[data-placed="{place}"]')
    expect(slot).to_contain_text(text)
    expect(slot).to_be_focused()
    expect(page.locator(".messages")).to_have_count(0)


def test_without_javascript_each_change_is_confirmed_where_it_was_made(
    open_page, password, seed_article, editor2
):
    page = open_page(javascript=False)
    sign_in(page, "editor", password, next_path=f"/editor/articles/{seed_article.slug}/")
    assert page.evaluate("() => document.querySelector('[data-desk-ready]')") is None

    # A claim: its text is a link to the page with it open; saving comes back to it.
    claim = seed_article.sections.get(kind="lead").claims.get()
    item = page.locator(f"#claim-{claim.uuid}")
    item.locator("a.claim-open").click()
    item.get_by_label("Healthcare professional (default text)").fill(claim.text + " Really.")
    item.get_by_role("button", name="Save claim").click()
    _confirmed(page, f"claim-{claim.uuid}", "Claim saved.")

    # The article's details and its co-editors: the panel opens on its confirmation.
    page.get_by_text("Article details").click()
    page.get_by_label("Title").fill("Upper back pain: what helps")
    page.get_by_role("button", name="Save details").click()
    _confirmed(page, "details", "The article's details were saved.")
    page.get_by_label("editor2").check()
    page.get_by_role("button", name="Save co-editors").click()
    _confirmed(page, "co-editors", "Co-editors saved.")

    # A new section: its heading carries the confirmation.
    page.get_by_label("New section heading").fill("Sciatica")
    page.get_by_role("button", name="Add section").click()
    section = seed_article.sections.get(heading="Sciatica")
    _confirmed(page, f"section-{section.pk}", "Section added.")
    section.delete()  # an empty section would stop the submission

    # Submitting: the "In review" panel says so.
    page.get_by_role("link", name="Submit for review").click()
    page.get_by_label("Note to reviewers: what changed and why").fill("A clearer title.")
    page.get_by_label("What changed, for readers").fill("A clearer title.")
    page.get_by_label("Correction (no clinical change)").check()
    page.get_by_role("button", name="Submit for review").click()
    _confirmed(page, "review-state", "was submitted for review")

    article = Article.objects.get(pk=seed_article.pk)
    assert article.title == "Upper back pain: what helps"
    assert article.pending_revision.state == RevisionState.SUBMITTED
    assert list(article.co_editors.all()) == [editor2]


def test_without_javascript_a_new_article_opens_on_its_confirmation(open_page, editor, password):
    page = open_page(javascript=False)
    sign_in(page, "editor", password, next_path="/editor/new/")
    page.get_by_label("Question").fill("Does ice help a sprained ankle?")
    page.get_by_role("button", name="Start the article").click()
    _confirmed(page, "article", "The article was started.")
