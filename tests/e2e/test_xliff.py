"""A translation goes to an agency and back in a real browser: the editor downloads the
XLIFF file from the translation's Languages page, the agency fills it, the editor uploads
it, and the report is shown, focused, at the XLIFF form; on a phone too."""

from playwright.sync_api import expect
from translate.storage.xliff2 import Xliff2File

from articles.models import Claim
from articles.services import translation_start
from tests.e2e.browser import axe_violations, describe, sign_in


def test_an_editor_sends_a_translation_to_an_agency_and_imports_it_back(
    open_page, seed_article, editor, password, spanish, axe_source, tmp_path
):
    translation = translation_start(source=seed_article, language="es", actor=editor)
    path = f"/editor/articles/{translation.slug}/translations/"
    page = open_page("/")
    sign_in(page, "editor", password, next_path=path)
    page.goto(path)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download XLIFF for translators").click()
    assert download.value.suggested_filename == f"{translation.slug}.en-es.xlf"
    store = Xliff2File.parsestring(download.value.path().read_bytes())
    for unit in store.units:
        unit.target = f"ES {unit.source}"
    filled = tmp_path / "filled.xlf"
    filled.write_bytes(bytes(store))

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_label("Translated XLIFF file (.xlf)").set_input_files(filled)
    page.get_by_role("button", name="Import translated XLIFF").click()
    report = page.locator('[data-placed="xliff"][role="status"]')
    expect(report).to_contain_text("XLIFF imported:")
    expect(report).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = axe_violations(page, axe_source)
    assert not violations, describe(violations)
    assert Claim.objects.filter(section__article=translation, text__startswith="ES ").count() == (
        Claim.objects.filter(section__article=translation).count()
    )
