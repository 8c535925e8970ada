"""Document mode in the browser: the CodeMirror editor shows a problem at its line as it is
typed (checked by the server), the preview follows the fixed text, Ctrl+S saves, Esc leaves
the editor for the page's tab order; axe-clean and free of CSP violations (open_page fails
the test on any) at 1280 and 390 pixels wide."""

import pytest
from playwright.sync_api import expect

from articles.models import Claim
from tests.conftest import make_article
from tests.e2e.browser import SCREENSHOT_DIR, axe_violations, describe, sign_in

pytestmark = pytest.mark.e2e


def _lint_line(page) -> int:
    """The line (1-based) of the first error diagnostic CodeMirror shows."""
    return page.evaluate(
        """() => {
            const view = window.docmodeView;
            const mark = document.querySelector('.cm-lintRange-error');
            return view.state.doc.lineAt(view.posAtDOM(mark)).number;
        }"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_an_error_typed_shows_at_its_line_and_the_fixed_document_previews_and_saves(
    open_page, editor, password, axe_source, width
):
    article = make_article(editor)
    page = open_page("/")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "editor", password, next_path=f"/editor/articles/{article.slug}/document/")
    editor_box = page.locator(".cm-content")
    expect(editor_box).to_be_visible()
    expect(page.locator("#docmode-text")).to_be_hidden()
    assert not (found := axe_violations(page, axe_source)), describe(found)

    editor_box.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n- Heat eases it for days. [@nobody]")
    lines = page.evaluate("() => window.docmodeView.state.doc.lines")
    error = page.locator(".cm-lintRange-error")
    expect(error).to_have_count(1)
    assert _lint_line(page) == lines
    problems = page.locator("#docmode-problems")
    expect(problems).to_contain_text(f"Line {lines}: citation [@nobody] does not match")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"docmode-error-{width}.png"))
    assert not (found := axe_violations(page, axe_source)), describe(found)

    for _ in range(len(" [@nobody]")):
        page.keyboard.press("Backspace")
    page.keyboard.type(" {.uncited}")
    expect(error).to_have_count(0)
    expect(problems).to_be_hidden()
    expect(page.locator("#docmode-preview")).to_contain_text("Heat eases it for days.")

    page.keyboard.press("Control+s")
    expect(page.locator("#docmode-status")).to_contain_text("The working copy was saved")
    assert Claim.objects.filter(text="Heat eases it for days.").exists()
    page.screenshot(path=str(SCREENSHOT_DIR / f"docmode-saved-{width}.png"))

    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Save the working copy")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Check and preview without saving")).to_be_focused()


def test_a_stale_save_is_refused_and_the_typed_text_stays(open_page, editor, password):
    article = make_article(editor)
    page = open_page("/")
    sign_in(page, "editor", password, next_path=f"/editor/articles/{article.slug}/document/")
    editor_box = page.locator(".cm-content")
    expect(editor_box).to_be_visible()
    # Someone saves in the structured view after the page was opened.
    from config.history import history_save

    claim = Claim.objects.get(text="Claim 1.1 about treatment.")
    claim.text = "Their wording."
    history_save(claim, actor=editor, reason="test")

    editor_box.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n- My new claim. {.uncited}")
    page.get_by_role("button", name="Save the working copy").click()
    status = page.locator("#docmode-status")
    expect(status).to_contain_text("Not saved")
    expect(status).to_contain_text("Your text is kept")
    assert "My new claim." in page.evaluate("() => window.docmodeView.state.doc.toString()")
    assert not Claim.objects.filter(text="My new claim.").exists()
