"""The reference library through the API: search, add one CSL-JSON item, import files."""

from pathlib import Path

import pytest
from django.test import override_settings

from references.models import Reference
from tests.api.conftest import client_for
from tests.conftest import make_reference

URL = "/api/v1/references/"
DATA = Path(__file__).resolve().parents[1] / "references" / "data"
RIS = b"TY  - JOUR\nTI  - Heat for back pain\nDO  - 10.1000/heat.2020\nPY  - 2020\nER  - \n"


def error_of(response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error", "detail", "fields"}
    return response.status_code, body["error"]


@pytest.fixture
def library(db):
    return [
        make_reference(title="Acute low back pain guideline", doi="10.1000/lbp.1"),
        make_reference(title="Neck pain review", pmid="31234567"),
        make_reference(title="Sore throat", url="https://example.org/throat"),
    ]


@pytest.mark.parametrize(
    ("q", "titles"),
    [
        ("back PAIN", ["Acute low back pain guideline"]),
        ("https://doi.org/10.1000/LBP.1", ["Acute low back pain guideline"]),
        ("PMID: 31234567", ["Neck pain review"]),
        ("pain", ["Acute low back pain guideline", "Neck pain review"]),
        ("nothing like it", []),
    ],
)
def test_the_library_is_searched_by_title_doi_or_pmid(library, editor, q, titles):
    body = client_for(editor).get(URL, {"q": q}).json()
    assert [r["csl"]["title"] for r in body["results"]] == titles


def test_a_reference_is_shown_as_csl_json(library, editor):
    body = client_for(editor).get(URL, {"q": "neck"}).json()
    (item,) = body["results"]
    assert item["csl"]["PMID"] == "31234567"
    assert (item["retracted"], item["superseded_by"]) == (False, None)


def test_an_editor_adds_a_csl_item_with_normalised_identifiers(editor):
    item = {
        "type": "article-journal",
        "title": "Heat for back pain",
        "author": [{"family": "Smith", "given": "Ann"}],
        "DOI": "https://doi.org/10.1000/HEAT.2020",
        "issued": {"date-parts": [[2020, 3]]},
    }
    response = client_for(editor).post(URL, item, format="json")
    assert response.status_code == 201, response.json()
    reference = Reference.objects.get()
    assert (reference.doi, reference.issued_year, reference.issued_month) == (
        "10.1000/heat.2020",
        2020,
        3,
    )
    assert response.json()["id"] == reference.pk
    assert reference.history.get().history_user == editor


def test_an_item_without_a_title_is_a_400_and_adds_nothing(editor):
    response = client_for(editor).post(URL, {"type": "book"}, format="json")
    assert error_of(response) == (400, "invalid")
    assert "title: is missing" in response.json()["fields"]["csl"]
    assert Reference.objects.count() == 0


def test_an_invalid_identifier_is_a_400_naming_the_field(editor):
    response = client_for(editor).post(URL, {"title": "X", "DOI": "not a doi"}, format="json")
    assert error_of(response) == (400, "invalid")
    assert "doi" in response.json()["fields"]
    assert Reference.objects.count() == 0


def test_a_nul_character_is_a_400_naming_the_field(editor):
    response = client_for(editor).post(URL, {"title": "\x00", "type": "book"}, format="json")
    assert error_of(response) == (400, "control_character")
    assert response.json()["fields"]["title"] == [
        "'title' contains a control character (U+0000) at position 1; remove it."
    ]
    assert Reference.objects.count() == 0


def test_a_lone_surrogate_in_a_title_is_a_400_naming_the_field_not_a_500(editor):
    response = client_for(editor).post(
        URL, '{"title": "Heat \\ud800", "type": "book"}', content_type="application/json"
    )
    assert error_of(response) == (400, "control_character")
    assert response.json()["fields"]["title"] == [
        "'title' contains a lone surrogate (U+D800) at position 6; remove it."
    ]
    assert Reference.objects.count() == 0


def test_a_doi_already_in_the_library_is_a_409(library, editor):
    response = client_for(editor).post(
        URL, {"title": "Again", "DOI": "10.1000/lbp.1"}, format="json"
    )
    assert error_of(response) == (409, "duplicate")
    assert Reference.objects.count() == 3


def test_only_editors_add_references(outsider, reviewer):
    for user in (outsider, reviewer):
        response = client_for(user).post(URL, {"title": "X"}, format="json")
        assert error_of(response) == (403, "not_editor")
        assert error_of(
            client_for(user).post(
                f"{URL}import", RIS, content_type="application/x-research-info-systems"
            )
        ) == (403, "not_editor")
    assert Reference.objects.count() == 0


def test_reading_the_library_needs_authentication(api, library):
    assert error_of(api.get(URL)) == (401, "not_authenticated")


# --- Import ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content_type", "count"),
    [
        ("zotero.ris", "application/x-research-info-systems", None),
        ("library.bib", "application/x-bibtex", None),
        ("items.json", "application/vnd.citationstyles.csl+json", None),
        ("pubmed.nbib", "application/nbib", None),
        ("../fixtures/pandoc.yaml", "application/yaml", None),
    ],
)
def test_each_format_is_imported_by_its_content_type(editor, filename, content_type, count):
    response = client_for(editor).post(
        f"{URL}import", (DATA / filename).read_bytes(), content_type=content_type
    )
    assert response.status_code == 201, response.json()
    created = response.json()["created"]
    assert len(created) == Reference.objects.count() > 0
    assert {r["id"] for r in created} == set(Reference.objects.values_list("pk", flat=True))


def test_importing_again_matches_instead_of_duplicating(editor):
    client = client_for(editor)
    kind = "application/x-research-info-systems"
    first = client.post(f"{URL}import", RIS, content_type=kind)
    again = client.post(f"{URL}import", RIS, content_type=kind)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["created"] == []
    assert [r["id"] for r in again.json()["matched"]] == [first.json()["created"][0]["id"]]
    assert Reference.objects.count() == 1


def test_the_import_reports_each_entrys_fate_and_what_a_matched_record_gained(editor):
    existing = make_reference(title="Heat for back pain", doi="10.1000/heat.2020")
    ris = RIS.replace(b"ER  - ", b"AN  - 31234567\nDB  - PubMed\nER  - ")
    response = client_for(editor).post(
        f"{URL}import?reason=Adding+PubMed+ids",
        ris,
        content_type="application/x-research-info-systems",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["summary"] == (
        "1 entry: 0 created, 0 matched to records already in the library, 1 matched and enriched."
    )
    assert body["entries"] == [
        {
            "number": 1,
            "line": 1,
            "fate": "enriched",
            "reference": existing.pk,
            "matched_by": "DOI",
            "fields": ["pmid"],
            "kept": ["kept the library's date of publication; the file has another"],
            "warnings": [],
            "summary": body["entries"][0]["summary"],
        }
    ]
    assert body["entries"][0]["summary"].startswith(
        f"entry 1 (line 1): matched reference {existing.pk} “Heat for back pain” by DOI; added PMID"
    )
    existing.refresh_from_db()
    assert existing.pmid == "31234567"
    assert existing.history.first().history_change_reason == (
        "Adding PubMed ids (enriched from a ris file)"
    )


def test_a_broken_file_is_a_400_listing_each_entry_and_imports_nothing(editor):
    response = client_for(editor).post(
        f"{URL}import", (DATA / "broken.nbib").read_bytes(), content_type="application/nbib"
    )
    assert error_of(response) == (400, "invalid_entries")
    assert any(line.startswith("entry 3") for line in response.json()["fields"]["file"])
    assert Reference.objects.count() == 0


def test_an_unknown_file_type_is_a_415(editor):
    response = client_for(editor).post(f"{URL}import", b"<xml/>", content_type="application/xml")
    assert error_of(response) == (415, "unsupported_media_type")


def test_an_import_without_a_body_is_a_400(editor):
    response = client_for(editor).post(
        f"{URL}import", b"", content_type="application/x-research-info-systems"
    )
    assert error_of(response) == (400, "empty_body")


@override_settings(REFERENCE_IMPORT_MAX_BYTES=1024)
def test_a_file_over_the_limit_is_a_413(editor):
    response = client_for(editor).post(
        f"{URL}import", RIS * 40, content_type="application/x-research-info-systems"
    )
    assert error_of(response) == (413, "too_large")
    assert Reference.objects.count() == 0
