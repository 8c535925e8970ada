"""Readers and reviewers who use only a keyboard: Tab, Shift+Tab, Enter, Space (and the
arrow keys a radio group answers to). Every element focus passes through must show where
the focus is (tests/e2e/browser.py: tab_to)."""

import re

from playwright.sync_api import expect

from articles.models import ReaderQuestion
from reviews.models import Signature
from tests.e2e.browser import focused, press_and_load, tab_to

PATIENT_LEAD = "For new upper back pain, most people start with a pain reliever"


def test_a_reader_uses_the_article_page_with_the_keyboard_alone(open_page, seed_article):
    page = open_page(f"/articles/{seed_article.slug}/")

    # The first Tab shows the skip link; Enter moves the focus past the site's navigation.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert (skip["text"], skip["href"]) == ("Skip to content", "#main")
    assert skip["onscreen"] and skip["indicator"]
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    # The review line under the question opens the review record with Enter.
    tab_to(page, lambda el: el["tag"] == "summary" and "Medically reviewed by" in el["text"])
    page.keyboard.press("Enter")
    expect(page.locator(".stepper")).to_be_visible()

    # The audience picker: Tab reaches the chosen audience, and an arrow key picks the next
    # one, whose text replaces the page's in place; the focus stays on the choice.
    tab_to(page, lambda el: el["name"] == "audience")
    assert focused(page)["value"] == "clinician"
    page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == "patient"
    expect(page).to_have_url(re.compile(r"\?audience=patient(#main)?$"))
    expect(page.get_by_text(PATIENT_LEAD)).to_be_visible()
    assert focused(page)["value"] == "patient"

    # A citation number leads to its entry in the reference list.
    page.keyboard.press("Tab")
    link = tab_to(page, lambda el: el["text"] == "Reference 1")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(link["href"] + "$"))
    assert page.evaluate("() => document.querySelector(':target').id") == "ref-1"

    # The follow-up question: the honeypot field is never in the way.
    tab_to(page, lambda el: el["id"] == "id_text")
    page.keyboard.type("Is heat or ice better for the first days?")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Send question"
    press_and_load(page, "Space")
    expect(page.locator(".messages")).to_contain_text("Thank you. Our editors read every")
    assert list(ReaderQuestion.objects.values_list("text", "audience")) == [
        ("Is heat or ice better for the first days?", "patient")
    ]


def test_a_reviewer_reviews_comments_and_signs_with_the_keyboard_alone(
    open_page, reviewer, password, revision_in_review
):
    article = revision_in_review.article
    page = open_page("/accounts/login/?next=/review/")

    # The username field has the focus from the start.
    assert focused(page)["id"] == "id_username"
    page.keyboard.type("reviewer1")
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    press_and_load(page, "Enter")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()

    tab_to(page, lambda el: el["text"] == article.display_title)
    press_and_load(page, "Enter")
    # No "Start review" step: the first decision starts the review.

    # A comment on the first claim: Enter opens the disclosure, Tab enters the form.
    tab_to(page, lambda el: el["tag"] == "summary" and el["text"] == "Comment on this claim")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "text"
    page.keyboard.type("Please cite the guideline's year.")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Add comment"
    press_and_load(page, "Space")
    added = page.locator('[role=status][data-placed^="comment-"]')
    expect(added).to_contain_text("Comment added.")
    expect(added).to_be_focused()  # the page opens at the claim, and Tab goes on from there
    expect(page.locator(".claim-comments")).to_contain_text("Please cite the guideline's year.")

    # Signing, in the decision form after the changes: Space confirms approving without
    # ticking each claim's "checked against its source" box, and Enter in the password
    # field sends the approval form.
    tab_to(page, lambda el: el["name"] == "confirm_unchecked")
    page.keyboard.press("Space")
    # The comment just written stays open: Space carries it forward with the approval.
    tab_to(page, lambda el: el["name"] == "carry_forward_comments")
    page.keyboard.press("Space")
    tab_to(page, lambda el: el["name"] == "password")
    page.keyboard.type(password)
    press_and_load(page, "Enter")
    # The outcome is where the reviewer acted, and the focus is on it.
    decision = page.locator('[data-placed="decision"]')
    expect(decision).to_contain_text("Your approval was signed.")
    expect(decision).to_be_focused()
    signature = Signature.objects.get(revision=revision_in_review, signer=reviewer)
    assert (signature.checked_claims, signature.unchecked_confirmed) == ([], True)
    assert signature.event.details["comments_carried_forward"]
