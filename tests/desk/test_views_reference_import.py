"""Importing a reference file at the editors' desk (/editor/references/import/): the
same import and report as the admin and the API, for editors only."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from references.models import Reference
from tests.conftest import make_reference
from tests.editing import nothing_written

URL = reverse("editor:reference-import")
FIXTURES = Path(__file__).resolve().parents[1] / "references" / "fixtures"


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes())


def test_an_editor_imports_a_file_and_sees_each_entrys_fate(client, editor):
    make_reference(title="BNT162b2 trial, typed by hand", doi="10.1056/nejmoa2034577")
    client.force_login(editor)
    response = client.post(URL, {"file": upload("crossref.json"), "reason": "Vaccine article"})
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "2 entries: 1 created, 0 matched to records already in the library, 1 matched and enriched."
        in page
    )
    assert "matched by DOI" in page
    assert (
        "Added: authors, journal or container, volume, issue, pages, URL, source, language, "
        "ISSN, container-title-short"
    ) in page
    assert (
        "kept the library&#x27;s publisher (Praxis Medical Insights); the file has "
        "Massachusetts Medical Society"
    ) in page
    record = Reference.objects.get(doi="10.1056/nejmoa2034577")
    # Enriched, not overwritten: the library's title stays; what it lacked is added.
    assert record.title == "BNT162b2 trial, typed by hand"
    assert (record.volume, record.pages, record.authors[0]["family"]) == (
        "383",
        "2603-2615",
        "Polack",
    )
    assert record.history.first().history_change_reason == (
        "Vaccine article (enriched from a csl-json file)"
    )
    assert record.history.first().history_user == editor


def test_a_refused_file_names_each_entry_and_field_and_writes_nothing(client, editor):
    client.force_login(editor)
    bad = SimpleUploadedFile(
        "bad.json", b'[{"title": "ok"}, {"type": "book", "issued": "2020-30"}]'
    )
    with nothing_written():
        response = client.post(URL, {"file": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "entry 2: title: is missing" in page


def test_the_page_shows_to_editors_and_is_refused_to_board_members(client, editor, reviewer):
    client.force_login(editor)
    assert client.get(URL).status_code == 200
    client.force_login(reviewer)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_people_are_sent_to_log_in(client, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]
