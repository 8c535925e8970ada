"""Issue #17's "done when": an editor writes a four-claim, three-reference article in the
desk (one reference by DOI from a recorded Crossref answer, one by pasted BibTeX, one from
the library), with a patient text and a patient heading, previews it and submits it, in at
most 3 full page loads and at most 15 clicks once the new article is open. Every click goes
through one helper and every page load of the main frame is counted; both are printed.
"""

import re

import httpx
import respx
from playwright.sync_api import Locator, Page, expect

from articles.models import Article, RevisionState
from articles.readability import readability_grade
from tests.conftest import make_reference
from tests.e2e.browser import screenshot, sign_in
from tests.references.lookup.conftest import recorded

QUESTION = "How is acute neck pain treated?"
SLUG = "acute-neck-pain"
LEAD = "Most acute neck pain settles within weeks with activity, heat and simple analgesia."
LEAD_PATIENT = "Most neck pain gets better within a few weeks if you keep moving."
HEADING = "Treatment"
HEADING_PATIENT = "What helps"
CLAIMS = [
    "Advice to stay active shortens recovery compared with rest.",
    "NSAIDs give small short-term improvements in pain.",
    "Manual therapy adds little to exercise for most adults.",
]
LIBRARY = "Neck pain guideline for primary care"
# A real Crossref answer, recorded (tests/references/lookup/recorded/).
DOI = "10.1371/journal.pone.0033693"
DOI_AUTHORS = "Sadasivan S, Pond BB, Pani AK, Qu C, Jiao Y, Smeyne RJ."
BIBTEX_TITLE = "Manual therapy and exercise for neck pain"
BIBTEX = """@article{gross2015,
  author = {Gross, Anita and Langevin, Pierre},
  title = {Manual therapy and exercise for neck pain},
  journal = {Cochrane Database of Systematic Reviews},
  year = {2015},
  doi = {10.1002/14651858.CD004250.pub5}
}"""
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
    expect(claim.get_by_label("Cite a source")).to_be_focused()
    page.keyboard.type(title)
    page.keyboard.press("Enter")
    expect(claim.locator(".editor-citations")).to_contain_text(title)


def _cite_by_doi(counted: Counted, claim: Locator) -> None:
    """The DOI is not in the library: it is looked up and confirmed with one click."""
    page = counted.page
    page.keyboard.press("Alt+c")
    page.keyboard.type(DOI)
    page.keyboard.press("Enter")
    expect(claim.locator(".found-source")).to_contain_text(DOI_AUTHORS)
    counted.click(claim.get_by_role("button", name="Add to the library and cite"), "confirm DOI")
    expect(claim.locator(".editor-citations")).to_contain_text(f"doi:{DOI}")


def _cite_by_bibtex(counted: Counted, claim: Locator) -> None:
    box = claim.get_by_label("Cite a source")
    box.fill(BIBTEX)  # pasted
    counted.click(claim.get_by_role("button", name="Find and cite"), "find and cite")
    expect(claim.locator(".editor-citations")).to_contain_text(BIBTEX_TITLE)


@respx.mock
def test_an_editor_writes_previews_and_submits_a_cited_article_in_few_clicks_and_loads(
    open_page, editor, password, settings
):
    # The lookup runs in the live server, a thread of this process, so respx answers it.
    settings.REFERENCE_LOOKUP_ENABLED = True
    respx.get(f"https://api.crossref.org/works/{DOI}").mock(
        return_value=httpx.Response(
            200, text=recorded(f"crossref_works_{DOI.replace('/', '_')}.json")
        )
    )
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

    # The section's heading for patients.
    section = _section(page, HEADING)
    counted.click(section.get_by_text("Heading for other audiences"), "other headings")
    section.get_by_label("Patient or caregiver heading").fill(HEADING_PATIENT)
    page.keyboard.press("Enter")
    expect(page.locator("#desk-status")).to_contain_text("Section headings for other audiences")

    # Three references: one from the library (cited twice), one by DOI, one pasted.
    _cite_from_library(counted, _open(counted, LEAD), LIBRARY)
    _cite_from_library(counted, _open(counted, CLAIMS[0]), LIBRARY)
    _cite_by_doi(counted, _open(counted, CLAIMS[1]))
    _cite_by_bibtex(counted, _open(counted, CLAIMS[2]))
    expect(page.get_by_role("heading", name=re.compile("^Before you submit"))).to_have_count(0)
    screenshot(page, "desk-journey", top=page.get_by_role("heading", name="Text", exact=True))

    # Preview for patients, then submit from the preview.
    counted.click(page.get_by_role("link", name="Preview for patient or caregiver"), "preview")
    expect(page.get_by_text(LEAD_PATIENT)).to_be_visible()
    expect(page.get_by_role("heading", name=HEADING_PATIENT)).to_be_visible()
    counted.click(page.get_by_role("link", name="Submit for review"), "submit page")
    expect(page.get_by_text("The submission checks found no problems.")).to_be_visible()
    page.get_by_label("Note to reviewers: what changed and why").fill("First version.")
    page.get_by_label("What changed, for readers").fill("New article on acute neck pain.")
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
    assert sections[1]["heading_texts"] == {"patient": HEADING_PATIENT}
