"""The reader's article page in a real browser: the answer in the first screen on a phone
and on a laptop, an audience switch that keeps the reader's place, and citations that lead
to their source and back to the sentence."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import axe_violations, describe, screenshot

PATIENT_LEAD = "For new upper back pain, most people start with a pain reliever"
CLINICIAN_LEAD = "For acute upper back pain, start with NSAIDs"


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_the_lead_summary_is_inside_the_first_screen(open_page, seed_article, width, height):
    page = open_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/articles/{seed_article.slug}/")
    lead = page.locator(".lead")
    expect(lead).to_contain_text(CLINICIAN_LEAD)
    box = lead.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (box, height)
    # The review line sits between the question and the answer.
    line = page.locator(".review-line").bounding_box()
    question = page.get_by_role("heading", level=1).bounding_box()
    assert question["y"] < line["y"] < box["y"]
    screenshot(page, "article-phone" if width < 600 else "article-desktop")


def test_switching_the_audience_keeps_the_readers_place(open_page, seed_article):
    page = open_page(f"/articles/{seed_article.slug}/")
    heading = page.get_by_role("heading", name="Red Flags Requiring Immediate Attention")
    heading.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.mouse.wheel(0, 40)
    page.wait_for_timeout(100)
    place = heading.bounding_box()["y"]
    scrolled = page.evaluate("() => window.scrollY")
    assert scrolled > 2000

    # The picker stays beside the text on a wide screen.
    page.get_by_label("Patient or caregiver").check()
    expect(page.locator(".lead")).to_contain_text(PATIENT_LEAD)
    expect(page).to_have_url(re.compile(r"\?audience=patient$"))
    assert abs(heading.bounding_box()["y"] - place) <= 2
    expect(page.get_by_role("status").filter(has_text="Now showing")).to_contain_text(
        "Patient or caregiver"
    )
    # The choice is remembered as before: the bare address returns to it.
    page.goto(f"/articles/{seed_article.slug}/")
    expect(page).to_have_url(re.compile(r"\?audience=patient$"))
    expect(page.locator(".lead")).to_contain_text(PATIENT_LEAD)


def test_without_javascript_the_audience_form_returns_to_the_picker(
    browser, live_server, seed_article
):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto(f"/articles/{seed_article.slug}/")
        page.get_by_label("Patient or caregiver").check()
        page.get_by_role("button", name="Show this version").click()
        expect(page).to_have_url(re.compile(r"\?audience=patient#personalize$"))
        expect(page.locator(".lead")).to_contain_text(PATIENT_LEAD)
        assert page.evaluate("() => document.querySelector(':target').id") == "personalize"
    finally:
        context.close()


def test_a_citation_leads_to_its_source_and_the_source_back_to_the_sentence(
    open_page, seed_article
):
    page = open_page(f"/articles/{seed_article.slug}/")
    section = page.locator("section").filter(
        has=page.get_by_role("heading", name="Second-Line Pharmacologic Treatment")
    )
    claim = section.locator("li").filter(has_text="Cyclobenzaprine is indicated as an adjunct")
    claim_id = claim.get_attribute("id")

    # Hover shows the source in place, without leaving the sentence.
    link = claim.get_by_role("link", name="Reference 5")
    link.hover()
    expect(claim.locator(".cite-sources")).to_be_visible()
    expect(claim.locator(".cite-sources")).to_contain_text("Cyclobenzaprine Hydrochloride")

    link.click()
    expect(page).to_have_url(re.compile(r"#ref-5$"))
    entry = page.locator("#ref-5")
    expect(entry).to_be_in_viewport()
    back = entry.locator(f'a[href="#{claim_id}"]')
    expect(back).to_have_attribute(
        "aria-label", re.compile(r"in “Second-Line Pharmacologic Treatment”$")
    )
    back.click()
    expect(page).to_have_url(re.compile(f"#{claim_id}$"))
    assert page.evaluate("() => document.querySelector(':target').id") == claim_id
    expect(claim).to_be_in_viewport()


def test_the_review_record_opens_from_the_review_line(open_page, axe_source, seed_article):
    page = open_page(f"/articles/{seed_article.slug}/")
    expect(page.locator(".stepper")).to_be_hidden()
    page.locator(".review-line").click()
    expect(page.locator(".stepper")).to_be_visible()
    expect(page.locator(".review-panel")).to_contain_text("Next review due")
    expect(page.locator(".review-panel")).to_contain_text("View editorial policy")
    violations = axe_violations(page, axe_source)
    assert not violations, describe(violations)


def test_the_contents_stay_in_view_on_a_wide_screen(open_page, seed_article):
    page = open_page(f"/articles/{seed_article.slug}/")
    contents = page.get_by_role("navigation", name="On this page")
    expect(contents).to_be_visible()
    contents.get_by_role("link", name="Critical Pitfalls to Avoid").click()
    expect(page).to_have_url(re.compile(r"#section-\d+$"))
    expect(contents).to_be_in_viewport()


def test_the_404_page_is_styled_and_accessible(open_page, axe_source, db):
    page = open_page("/articles/no-such-thing/")
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    expect(page.get_by_role("search").first).to_be_visible()
    violations = axe_violations(page, axe_source)
    assert not violations, describe(violations)
