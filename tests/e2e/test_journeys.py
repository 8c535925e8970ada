"""The whole editorial journey in a real browser, through the pages people use: an editor
writes the seed article from nothing, the board sends it back once and then signs it, and
a reader reads it, follows a source and asks a follow-up question that reaches the editors.

A short version of articles/demo/upper-back-pain.md: a lead claim, two sections, patient
texts, and citations of references created from the editor."""

import re

from playwright.sync_api import Page, expect

from articles.models import Article, ReaderQuestion, RevisionState, Specialty
from reviews.models import Signature
from tests.e2e.browser import desk_ready, screenshot, sign_in

QUESTION = "What are the treatment options for upper back pain?"
TITLE = "Treatment Options for Upper Back Pain"
SLUG = "upper-back-pain-treatment"
LEAD = (
    "For acute upper back pain, start with NSAIDs (such as ibuprofen) as first-line "
    "medication combined with heat application and continued activity."
)
LEAD_PATIENT = (
    "For new upper back pain, most people start with an anti-inflammatory pain reliever "
    "such as ibuprofen, use heat, and keep moving."
)
NSAIDS = (
    "NSAIDs (ibuprofen, naproxen) are the preferred initial medication, providing small to "
    "moderate improvements in pain intensity."
)
NSAIDS_REVISED = NSAIDS + " Use the lowest effective dose for the shortest time."
NSAIDS_PATIENT = "Ibuprofen or naproxen are usually the first medicines to try."
ACTIVE = (
    "Patients must remain active and continue ordinary activities within pain limits; "
    "bed rest prolongs recovery."
)
ACTIVE_PATIENT = "Keep doing your normal activities as much as the pain allows."
GUIDELINE = "Initial Treatment for Acute Upper Back Pain"
LOW_BACK = "Treatment of Acute Low Back Pain"
PUBLISHER = "Praxis Medical Insights"
CHANGES = "Say what dose to use: the lowest effective dose, for the shortest time."
READER_QUESTION = "Can I take ibuprofen and acetaminophen together?"


def section(page: Page, heading: str):
    return page.locator("section.editor-section").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def claim_in(page: Page, heading: str):
    return section(page, heading).locator("li.editor-claim").first


def status(page: Page):
    """Where the desk confirms a change made in place."""
    return page.locator("#desk-status")


def open_claim(page: Page, heading: str):
    """The section's first claim, opened for editing (a click on its compact text)."""
    claim = claim_in(page, heading)
    if not claim.locator("[data-claim-form]").count():
        claim.locator("a.claim-open").click()
    expect(claim.locator("[data-claim-form]")).to_be_visible()
    return claim


def add_claim(page: Page, heading: str, *, text: str, patient: str, evidence: str = ""):
    form = section(page, heading).locator("details.add-claim")
    form.get_by_label("Healthcare professional (default text)").fill(text)
    form.get_by_label("Patient or caregiver").fill(patient)
    if evidence:
        form.get_by_label("Certainty").select_option(label=evidence)
    form.get_by_role("button", name="Add claim").click()
    expect(status(page)).to_contain_text("Claim added.")
    expect(section(page, heading).locator("li.editor-claim").filter(has_text=text)).to_be_visible()


def add_new_reference(page: Page, heading: str, *, title: str):
    claim = open_claim(page, heading)
    claim.get_by_text("Add a new reference").click()
    claim.get_by_label("Type", exact=True).select_option(label="Report")
    claim.get_by_label("Genre", exact=True).fill("Guideline")
    claim.get_by_label("Title", exact=True).fill(title)
    claim.get_by_label("Publisher", exact=True).fill(PUBLISHER)
    claim.get_by_label("Published (2025, 2025-03 or 2025-03-05)").fill("2025")
    claim.get_by_role("button", name="Add to the library and cite").click()
    expect(status(page)).to_contain_text(f"Added “{title}")
    expect(claim_in(page, heading).locator(".editor-citations")).to_contain_text(title)


def submit_for_review(page: Page, comment: str, *, number: int):
    page.get_by_role("link", name="Submit for review").click()
    expect(page.get_by_text("The submission checks found no problems.")).to_be_visible()
    page.get_by_label("Note to reviewers: what changed and why").fill(comment)
    page.get_by_label("What changed, for readers").fill(f"Summary for readers: {comment}")
    page.get_by_label("Update (new or changed evidence)").check()
    page.get_by_role("button", name="Submit for review").click()
    # Shown in the "In review" panel it speaks of, with the focus on it.
    confirmation = page.locator('[data-placed="review-state"]')
    expect(confirmation).to_contain_text(f"Revision {number} was submitted for review.")
    expect(confirmation).to_be_focused()
    expect(page.get_by_text("In review.")).to_be_visible()


def open_from_queue(page: Page, *, number: int):
    page.goto("/review/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text(f"Revision {number}", exact=False).first).to_be_visible()
    # No "Start review" click: the first decision starts the review.
    expect(page.get_by_role("button", name="Start review")).to_have_count(0)


def editor_writes_the_article(page: Page, password: str):
    # Browser tests flush the database, seeded lists included: the admin's list again.
    Specialty.objects.get_or_create(name="Musculoskeletal medicine")
    sign_in(page, "editor", password, next_path="/editor/")
    page.get_by_role("link", name="Start a new article").click()
    page.get_by_label("Question").fill(QUESTION)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Specialty").select_option("Musculoskeletal medicine")
    page.get_by_label("Web address").fill(SLUG)
    page.get_by_role("button", name="Start the article").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    # Seen failing when the machine was busy: "Add claim" clicked before desk.js ran
    # posted the plain form, so #desk-status never said "Claim added.".
    desk_ready(page)

    # A new article starts with an empty lead summary to write into.
    add_claim(page, "Lead summary", text=LEAD, patient=LEAD_PATIENT)
    add_new_reference(page, "Lead summary", title=GUIDELINE)

    heading = "First-Line Pharmacologic Treatment"
    page.get_by_label("New section heading").fill(heading)
    page.get_by_role("button", name="Add section").click()
    add_claim(page, heading, text=NSAIDS, patient=NSAIDS_PATIENT, evidence="Moderate")
    # The library picker (static/js/editor.js): matches appear as the editor types.
    claim = open_claim(page, heading)
    claim.get_by_label("Cite a source").fill("acute upper back")
    claim.get_by_role("list", name="Matching references").get_by_role(
        "button", name=re.compile(GUIDELINE)
    ).click()
    expect(status(page)).to_contain_text(f"Cited “{GUIDELINE}")
    add_new_reference(page, heading, title=LOW_BACK)

    heading = "Essential Non-Pharmacologic Measures"
    page.get_by_label("New section heading").fill(heading)
    page.get_by_role("button", name="Add section").click()
    add_claim(page, heading, text=ACTIVE, patient=ACTIVE_PATIENT)
    open_claim(page, heading).get_by_label("Cite a source").fill(LOW_BACK)
    claim_in(page, heading).get_by_role("button", name="Find and cite", exact=True).click()
    expect(status(page)).to_contain_text(f"Cited “{LOW_BACK}")
    expect(page.get_by_role("heading", name="Before you submit")).to_have_count(0)


def editor_previews_both_audiences(page: Page):
    editor_url = page.url
    page.get_by_role("link", name="Preview for healthcare professional").click()
    expect(page.get_by_role("note").first).to_contain_text(
        "Preview of the working copy for “Healthcare professional”"
    )
    expect(page.get_by_text(LEAD)).to_be_visible()
    expect(page.locator(".reference-list")).to_contain_text(GUIDELINE)
    page.goto(editor_url)
    page.get_by_role("link", name="Preview for patient or caregiver").click()
    expect(page.get_by_text(LEAD_PATIENT)).to_be_visible()
    expect(page.get_by_text(NSAIDS_PATIENT)).to_be_visible()
    expect(page.get_by_text(LEAD)).to_have_count(0)
    page.goto(editor_url)
    desk_ready(page)


def test_an_editor_writes_the_seed_article_the_board_signs_it_and_a_reader_asks_about_it(
    open_page, editor, reviewer, password
):
    # The editor writes the article from nothing, previews it and submits it.
    editing = open_page()
    editor_writes_the_article(editing, password)
    screenshot(editing, "editor", top=editing.get_by_role("heading", name="Text", exact=True))
    editor_previews_both_audiences(editing)
    submit_for_review(editing, "First version of the article.", number=1)

    # reviewer1 starts the review, comments on a claim and asks for changes.
    reviewing = open_page()
    sign_in(reviewing, "reviewer1", password, next_path="/review/")
    open_from_queue(reviewing, number=1)
    claim = reviewing.locator("li.diff-claim").filter(has_text=NSAIDS)
    claim.get_by_text("Comment on this claim").click()
    claim.get_by_label("Comment").fill("Give the dose.")
    claim.get_by_role("button", name="Add comment").click()
    expect(reviewing.locator('[role=status][data-placed^="comment-"]')).to_contain_text(
        "Comment added."
    )
    expect(reviewing.locator(".claim-comments")).to_contain_text("Give the dose.")
    reviewing.get_by_label("What must change (required)").fill(CHANGES)
    reviewing.get_by_role("button", name="Request changes").click()
    expect(reviewing.locator('[data-placed="decision"]')).to_contain_text("Changes requested.")

    # The editor sees the board's notes, revises the claim and resubmits.
    editing.goto(f"/editor/articles/{SLUG}/")
    desk_ready(editing)
    expect(editing.get_by_role("heading", name="The board asked for changes")).to_be_visible()
    expect(editing.get_by_text(CHANGES)).to_be_visible()
    claim = open_claim(editing, "First-Line Pharmacologic Treatment")
    expect(claim.locator(".board-note")).to_contain_text("Give the dose.")
    claim.get_by_label("Healthcare professional (default text)").fill(NSAIDS_REVISED)
    claim.get_by_role("button", name="Save claim").click()
    expect(status(editing)).to_contain_text("Claim saved.")
    submit_for_review(editing, "The dose, as the board asked.", number=2)

    # reviewer1 sees what changed and signs the approval with the password.
    open_from_queue(reviewing, number=2)
    # A resubmission opens on what changed since the board sent revision 1 back, with
    # the comment left on revision 1 still beside its claim; the decision form follows.
    expect(reviewing.locator("#diff-heading")).to_contain_text(
        "Changes since revision 1 (sent back for changes)"
    )
    claim = reviewing.locator("li.diff-claim").filter(has_text=NSAIDS_REVISED)
    expect(claim.locator(".claim-comments")).to_contain_text("Give the dose.")
    screenshot(reviewing, "review")
    # The reviewer's own comment is still open beside the decision form: the editor dealt
    # with it, so the reviewer resolves it (an open one would refuse the approval).
    open_comments = reviewing.locator(".open-comments")
    expect(open_comments).to_contain_text("Give the dose.")
    open_comments.get_by_role("button", name=re.compile("^Resolve the comment")).click()
    expect(reviewing.locator('[data-placed="decision"]')).to_contain_text("Comment resolved.")
    expect(reviewing.locator(".open-comments")).to_have_count(0)
    claim = reviewing.locator("li.diff-claim").filter(has_text=NSAIDS_REVISED)
    # Each new claim has a "checked against its source" box beside its cited sources.
    # Signing with one left unticked asks for checks or an explicit confirmation.
    boxes = reviewing.get_by_role("checkbox", name=re.compile("^Checked against"))
    expect(boxes).to_have_count(3)
    expect(claim.locator(".claim-sources")).to_contain_text(GUIDELINE)
    boxes.nth(0).check()
    boxes.nth(1).check()
    reviewing.get_by_label("Your password").fill(password)
    reviewing.get_by_role("button", name="Sign approval").click()
    expect(reviewing.locator('[data-placed="decision"]')).to_contain_text(
        "1 new or changed claim is not marked as checked against the sources."
    )
    expect(boxes.nth(0)).to_be_checked()  # the ticks survive the refusal
    boxes.nth(2).check()
    reviewing.get_by_label("Your password").fill(password)
    reviewing.get_by_role("button", name="Sign approval").click()
    expect(reviewing.locator('[data-placed="decision"]')).to_contain_text(
        "Your approval was signed. The quorum is met: this revision is now live."
    )
    expect(reviewing.locator("#record-heading + h3 + ul")).to_contain_text(
        "3 claims checked against sources"
    )

    # A reader sees the approved page, switches audience, follows a source, asks a question.
    reading = open_page(f"/articles/{SLUG}/")
    expect(reading.locator(".stepper [aria-current=step]")).to_have_text("Approved")
    expect(reading.locator(".reviewed-by")).to_contain_text(
        "Medically reviewed by Rhea Viewer, MD, FACP"
    )
    expect(reading.locator(".checked-statements")).to_contain_text(
        "Each statement checked against its source by a member of our Medical Advisory Board"
    )
    expect(reading.get_by_text(NSAIDS_REVISED)).to_be_visible()
    # Choosing an audience swaps the text in place (static/js/reader.js).
    reading.get_by_label("Patient or caregiver").check()
    expect(reading).to_have_url(re.compile(r"\?audience=patient$"))
    expect(reading.get_by_text(LEAD_PATIENT)).to_be_visible()
    expect(reading.get_by_text(NSAIDS_PATIENT)).to_be_visible()
    reading.locator(".lead").get_by_role("link", name="Reference 1").click()
    expect(reading).to_have_url(re.compile(r"#ref-1$"))
    expect(reading.locator("#ref-1")).to_contain_text(GUIDELINE)
    assert reading.evaluate("() => document.querySelector(':target').id") == "ref-1"
    reading.get_by_label("Your question").fill(READER_QUESTION)
    reading.get_by_role("button", name="Send question").click()
    expect(reading.locator(".messages")).to_contain_text("Thank you. Our editors read every")

    # The editor finds the question in triage.
    editing.get_by_role("navigation", name="Staff").get_by_role(
        "link", name=re.compile(r"^Questions")
    ).click()
    entry = editing.locator("li.question").filter(has_text=READER_QUESTION)
    expect(entry).to_contain_text("reading as patient")
    expect(entry.get_by_role("link", name=QUESTION)).to_be_visible()

    # What the browser did is what the database says.
    article = Article.objects.get(slug=SLUG)
    live = article.live_revision
    assert (live.number, live.state) == (2, RevisionState.APPROVED)
    assert article.pending_revision is None
    assert list(Signature.objects.values_list("revision__number", "signer__username")) == [
        (2, "reviewer1")
    ]
    assert Signature.objects.get().checked_claims == [
        c["uuid"] for section in live.content["sections"] for c in section["claims"]
    ]
    assert live.all_claims_checked
    assert list(ReaderQuestion.objects.values_list("text", "audience")) == [
        (READER_QUESTION, "patient")
    ]
