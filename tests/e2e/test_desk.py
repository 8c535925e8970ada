"""The editors' desk in place (static/js/desk.js): an editor writes with the keyboard alone,
a stale save keeps what was typed and offers the other person's text, and unsaved text is
neither left behind silently nor lost when the focus moves on."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from articles.models import Claim, SectionKind
from articles.services import claim_update
from tests.e2e.browser import axe_violations, describe, focused, sign_in, tab_to

FIRST = "Heat wraps ease the pain for most people within a few days."
SECOND = "Gentle stretching keeps the upper back mobile."
MINE = "NSAIDs are first-line; use the lowest effective dose."
THEIRS = "NSAIDs are the preferred first medicine."


def _desk(open_page, password, article, username="editor"):
    page = open_page()
    sign_in(page, username, password, next_path=f"/editor/articles/{article.slug}/")
    expect(page.locator("[data-desk-ready]")).to_be_attached()
    page.wait_for_load_state("load")
    return page


def _lead(article) -> Claim:
    return article.sections.get(kind=SectionKind.LEAD).claims.get()


def _body_claim(article) -> Claim:
    return article.sections.filter(kind=SectionKind.BODY).order_by("order")[0].claims.first()


def test_an_editor_writes_two_claims_and_cites_a_source_with_the_keyboard_alone(
    open_page, axe_source, password, seed_article
):
    page = _desk(open_page, password, seed_article)
    lead = _lead(seed_article)
    loads = []
    page.on("load", lambda: loads.append(page.url))

    # Tab to the lead claim (compact: its text is a link) and open it with Enter: the focus
    # lands at the end of its text.
    tab_to(page, lambda el: el["text"].startswith(lead.text[:40]))
    page.keyboard.press("Enter")
    expect(page.locator("li.is-editing [data-claim-form]")).to_be_visible()
    assert focused(page)["id"] == f"claim-{lead.pk}-clinician"
    assert not axe_violations(page, axe_source), describe(axe_violations(page, axe_source))

    # Enter at the end starts the next claim right below; Enter at its end adds it and
    # starts another; Esc adds the one typed and leaves it compact, with the focus on it.
    # No waiting between the keys: the next claim's form is there at once.
    page.keyboard.press("Enter")
    page.keyboard.type(FIRST)
    page.keyboard.press("Enter")
    page.keyboard.type(SECOND)
    page.keyboard.press("Escape")
    expect(page.locator("#desk-status")).to_contain_text("Claim added.")
    second = page.locator("li.editor-claim").filter(has_text=SECOND)
    expect(second.locator("a.claim-open")).to_be_focused()

    # Enter opens it again; Alt+C goes to its citation box; a DOI and Enter cite it.
    page.keyboard.press("Enter")
    expect(second.locator("[data-claim-form]")).to_be_visible()
    page.keyboard.press("Alt+c")
    expect(second.get_by_label("Cite a source")).to_be_focused()
    page.keyboard.type("Treatment of Acute Low Back Pain")
    page.keyboard.press("Enter")
    expect(page.locator("#desk-status")).to_contain_text("Cited “Treatment of Acute Low Back")
    expect(second.locator(".editor-citations")).to_contain_text("Treatment of Acute Low Back")
    expect(second.get_by_label("Cite a source")).to_be_focused()

    lead_section = lead.section
    assert [c.text for c in lead_section.claims.order_by("order")] == [lead.text, FIRST, SECOND]
    cited = Claim.objects.get(text=SECOND).citations.get().reference
    assert cited.title_text == "Treatment of Acute Low Back Pain"
    assert loads == [], f"Full page loads while writing: {loads}"


def test_ctrl_s_saves_and_alt_arrow_moves_the_claim_without_leaving_it(
    open_page, password, seed_article
):
    page = _desk(open_page, password, seed_article)
    claim = _body_claim(seed_article)
    item = page.locator(f"#claim-{claim.uuid}")
    item.locator("a.claim-open").click()
    text = item.get_by_label("Healthcare professional (default text)")
    expect(text).to_be_focused()
    page.keyboard.type(" Saved with Ctrl+S.")
    page.keyboard.press("Control+s")
    expect(page.locator("#desk-status")).to_contain_text("Claim saved.")
    expect(text).to_be_focused()
    claim.refresh_from_db()
    assert claim.text.endswith("Saved with Ctrl+S.")

    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#desk-status")).to_contain_text("Claim moved.")
    expect(text).to_be_focused()
    siblings = list(claim.section.claims.order_by("order").values_list("pk", flat=True))
    assert siblings.index(claim.pk) == 1
    assert (
        page.evaluate(
            f"() => [...document.getElementById('claim-{claim.uuid}').parentElement.children]"
            f".indexOf(document.getElementById('claim-{claim.uuid}'))"
        )
        == 1
    )


def test_a_stale_save_keeps_the_editors_text_and_offers_the_other_persons(
    open_page, password, seed_article, editor2
):
    seed_article.co_editors.add(editor2)
    page = _desk(open_page, password, seed_article)
    claim = _body_claim(seed_article)
    item = page.locator(f"#claim-{claim.uuid}")
    item.locator("a.claim-open").click()
    expect(item.get_by_label("Healthcare professional (default text)")).to_be_focused()
    # Meanwhile a co-editor rewords the same claim.
    claim_update(
        claim=claim,
        actor=editor2,
        text=THEIRS,
        evidence=claim.evidence,
        no_citation_needed=claim.no_citation_needed,
    )
    text = item.get_by_label("Healthcare professional (default text)")
    text.fill(MINE)
    item.get_by_role("button", name="Save claim").click()

    conflict = item.locator(".conflict")
    expect(conflict).to_contain_text("editor2 changed the text of this claim")
    expect(conflict).to_contain_text(THEIRS)
    expect(text).to_have_value(MINE)  # nothing typed is lost
    claim.refresh_from_db()
    assert claim.text == THEIRS
    # Leaving the claim does not settle the conflict behind the editor's back.
    page.get_by_role("heading", name="Text", exact=True).click()
    page.wait_for_timeout(300)
    expect(conflict).to_be_visible()

    # Taking theirs, then keeping one's own after all: saving again is deliberate.
    conflict.get_by_role("button", name="Use their healthcare professional (default text)").click()
    expect(text).to_have_value(THEIRS)
    text.fill(MINE)
    item.get_by_role("button", name="Save claim").click()
    expect(page.locator("#desk-status")).to_contain_text("Claim saved.")
    claim.refresh_from_db()
    assert claim.text == MINE


def test_unsaved_text_warns_before_leaving_and_saves_when_the_focus_moves_on(
    open_page, password, seed_article
):
    page = _desk(open_page, password, seed_article)
    claim = _body_claim(seed_article)
    item = page.locator(f"#claim-{claim.uuid}")
    item.locator("a.claim-open").click()
    text = item.get_by_label("Healthcare professional (default text)")
    expect(text).to_be_focused()
    page.keyboard.type(" Typed, not yet saved.")

    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    desk_url = page.url
    with pytest.raises(PlaywrightError):  # the person chose to stay
        page.goto("/", timeout=3000)
    assert dialogs == ["beforeunload"]
    assert page.url == desk_url
    expect(text).to_have_value(claim.text + " Typed, not yet saved.")

    # Moving on to another claim saves this one, quietly: the focus stays where it went.
    lead = _lead(seed_article)
    page.locator(f"#claim-{lead.uuid} a.claim-open").focus()
    expect(item.locator("a.claim-open")).to_contain_text("Typed, not yet saved.")
    expect(page.locator(f"#claim-{lead.uuid} a.claim-open")).to_be_focused()
    claim.refresh_from_db()
    assert claim.text.endswith("Typed, not yet saved.")

    # Nothing is unsaved now: leaving asks nothing.
    page.goto("/")
    assert dialogs == ["beforeunload"]


def _move_to_options(item) -> list[str]:
    return item.get_by_label("Move to").evaluate(
        "select => [...select.options].map(option => option.textContent)"
    )


def test_an_open_claims_move_to_list_follows_sections_changed_in_place(
    open_page, password, seed_article, editor2
):
    """Seen failing on the old code: the list kept the sections of the moment the claim
    was drawn (after "Move to", the claim's new section was still offered)."""
    seed_article.co_editors.add(editor2)
    page = _desk(open_page, password, seed_article)
    claim = _body_claim(seed_article)
    home = claim.section.heading
    item = page.locator(f"#claim-{claim.uuid}")
    item.locator("a.claim-open").click()
    expect(item.get_by_label("Move to")).to_be_visible()
    before = _move_to_options(item)
    assert home not in before and "Special Populations" in before

    # Moved to another section, the claim stays open: that section leaves its list.
    item.get_by_label("Move to").select_option(label="Special Populations")
    item.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator("#desk-status")).to_contain_text("Claim moved.")
    options = _move_to_options(item)
    assert home in options and "Special Populations" not in options

    # A claim left open by a conflict (it waits for the editor) sees sections added,
    # renamed and deleted in place elsewhere.
    claim.refresh_from_db()
    claim_update(
        claim=claim,
        actor=editor2,
        text=THEIRS,
        evidence=claim.evidence,
        no_citation_needed=claim.no_citation_needed,
    )
    item.get_by_label("Healthcare professional (default text)").fill(MINE)
    item.get_by_role("button", name="Save claim").click()
    expect(item.locator(".conflict")).to_be_visible()
    options = _move_to_options(item)
    page.get_by_label("New section heading").fill("Sciatica")
    page.get_by_role("button", name="Add section").click()
    expect(page.locator("#desk-status")).to_contain_text("Section added.")
    assert _move_to_options(item) == [*options, "Sciatica"]

    added = page.locator("section.editor-section").filter(
        has=page.get_by_role("heading", name="Sciatica", exact=True)
    )
    added.locator(".section-tools > summary").click()
    added.get_by_label("Heading", exact=True).fill("Nerve pain")
    added.get_by_role("button", name="Rename").click()
    expect(page.locator("#desk-status")).to_contain_text("Section renamed.")
    assert _move_to_options(item) == [*options, "Nerve pain"]

    renamed = page.locator("section.editor-section").filter(
        has=page.get_by_role("heading", name="Nerve pain", exact=True)
    )
    renamed.locator(".section-tools > summary").click()
    renamed.get_by_role("button", name="Delete section").click()
    expect(page.locator("#desk-status")).to_contain_text("Section deleted.")
    assert _move_to_options(item) == options
    expect(item.locator(".conflict")).to_be_visible()


def test_each_change_in_place_is_confirmed_next_to_it(open_page, password, seed_article):
    page = _desk(open_page, password, seed_article)
    loads = []
    page.on("load", lambda: loads.append(page.url))
    claim = _body_claim(seed_article)
    item = page.locator(f"#claim-{claim.uuid}")
    item.locator("a.claim-open").click()
    expect(item.get_by_label("Healthcare professional (default text)")).to_be_focused()
    page.keyboard.type(" Confirmed in place.")
    page.keyboard.press("Escape")
    expect(item.locator("[data-placed]")).to_have_text("Claim saved.")

    # The article's details, in place too: the confirmation moves there, the heading follows.
    page.get_by_text("Article details").click()
    page.get_by_label("Question (the page's heading)").fill("How is upper back pain treated?")
    page.get_by_role("button", name="Save details").click()
    details = page.locator('[data-placed="details"]')
    expect(details).to_have_text("The article's details were saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("How is upper back pain treated?")
    expect(page.get_by_role("button", name="Save details")).to_be_focused()
    expect(item.locator("[data-placed]")).to_have_text("")
    assert loads == []
    seed_article.refresh_from_db()
    assert seed_article.question == "How is upper back pain treated?"
