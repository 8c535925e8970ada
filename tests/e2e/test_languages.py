"""An article in two languages in a real browser: the Spanish page reads in Spanish (its
text marked lang="es"), says it is behind the original once the English source moves on,
and its language switch (plain links) leads to the English page and back."""

from playwright.sync_api import expect

from articles.models import Claim
from articles.services import claim_update
from reviews.management.commands.load_demo import demo_spanish_translation
from reviews.workflow import revision_approve, revision_submit
from tests.e2e.browser import screenshot

SPANISH_LEAD = "Para el dolor agudo en la parte superior de la espalda, comience con AINE"


def _spanish(seed_article, editor, hispanist, password):
    """The demo's Spanish translation of the seed, approved by a member fluent in Spanish."""
    article = demo_spanish_translation(source=seed_article, actor=editor)
    revision = revision_submit(article=article, actor=editor, comment="Spanish")
    revision_approve(revision=revision, actor=hispanist, password=password)
    return article


def test_a_reader_reads_the_spanish_page_and_switches_language(
    open_page, seed_article, editor, reviewer, hispanist, password, spanish
):
    translation = _spanish(seed_article, editor, hispanist, password)
    page = open_page(f"/articles/{translation.slug}/")
    expect(page.locator(".lead[id] >> nth=0")).to_contain_text(SPANISH_LEAD)
    expect(page.locator("h1")).to_have_attribute("lang", "es")
    expect(page.locator("h1")).to_contain_text("¿Cuáles son las opciones de tratamiento")
    # The switch's own label is in the page's interface language: found by its class.
    switch = page.locator("nav.language-switch")
    expect(switch.locator('[aria-current="page"]')).to_have_text("Español")
    switch.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{page.url.split('/articles/')[0]}/articles/{seed_article.slug}/")
    expect(page.locator("h1")).to_have_attribute("lang", "en")
    page.locator("nav.language-switch").get_by_role("link", name="Español").click()
    expect(page.locator(".lead[id] >> nth=0")).to_contain_text(SPANISH_LEAD)
    expect(page.locator(".translation-behind")).to_have_count(0)

    # The English source goes live again: the Spanish page now says it is behind.
    claim = Claim.objects.get(
        section__article=seed_article, text__startswith="Severe or progressive neurologic"
    )
    claim_update(
        claim=claim,
        actor=editor,
        text="Severe or progressive neurologic deficits (weakness, numbness, or loss of "
        "bowel or bladder control) require immediate medical attention.",
        evidence=claim.evidence,
        no_citation_needed=claim.no_citation_needed,
    )
    revision = revision_submit(article=seed_article, actor=editor, comment="Wording")
    revision_approve(revision=revision, actor=reviewer, password=password)
    page.reload()
    notice = page.locator(".translation-behind")
    expect(notice).to_be_visible()
    notice.locator(f'a[href="/articles/{seed_article.slug}/"]').click()
    expect(page.locator("h1")).to_have_attribute("lang", "en")
    page.go_back()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "article-spanish-phone")
