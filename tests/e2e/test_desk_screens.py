"""The desk on a laptop (1280 pixels wide) and a phone (390): the compact claims, a claim
being edited with its citation box showing the library's matches, and document mode, each
axe-clean, each photographed for the README (`make screenshots` writes them to
docs/screenshots/)."""

import pytest
from playwright.sync_api import expect

from articles.models import SectionKind
from tests.e2e.browser import axe_violations, describe, desk_ready, screenshot, sign_in


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_the_desk_on_a_laptop_and_a_phone(
    open_page, axe_source, password, seed_article, width, height
):
    size = "desktop" if width > 600 else "phone"
    page = open_page()
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, "editor", password, next_path=f"/editor/articles/{seed_article.slug}/")
    desk_ready(page)
    page.wait_for_load_state("load")
    body = seed_article.sections.filter(kind=SectionKind.BODY).order_by("order")[0]

    # Compact claims: text, citation numbers, certainty and audience badges.
    section = page.locator(f"#section-{body.pk}")
    expect(section.locator("li.editor-claim").first).to_be_visible()
    assert not (found := axe_violations(page, axe_source)), describe(found)
    screenshot(page, f"desk-claims-{size}", top=page.locator("#sections"))

    # A claim being edited, its citation box showing the library's matches.
    claim = body.claims.order_by("order").first()
    item = page.locator(f"#claim-{claim.uuid}")
    item.locator("a.claim-open").click()
    expect(item.get_by_label("Healthcare professional (default text)")).to_be_focused()
    box = item.get_by_label("Cite a source")
    box.fill("back pain")
    item.get_by_role("button", name="Find and cite").click()
    expect(item.locator(".picker-choices")).to_be_visible()
    assert not (found := axe_violations(page, axe_source)), describe(found)
    screenshot(page, f"desk-claim-editing-{size}", top=item)
    item.locator(".claim-sources").evaluate("element => element.scrollIntoView({block: 'start'})")
    screenshot(page, f"desk-citation-box-{size}", top=item.locator(".claim-sources"))

    # Document mode: the whole working copy as one document beside its preview.
    page.goto(f"/editor/articles/{seed_article.slug}/document/")
    expect(page.locator(".cm-content")).to_be_visible()
    expect(page.locator("#docmode-preview")).to_contain_text("upper back pain")
    assert not (found := axe_violations(page, axe_source)), describe(found)
    screenshot(page, f"desk-document-{size}", top=page.locator("#docmode-form"))
