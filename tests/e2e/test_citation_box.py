"""The citation box in the browser: a DOI the library lacks is looked up (from recorded
Crossref answers served by a local stand-in, tests/e2e/lookup_server.py), shown as an
AMA entry and cited with one click; pasted BibTeX is imported and cited; a library
source is found by its title. All in place, without a full page load; axe-clean;
screenshots at 1280 and 390 wide."""

import pytest
from playwright.sync_api import expect

from articles.models import SectionKind
from references.models import Reference
from tests.e2e.browser import SCREENSHOT_DIR, axe_violations, describe, sign_in
from tests.e2e.lookup_server import LookupServer

PLOS = "10.1371/journal.pone.0033693"
BIBTEX = """@article{nadler2003,
  author = {Nadler, Scott F. and Steiner, Dirk J.},
  title = {Continuous low-level heat wrap therapy for acute low back pain},
  journal = {Spine},
  year = {2003},
  volume = {28},
  pages = {1-7},
  doi = {10.1097/00007632-200302150-00003}
}"""


def unstyle(page) -> None:
    """axe-core and Playwright's screenshots leave style="" on elements they touched,
    which htmx's settling then copies onto the swapped-in ones: a CSP violation that only
    the test causes. The empty attributes go once they are done."""
    page.evaluate("""() => document.querySelectorAll('[style=""]').forEach(
        (element) => element.removeAttribute("style"))""")


def axe_clean(page, axe_source) -> None:
    assert not axe_violations(page, axe_source), describe(axe_violations(page, axe_source))
    unstyle(page)


def screenshot(page, name: str, *, top) -> None:
    """tests.e2e.browser.screenshot, and the traces it leaves removed (unstyle)."""
    top.evaluate("element => element.scrollIntoView({block: 'start'})")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"))
    unstyle(page)


@pytest.fixture
def lookup_server(settings):
    with LookupServer() as server:
        settings.REFERENCE_LOOKUP_ENABLED = True
        settings.REFERENCE_LOOKUP_CROSSREF_URL = server.url
        settings.REFERENCE_LOOKUP_DOI_URL = server.url
        settings.REFERENCE_LOOKUP_EUTILS_URL = server.url
        settings.REFERENCE_LOOKUP_IDCONV_URL = server.url
        yield server


def _open_claim(page, claim):
    item = page.locator(f"li.editor-claim[data-claim='{claim.pk}']")
    item.locator("a.claim-open").click()
    expect(item.locator("[data-claim-form]")).to_be_visible()
    return item


def test_an_editor_cites_by_doi_lookup_by_pasted_bibtex_and_from_the_library(
    open_page, axe_source, password, seed_article, lookup_server
):
    claim = seed_article.sections.filter(kind=SectionKind.BODY).order_by("order")[0].claims.first()
    cited = list(claim.citations.values_list("reference_id", flat=True))
    library = Reference.objects.exclude(pk__in=cited).order_by("title").first()
    page = open_page()
    sign_in(page, "editor", password, next_path=f"/editor/articles/{seed_article.slug}/")
    expect(page.locator("[data-desk]")).to_be_visible()
    page.wait_for_load_state("load")
    loads = []
    page.on("load", lambda: loads.append(page.url))
    item = _open_claim(page, claim)
    box = item.get_by_label("Cite a source")

    # By DOI: not in the library, so looked up; the AMA entry is shown to confirm.
    box.fill(f"https://doi.org/{PLOS}")
    box.press("Enter")
    found = item.locator(".found-source")
    expect(found).to_contain_text(
        "Sadasivan S, Pond BB, Pani AK, Qu C, Jiao Y, Smeyne RJ. Methylphenidate Exposure"
    )
    expect(found.get_by_role("button", name="Add to the library and cite")).to_be_focused()
    assert lookup_server.requests == [f"/works/{PLOS}"]
    axe_clean(page, axe_source)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"citation-box-lookup-{width}", top=item.locator(".citation-box"))
    page.set_viewport_size({"width": 1280, "height": 900})
    found.get_by_role("button", name="Add to the library and cite").click()
    expect(page.locator("#desk-status")).to_contain_text("to the library and cited it.")
    expect(item.locator(".editor-citations")).to_contain_text("Methylphenidate Exposure")

    # By pasted BibTeX.
    item.get_by_label("Cite a source").fill(BIBTEX)
    item.get_by_role("button", name="Find and cite").click()
    expect(page.locator("#desk-status")).to_contain_text("(BibTeX pasted)")
    expect(item.locator(".editor-citations")).to_contain_text("Continuous low-level heat wrap")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"citation-box-pasted-{width}", top=item.locator(".citation-box"))
    page.set_viewport_size({"width": 1280, "height": 900})

    # From the library, by title words.
    item.get_by_label("Cite a source").fill(library.title)
    item.get_by_role("button", name="Find and cite").click()
    expect(page.locator("#desk-status")).to_contain_text(f"Cited “{library.title}")
    axe_clean(page, axe_source)

    titles = claim.citations.order_by("order").values_list("reference__title", flat=True)
    assert list(titles)[-3:] == [
        Reference.objects.get(doi=PLOS).title,
        "Continuous low-level heat wrap therapy for acute low back pain",
        library.title,
    ]
    assert loads == [], f"Full page loads while citing: {loads}"


def test_with_lookups_off_an_unknown_doi_gets_the_prefilled_form_in_place(
    open_page, axe_source, password, seed_article
):
    claim = seed_article.sections.filter(kind=SectionKind.BODY).order_by("order")[0].claims.first()
    page = open_page()
    sign_in(page, "editor", password, next_path=f"/editor/articles/{seed_article.slug}/")
    expect(page.locator("[data-desk]")).to_be_visible()
    item = _open_claim(page, claim)
    expect(item).to_contain_text("Looking up new DOIs and PubMed IDs online is turned off")
    item.get_by_label("Cite a source").fill(PLOS)
    item.get_by_role("button", name="Find and cite").click()
    expect(item.get_by_role("alert")).to_contain_text("turned off on this site")
    expect(item.get_by_label("DOI")).to_have_value(PLOS)
    axe_clean(page, axe_source)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"citation-box-offline-{width}", top=item.locator(".citation-box"))
