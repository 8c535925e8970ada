"""The desk's XLIFF controls on a translation's Languages page (desk/views/xliff.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from translate.storage.xliff2 import Xliff2File

from articles.models import Claim
from tests.editing import nothing_written

PAGE = "/editor/articles/back-pain-es/translations/"
EXPORT = "/editor/articles/back-pain-es/xliff/"
IMPORT = "/editor/articles/back-pain-es/xliff/import/"


def _client(user) -> Client:
    client = Client()
    with override_settings(AXES_ENABLED=False):
        client.force_login(user)
    return client


def _filled(data: bytes) -> bytes:
    store = Xliff2File.parsestring(data)
    for unit in store.units:
        if unit.getid() != "title":
            unit.target = f"ES {unit.source}"
    return bytes(store)


def _upload(data: bytes) -> dict:
    return {"file": SimpleUploadedFile("back-pain-es.xlf", data, "application/xliff+xml")}


def test_the_translations_languages_page_offers_download_and_import(translation, editor):
    page = _client(editor).get(PAGE).content.decode()
    assert f'href="{EXPORT}" download>Download XLIFF for translators</a>' in page
    assert f'action="{IMPORT}" enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page


def test_the_download_is_an_xliff_2_attachment(translation, editor):
    response = _client(editor).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xliff+xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="back-pain-es.en-es.xlf"'
    assert b'version="2.0" srcLang="en" trgLang="es"' in response.content


def test_an_import_writes_the_targets_and_places_the_report_at_the_form(translation, editor):
    client = _client(editor)
    data = _filled(client.get(EXPORT).content)
    response = client.post(IMPORT, _upload(data))
    assert response.status_code == 302 and response["Location"] == PAGE
    assert Claim.objects.filter(section__article=translation, text__startswith="ES ").exists()
    page = client.get(PAGE).content.decode()
    slot = page.split('data-placed="xliff"')[1].split("</div>")[0]
    assert "XLIFF imported:" in slot and "1 unit(s) untranslated (kept as they were): title" in slot


def test_a_refused_import_shows_the_reason_at_the_form_and_writes_nothing(translation, editor):
    client = _client(editor)
    data = client.get(EXPORT).content.replace(b'trgLang="es"', b'trgLang="fr"')
    with nothing_written():
        response = client.post(IMPORT, _upload(data))
    assert response.status_code == 400
    page = response.content.decode()
    slot = page.split('data-placed="xliff" role="alert"')[1].split("</div>")[0]
    assert "The XLIFF file was not imported: its trgLang is &#x27;fr&#x27;" in slot


def test_an_oversized_file_is_refused_without_a_made_up_size(translation, editor):
    # The desk reads only one byte past the limit, so the refusal must not claim that
    # a 3 MB file is "2,097,153 bytes".
    with nothing_written():
        response = _client(editor).post(IMPORT, _upload(b" " * (3 * 1024 * 1024)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "it is over the limit of 2,097,152 bytes" in page
    assert "2,097,153" not in page


def test_an_import_without_a_file_is_refused(translation, editor):
    response = _client(editor).post(IMPORT, {})
    assert response.status_code == 400
    assert "Choose the translated XLIFF file" in response.content.decode()


def test_a_board_member_who_may_not_edit_gets_neither_the_controls_nor_the_file(
    translation, editor, hispanist
):
    client = _client(hispanist)
    data = _filled(_client(editor).get(EXPORT).content)
    assert "Download XLIFF" not in client.get(PAGE).content.decode()
    assert client.get(EXPORT).status_code == 403
    with nothing_written():
        assert client.post(IMPORT, _upload(data)).status_code == 403


def test_an_outsider_is_refused_the_xliff_pages(translation, outsider):
    client = _client(outsider)
    assert client.get(EXPORT).status_code == 403
    assert client.post(IMPORT, {}).status_code == 403


def test_a_source_article_has_no_xliff_to_download(source, editor):
    response = _client(editor).get("/editor/articles/back-pain/xliff/")
    assert response.status_code == 400
    assert "Only a translation has an XLIFF file" in response.content.decode()
