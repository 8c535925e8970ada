"""Issue #17's "done when": an editor writes a four-claim, three-reference article in the
desk, with a patient text, previews it and submits it, in at most 3 full page loads and at
most 15 clicks once the new article is open. Every click goes through one helper and every
page load of the main frame is counted; both are printed.

What the desk does not do yet, so this journey does it the long way (and says so):
- a reference by DOI from a recorded lookup, and one by pasted BibTeX, in the claim's
  citation box (engineer "refs"): both are typed into "Add a new reference" instead;
- a patient heading for the section (engineer "wayfind"): not written.
"""

import re

from playwright.sync_api import Locator, Page, expect

from articles.models import Article, RevisionState
from articles.readability import readability_grade
from tests.conftest import make_reference
from tests.e2e.browser import screenshot, sign_in

QUESTION = "How is acute neck pain treated?"
SLUG = "acute-neck-pain"
LEAD = "Most acute neck pain settles within weeks with activity, heat and simple analgesia."
LEAD_PATIENT = "Most neck pain gets better within a few weeks if you keep moving."
HEADING = "Treatment"
CLAIMS = [
    "Advice to stay active shortens recovery compared with rest.",
    "NSAIDs give small short-term improvements in pain.",
    "Manual therapy adds little to exercise for most adults.",
]
LIBRARY = "Neck pain guideline for primary care"
DOI_TITLE = "NSAIDs for acute neck pain: a randomized trial"
BIBTEX_TITLE = "Manual therapy and exercise for neck pain"
MAX_LOADS, MAX_CLICKS = 3, 15


class Counted:
    """The journey's clicks and full page loads."""

    def __init__(self, page: Page):
        self.page = page
        self.clicks: list[str] = []
        self.loads: list[str] = []
        page.on("load", lambda: self.loads.append(page.url))

    def click(self, locator: Locator, what: str) -> None:
        self.clicks.append(what)
        locator.click()


def _section(page: Page, heading: str) -> Locator:
    return page.locator("section.editor-section").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def _claim(page: Page, text: str) -> Locator:
    return page.locator("li.editor-claim").filter(has_text=text)


def _open(counted: Counted, text: str) -> Locator:
    claim = _claim(counted.page, text)
    counted.click(claim.locator("a.claim-open"), f"open “{text[:20]}…”")
    expect(claim.locator("[data-claim-form]")).to_be_visible()
    return claim


def _cite_from_library(counted: Counted, claim: Locator, title: str) -> None:
    page = counted.page
    page.keyboard.press("Alt+c")
    expect(claim.get_by_label("Cite from the library")).to_be_focused()
    page.keyboard.type(title)
    page.keyboard.press("Enter")
    expect(claim.locator(".editor-citations")).to_contain_text(title)


def _new_reference(counted: Counted, claim: Locator, title: str) -> None:
    """Stands in for the DOI lookup and the BibTeX paste until they land."""
    counted.click(claim.get_by_text("Add a new reference"), "add a new reference")
    claim.get_by_label("Type", exact=True).select_option(label="Journal article")
    claim.get_by_label("Title", exact=True).fill(title)
    claim.get_by_label("Journal or website", exact=True).fill("Journal of Neck Care")
    claim.get_by_label("Published (2025, 2025-03 or 2025-03-05)").fill("2024")
    counted.click(claim.get_by_role("button", name="Add to the library and cite"), "add and cite")
    expect(claim.locator(".editor-citations")).to_contain_text(title)


def test_an_editor_writes_previews_and_submits_a_cited_article_in_few_clicks_and_loads(
    open_page, editor, password
):
    make_reference(title=LIBRARY)
    # The live server is a thread of this process: load textstat's syllable dictionary now,
    # as a running server already has, rather than in the middle of the first claim.
    readability_grade("A few words to load the dictionary.")
    page = open_page()
    sign_in(page, "editor", password, next_path="/editor/new/")
    page.get_by_label("Question").fill(QUESTION)
    page.get_by_label("Web address").fill(SLUG)
    page.get_by_role("button", name="Start the article").click()
    expect(page.locator("[data-desk-ready]")).to_be_attached()
    page.wait_for_load_state("load")
    counted = Counted(page)  # from here on, the article is written in the desk

    # The lead: the composer of the empty lead summary is open; Tab to the patient text.
    lead = _section(page, "Lead summary")
    counted.click(lead.get_by_label("Healthcare professional (default text)"), "lead text")
    page.keyboard.type(LEAD)
    page.keyboard.press("Tab")
    page.keyboard.type(LEAD_PATIENT)
    page.keyboard.press("Control+s")
    expect(_claim(page, LEAD)).to_be_visible()

    # A section, and its three claims written one after another with Enter.
    counted.click(page.get_by_label("New section heading"), "new section heading")
    page.keyboard.type(HEADING)
    page.keyboard.press("Enter")
    composer = _section(page, HEADING).get_by_label("Healthcare professional (default text)")
    expect(composer).to_be_focused()
    for number, text in enumerate(CLAIMS):
        page.keyboard.type(text)
        page.keyboard.press("Enter" if number < len(CLAIMS) - 1 else "Control+s")
        expect(_claim(page, text)).to_be_visible()

    # Three references: one from the library (twice), two new ones.
    _cite_from_library(counted, _open(counted, LEAD), LIBRARY)
    _cite_from_library(counted, _open(counted, CLAIMS[0]), LIBRARY)
    _new_reference(counted, _open(counted, CLAIMS[1]), DOI_TITLE)
    _new_reference(counted, _open(counted, CLAIMS[2]), BIBTEX_TITLE)
    expect(page.get_by_role("heading", name=re.compile("^Before you submit"))).to_have_count(0)
    screenshot(page, "desk-journey", top=page.get_by_role("heading", name="Text", exact=True))

    # Preview for patients, then submit from the preview.
    counted.click(page.get_by_role("link", name="Preview for patient or caregiver"), "preview")
    expect(page.get_by_text(LEAD_PATIENT)).to_be_visible()
    counted.click(page.get_by_role("link", name="Submit for review"), "submit page")
    expect(page.get_by_text("The submission checks found no problems.")).to_be_visible()
    page.get_by_label("What changed and why").fill("First version.")
    counted.click(page.get_by_label("Update (new or changed evidence)"), "change type")
    counted.click(page.get_by_role("button", name="Submit for review"), "submit")
    expect(page.get_by_text("In review.")).to_be_visible()

    print(f"\nDesk journey: {len(counted.clicks)} clicks: {', '.join(counted.clicks)}")
    print(f"Desk journey: {len(counted.loads)} full page loads: {', '.join(counted.loads)}")
    assert len(counted.loads) <= MAX_LOADS, counted.loads
    assert len(counted.clicks) <= MAX_CLICKS, counted.clicks

    article = Article.objects.get(slug=SLUG)
    revision = article.pending_revision
    assert revision.state == RevisionState.SUBMITTED
    sections = revision.content["sections"]
    claims = [claim for section in sections for claim in section["claims"]]
    assert len(claims) == 4
    assert len(revision.content["references"]) == 3
    assert claims[0]["texts"]["patient"] == LEAD_PATIENT
