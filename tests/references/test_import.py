"""Importing reference files: each format on a realistic file and on a malformed one
(nothing is imported then), matching to existing records, and refusals."""

import datetime as dt
import json
from pathlib import Path

import pytest

from references.errors import ReferenceFormatError
from references.importing import references_import
from references.models import Reference
from tests.conftest import make_reference

DATA = Path(__file__).parent / "data"


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def refused(name: str, fmt: str, actor) -> ReferenceFormatError:
    before = Reference.objects.count()
    with pytest.raises(ReferenceFormatError) as caught:
        references_import(data=load(name), fmt=fmt, actor=actor)
    assert Reference.objects.count() == before
    return caught.value


def test_a_zotero_ris_file_is_imported_with_every_field(editor):
    result = references_import(data=load("zotero.ris"), fmt="ris", actor=editor)
    assert len(result.created) == 4
    assert result.matched == []
    lancet, nice, chapter, web = result.entries
    assert lancet.csl_type == "article-journal"
    assert lancet.container_title == "Lancet"  # the abbreviation (J2) over the full name
    assert lancet.authors[1] == {"family": "Hancock", "given": "Mark J."}
    assert len(lancet.authors) == 7
    assert (lancet.issued_year, lancet.issued_month, lancet.issued_day) == (2018, 6, 9)
    assert (lancet.volume, lancet.issue, lancet.pages) == ("391", "10137", "2356-2367")
    assert (lancet.doi, lancet.pmid) == ("10.1016/s0140-6736(18)30480-x", "29573870")
    assert (nice.csl_type, nice.genre, nice.number) == ("report", "Guideline", "NG59")
    assert nice.authors == [{"literal": "National Institute for Health and Care Excellence"}]
    assert (nice.publisher_place, nice.accessed) == ("London", dt.date(2025, 1, 15))
    assert chapter.editors == [
        {"family": "Loscalzo", "given": "Joseph"},
        {"family": "Fauci", "given": "Anthony"},
    ]
    assert (chapter.container_title, chapter.edition, chapter.pages) == (
        "Harrison's Principles of Internal Medicine",
        "21",
        "112-125",
    )
    assert (web.csl_type, web.container_title, web.accessed) == (
        "webpage",
        "Mayo Clinic",
        dt.date(2025, 1, 15),
    )


def test_the_import_is_recorded_in_history_with_the_importer(editor):
    result = references_import(data=load("zotero.ris"), fmt="ris", actor=editor)
    record = result.created[0].history.get()
    assert record.history_user == editor
    assert record.history_change_reason == "Imported from a ris file"


def test_a_windows_ris_file_with_continuation_lines_and_pubmed_notes_is_read(editor):
    (reference,) = references_import(data=load("windows.ris"), fmt="ris", actor=editor).created
    assert reference.title == "Heat wrap therapy for acute low back pain: a randomized trial"
    assert (reference.pmid, reference.pmcid) == ("12004166", "PMC1234567")


def test_a_ris_file_missing_an_er_line_imports_nothing_and_says_where(editor):
    error = refused("missing_er.ris", "ris", editor)
    assert error.code == "invalid_entries"
    assert error.errors == [
        "entry 2 (line 8): has no 'ER  - ' line before the next reference starts on line 14",
        "entry 3 (line 14): the file ends before its 'ER  - ' line",
    ]


def test_a_ris_file_with_bad_entries_imports_nothing_and_names_each_entry(editor):
    error = refused("bad_fields.ris", "ris", editor)
    assert error.errors == [
        "entry 2 (line 9): doi: 'not-a-doi' is not a DOI (expected something like 10.1000/xyz123).",
        "entry 3 (line 17): title: is missing",
    ]


def test_text_outside_a_ris_record_is_an_error(editor):
    data = b"Exported 2025-01-01\nTY  - JOUR\nTI  - A title\nER  - \n"
    with pytest.raises(ReferenceFormatError) as caught:
        references_import(data=data, fmt="ris", actor=editor)
    assert caught.value.errors == [
        "line 1: 'Exported 2025-01-01' is outside a reference (each reference starts with "
        "a 'TY  - ' line)"
    ]


def test_a_bibtex_library_is_imported_with_latex_decoded_and_organisations_kept(editor):
    result = references_import(data=load("library.bib"), fmt="bibtex", actor=editor)
    lancet, nice, chapter, web = result.entries
    assert lancet.citekey == "hartvigsen2018"
    assert lancet.authors[5] == {"family": "Genevay", "given": "Stéphane"}
    assert lancet.container_title == "Lancet"  # from the @string
    assert (lancet.issued_year, lancet.issued_month) == (2018, 6)
    assert (lancet.issue, lancet.pages, lancet.pmid) == ("10137", "2356-2367", "29573870")
    assert nice.authors == [{"literal": "National Institute for Health and Care Excellence"}]
    assert (nice.csl_type, nice.genre, nice.number, nice.publisher) == (
        "report",
        "Guideline",
        "NG59",
        "National Institute for Health and Care Excellence",
    )
    assert nice.accessed == dt.date(2025, 1, 15)
    assert (chapter.csl_type, chapter.container_title, len(chapter.editors)) == (
        "chapter",
        "Harrison's Principles of Internal Medicine",
        2,
    )
    assert web.title == "Back pain: symptoms & causes"
    assert (web.csl_type, web.issued_day, web.url.startswith("https://www.mayoclinic")) == (
        "webpage",
        4,
        True,
    )


def test_a_broken_bibtex_file_imports_nothing_and_names_each_entry(editor):
    error = refused("broken.bib", "bibtex", editor)
    assert error.errors == [
        "entry 2 (line 8): cannot be read: Unexpected block start: `@article`. Was still "
        "looking for field-value closing `,` or `}`",
        "entry 3 (line 15): uses the key 'fine2020' again (keys must be unique in a file)",
        "entry 4 (line 22): date: '20x3' is not a year",
        "entry 4 (line 22): title: is missing",
    ]


def test_a_pubmed_nbib_file_is_imported_with_genres_and_collective_authors(editor):
    result = references_import(data=load("pubmed.nbib"), fmt="nbib", actor=editor)
    guideline, review, trial = result.entries
    assert guideline.title.startswith("Noninvasive Treatments for Acute, Subacute, and Chronic")
    assert guideline.title.endswith("From the American College of Physicians.")
    assert guideline.genre == "Guideline"
    assert guideline.authors[0] == {"family": "Qaseem", "given": "Amir"}
    assert guideline.authors[-1] == {
        "literal": "Clinical Guidelines Committee of the American College of Physicians"
    }
    assert len(guideline.authors) == 5
    assert (guideline.issued_year, guideline.issued_month, guideline.issued_day) == (2017, 4, 4)
    assert (guideline.container_title, guideline.doi) == ("Ann Intern Med", "10.7326/m16-2367")
    assert review.doi == "10.1016/s0140-6736(18)30480-x"  # the [doi] id, not the [pii]
    assert review.genre == "Narrative review"
    assert (trial.genre, trial.pmcid, trial.issued_year, trial.issued_month) == (
        "Randomized trial",
        "PMC6500001",
        2019,
        None,
    )
    assert trial.authors == [
        {"family": "Example", "given": "A"},
        {"family": "Sample", "given": "BC"},
    ]


def test_a_broken_nbib_file_imports_nothing_and_names_each_entry(editor):
    error = refused("broken.nbib", "nbib", editor)
    assert error.errors == [
        "entry 2 (line 8): 'this line has no tag' is not a MEDLINE line (expected a tag "
        "such as 'TI  - ' or a continuation indented by six spaces)",
        "entry 3 (line 11): has no PMID line (each MEDLINE record starts with 'PMID- ')",
        "entry 3 (line 11): DP (date of publication): 'sometime' is not a date (expected "
        "e.g. 2020-03-05).",
    ]


def test_a_csl_json_file_is_imported(editor):
    result = references_import(data=load("items.json"), fmt="csl-json", actor=editor)
    lancet, nice, advil = result.entries
    assert lancet.doi == "10.1016/s0140-6736(18)30480-x"
    assert (nice.issued_year, nice.issued_month, nice.issued_day) == (2016, 11, 30)
    assert (advil.genre, advil.issued_year, advil.publisher_place) == (
        "Drug label",
        2023,
        "Madison, NJ",
    )


def test_a_broken_csl_json_file_imports_nothing_and_names_each_entry(editor):
    error = refused("broken.json", "csl-json", editor)
    assert error.errors == [
        "entry 2: title: is missing",
        "entry 2: author: Name 1 needs a family name or, for an organisation, a name.",
        "entry 3: issued: '2020-30' is not a date: 30 is not a month.",
        "entry 4: is not a CSL-JSON object",
    ]


def test_a_file_that_is_not_json_is_refused_as_unreadable(editor):
    with pytest.raises(ReferenceFormatError) as caught:
        references_import(data=b'[{"title": "x"', fmt="csl-json", actor=editor)
    assert caught.value.code == "unreadable"
    assert caught.value.message.startswith("The file is not valid JSON (line 1")


def test_entries_already_in_the_library_are_matched_not_duplicated(editor):
    existing = make_reference(
        title="Typed by hand", csl_type="article-journal", doi="10.1016/s0140-6736(18)30480-x"
    )
    result = references_import(data=load("zotero.ris"), fmt="ris", actor=editor)
    assert result.matched == [existing]
    assert result.entries[0] == existing
    assert len(result.created) == 3
    existing.refresh_from_db()
    assert existing.title == "Typed by hand"  # a match never overwrites the library record


def test_importing_the_same_file_twice_adds_nothing_the_second_time(editor):
    references_import(data=load("library.bib"), fmt="bibtex", actor=editor)
    again = references_import(data=load("library.bib"), fmt="bibtex", actor=editor)
    assert again.created == []
    assert len(again.matched) == 4
    assert Reference.objects.count() == 4


def test_the_same_source_in_two_formats_is_one_record(editor):
    references_import(data=load("pubmed.nbib"), fmt="nbib", actor=editor)
    result = references_import(data=load("zotero.ris"), fmt="ris", actor=editor)
    assert [r.pmid for r in result.matched] == ["29573870"]
    assert Reference.objects.filter(pmid="29573870").count() == 1


def test_a_source_twice_in_one_file_is_created_once(editor):
    item = {"type": "article-journal", "title": "Once", "PMID": "123"}
    data = json.dumps([item, {**item, "PMID": "PMID: 123"}])
    result = references_import(data=data, fmt="csl-json", actor=editor)
    assert len(result.created) == 1
    assert result.entries[0] == result.entries[1]


def test_a_guideline_without_identifiers_is_matched_by_title_year_and_type(editor):
    existing = make_reference(title="Low back pain and sciatica in over 16s", issued_year=2016)
    item = {
        "type": "report",
        "title": "Low back pain and  sciatica in over 16s",
        "issued": {"date-parts": [[2016]]},
    }
    result = references_import(data=json.dumps([item]), fmt="csl-json", actor=editor)
    assert result.matched == [existing]
    other_year = {**item, "issued": {"date-parts": [[2020]]}}
    result = references_import(data=json.dumps([other_year]), fmt="csl-json", actor=editor)
    assert len(result.created) == 1


def test_identifiers_pointing_at_two_records_roll_back_the_whole_import(editor):
    make_reference(title="Has the DOI", doi="10.1000/a")
    make_reference(title="Has the PMID", pmid="99")
    items = [
        {"type": "article-journal", "title": "New one", "DOI": "10.1000/new"},
        {"type": "article-journal", "title": "Confused", "DOI": "10.1000/a", "PMID": "99"},
    ]
    before = Reference.objects.count()
    with pytest.raises(ReferenceFormatError) as caught:
        references_import(data=json.dumps(items), fmt="csl-json", actor=editor)
    assert caught.value.code == "conflicting_identifiers"
    assert caught.value.errors[0].startswith(
        "entry 2: its identifiers belong to different records in the library (DOI matches"
    )
    assert Reference.objects.count() == before  # entry 1 was created, then rolled back


def test_an_oversize_file_is_refused_before_it_is_read(editor, settings):
    settings.REFERENCE_IMPORT_MAX_BYTES = 1024
    with pytest.raises(ReferenceFormatError) as caught:
        references_import(data=b" " * 1025, fmt="ris", actor=editor)
    assert caught.value.code == "too_large"
    assert caught.value.message == (
        "The file is 1,025 bytes; the largest accepted is 1,024 bytes. Split it into smaller files."
    )


def test_a_file_that_is_not_utf8_is_refused(editor):
    with pytest.raises(ReferenceFormatError) as caught:
        references_import(
            data="TY  - JOUR\nTI  - Café\nER  - \n".encode("latin-1"), fmt="ris", actor=editor
        )
    assert caught.value.code == "not_utf8"


def test_a_utf8_file_with_a_byte_order_mark_is_read(editor):
    data = "\ufeffTY  - JOUR\nTI  - Café\nER  - \n".encode()
    (reference,) = references_import(data=data, fmt="ris", actor=editor).created
    assert reference.title == "Café"


def test_an_unknown_format_is_refused_with_a_code(editor):
    with pytest.raises(ReferenceFormatError) as caught:
        references_import(data=b"x", fmt="endnote-xml", actor=editor)
    assert caught.value.code == "unknown_format"


def test_a_file_without_entries_is_refused(editor):
    with pytest.raises(ReferenceFormatError) as caught:
        references_import(data=b"\n\n", fmt="nbib", actor=editor)
    assert caught.value.code == "no_entries"
