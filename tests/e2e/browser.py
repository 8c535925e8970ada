"""What the browser tests do again and again: sign in, check a page with axe-core, move
focus with the keyboard, and take the screenshots the README shows."""

import os
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

REPO = Path(__file__).resolve().parent.parent.parent
# The README's screenshots. Runs of the suite write to var/ (ignored by git) so that a test
# run never dirties the working tree; `make screenshots` points this at docs/screenshots.
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR") or REPO / "var" / "screenshots")
# The WCAG levels the site promises (A and AA, 2.0 to 2.2) plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING_IMPACTS = ("serious", "critical")


def sign_in(page: Page, username: str, password: str, *, next_path: str = "/") -> None:
    """Through the real login form, as a person would."""
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=f"Log out {username}")).to_be_visible()


def desk_ready(page: Page) -> None:
    """Wait for the desk's script (static/js/desk.js marks the page data-desk-ready). A
    click before it has run posts the plain form and loads the page again: that works,
    but the confirmation is then shown at its place, not read out by #desk-status."""
    expect(page.locator("[data-desk-ready]")).to_be_attached()


def axe_violations(page: Page, axe_source: str) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now.

    The script goes in through the DevTools protocol (page.evaluate), which the page's
    Content-Security-Policy does not govern, so the policy stays on while axe runs."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    results = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary),
            }));
        }""",
        AXE_TAGS,
    )
    return [v for v in results if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


def focused(page: Page) -> dict:
    """The focused element: its tag, label (aria-label, else its text), id, href, name,
    value, whether a focus indicator (outline or box-shadow) is drawn around it, and whether
    it is on screen."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
                tag: el.tagName.toLowerCase(),
                type: el.getAttribute("type") || "",
                id: el.id,
                text: (el.getAttribute("aria-label") || el.innerText || el.value || "").trim(),
                href: el.getAttribute("href") || "",
                name: el.getAttribute("name") || "",
                value: el.value || "",
                indicator: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                    || style.boxShadow !== "none",
                onscreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                    && box.top < window.innerHeight && box.left < window.innerWidth,
            };
        }"""
    )


def tab_to(page: Page, matches, *, limit: int = 150, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until `matches(focused element)` holds. Every element the
    focus passes must show a focus indicator and be on screen: a keyboard user has to see
    where they are."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if element["tag"] == "body":
            continue
        assert element["indicator"], f"No visible focus indicator on {element}"
        assert element["onscreen"], f"Focused element is off screen: {element}"
        if matches(element):
            return element
    raise AssertionError(f"Tab never reached the element after {limit} presses.")


def press_and_load(page: Page, key: str) -> None:
    """Press a key that leaves the page (a link, a form), and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def screenshot(page: Page, name: str, *, top: Locator | None = None) -> Path:
    """A PNG of what the viewport shows (1200 by 900 pixels), scrolled so that `top` (else
    the page's top) is at the top."""
    if top is None:
        page.evaluate("() => window.scrollTo(0, 0)")
    else:
        top.evaluate("element => element.scrollIntoView({block: 'start'})")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    return path


def demo_specialties() -> None:
    """The demo documents name specialties from the managed list, which the migrations seed
    and a flushed test database (the live-server tests' transactional_db) has lost."""
    from articles.models import Specialty

    for name in ("Musculoskeletal medicine", "Primary care"):
        Specialty.objects.get_or_create(name=name)
