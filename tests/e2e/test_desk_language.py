"""The desk in Spanish in a real browser: the sentences the desk's scripts write themselves
(static/js/desk.js, from Django's JavaScript catalog) are Spanish too, with no script error
or Content-Security-Policy violation (open_page fails the test on either)."""

from playwright.sync_api import expect

from articles.models import SectionKind
from tests.e2e.browser import sign_in


def test_on_a_spanish_desk_the_scripts_own_sentences_are_spanish(
    open_page, live_server, password, seed_article
):
    page = open_page()
    desk = f"/editor/articles/{seed_article.slug}/"
    sign_in(page, "editor", password, next_path=desk)
    # The staff bar's language form sets this cookie (Django's set_language).
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.goto(desk)
    expect(page.locator("[data-desk-ready]")).to_be_attached()
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "es")

    lead = seed_article.sections.get(kind=SectionKind.LEAD).claims.get()
    item = page.locator(f"#claim-{lead.uuid}")
    item.locator("a.claim-open").click()
    expect(item.locator("textarea[data-default-text]")).to_be_focused()
    page.keyboard.press("Alt+ArrowUp")

    expect(page.locator("#desk-status")).to_have_text("Esta afirmación ya es la primera.")
