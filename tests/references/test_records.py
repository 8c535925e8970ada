"""Library records: identifiers normalised and validated, duplicates refused, and the
record's CSL form."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from references.identifiers import normalize_doi, normalize_pmcid, normalize_pmid
from references.models import Reference
from references.services import reference_save
from tests.conftest import make_reference


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("10.1001/JAMA.2020.1234", "10.1001/jama.2020.1234"),
        ("https://doi.org/10.1001/jama.2020.1234", "10.1001/jama.2020.1234"),
        ("http://dx.doi.org/10.1001/jama.2020.1234", "10.1001/jama.2020.1234"),
        ("doi.org/10.1001/jama.2020.1234", "10.1001/jama.2020.1234"),
        ("doi:10.1001/jama.2020.1234", "10.1001/jama.2020.1234"),
        ("DOI 10.1001/jama.2020.1234", "10.1001/jama.2020.1234"),
        ("https://doi.org/10.1002/%28SICI%291097", "10.1002/(sici)1097"),
        ("  ", ""),
    ],
)
def test_a_doi_is_stored_in_one_canonical_form(typed, stored):
    assert normalize_doi(typed) == stored


@pytest.mark.parametrize("bad", ["not-a-doi", "10.12/too-short-prefix", "10.1001/with space"])
def test_a_malformed_doi_is_refused(bad):
    with pytest.raises(ValueError, match="is not a DOI"):
        normalize_doi(bad)


@pytest.mark.parametrize(
    ("typed", "stored"), [("PMID: 012345", "12345"), ("pmid 29573870", "29573870"), ("", "")]
)
def test_a_pmid_is_stored_as_a_plain_number(typed, stored):
    assert normalize_pmid(typed) == stored


@pytest.mark.parametrize("bad", ["PMC123", "0", "1234567890", "12a"])
def test_a_malformed_pmid_is_refused(bad):
    with pytest.raises(ValueError, match="is not a PubMed ID"):
        normalize_pmid(bad)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("PMC6500001", "PMC6500001"), ("pmc 6500001", "PMC6500001"), ("PMCID: 0123", "PMC123")],
)
def test_a_pmcid_is_stored_with_its_prefix(typed, stored):
    assert normalize_pmcid(typed) == stored


@pytest.mark.parametrize("bad", ["PMC", "PMID123", "PMC0", "PMC12345678901"])
def test_a_malformed_pmcid_is_refused(bad):
    with pytest.raises(ValueError, match="is not a PubMed Central ID"):
        normalize_pmcid(bad)


def test_saving_through_the_service_normalises_identifiers_and_keeps_history(editor):
    reference = Reference(
        title="A trial",
        csl_type="article-journal",
        doi="https://doi.org/10.1000/ABC",
        pmid="PMID: 0042",
        pmcid="pmc 7",
    )
    reference_save(reference=reference, actor=editor, reason="Typed in")
    reference.refresh_from_db()
    assert (reference.doi, reference.pmid, reference.pmcid) == ("10.1000/abc", "42", "PMC7")
    record = reference.history.get()
    assert (record.history_user, record.history_change_reason) == (editor, "Typed in")


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("doi", "https://doi.org/10.1000/ABC", "duplicate_doi"),
        ("pmid", "PMID 42", "duplicate_pmid"),
        ("pmcid", "pmc7", "duplicate_pmcid"),
    ],
)
def test_a_second_record_with_the_same_identifier_is_refused(editor, field, typed, code):
    make_reference(title="First", doi="10.1000/abc", pmid="42", pmcid="PMC7")
    duplicate = Reference(title="Second", **{field: typed})
    with pytest.raises(ValidationError) as caught:
        reference_save(reference=duplicate, actor=editor, reason="Typed in")
    assert code in [error.code for error in caught.value.error_dict["__all__"]]
    assert Reference.objects.count() == 1


def test_the_database_refuses_a_duplicate_doi_that_skipped_validation(db):
    make_reference(title="First", doi="10.1000/abc")
    with pytest.raises(IntegrityError):
        make_reference(title="Second", doi="10.1000/abc")


def test_records_without_identifiers_do_not_collide(editor):
    make_reference(title="One")
    reference_save(reference=Reference(title="Two"), actor=editor, reason="Typed in")
    assert Reference.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"doi": "nope"}, "doi", "invalid_doi"),
        ({"pmid": "abc"}, "pmid", "invalid_pmid"),
        ({"pmcid": "PMX1"}, "pmcid", "invalid_pmcid"),
        ({"authors": [{"given": "Only"}]}, "authors", "invalid_names"),
        ({"editors": "Smith J"}, "editors", "invalid_names"),
        ({"issued_year": 2020, "issued_month": 2, "issued_day": 30}, "issued_year", "invalid_date"),
        ({"issued_day": 3}, "issued_year", "invalid_date"),
        (
            {"retraction_notice_url": "https://example.org/n"},
            "retraction_notice_url",
            "notice_without_date",
        ),
    ],
)
def test_clean_refuses_a_bad_field_with_a_code(db, fields, field, code):
    reference = Reference(title="A source", **fields)
    with pytest.raises(ValidationError) as caught:
        reference.full_clean()
    assert [error.code for error in caught.value.error_dict[field]] == [code]


def test_a_reference_cannot_supersede_itself(db):
    reference = make_reference()
    reference.superseded_by = reference
    with pytest.raises(ValidationError) as caught:
        reference.full_clean()
    assert caught.value.error_dict["superseded_by"][0].code == "self_supersede"


def test_the_csl_form_carries_every_bibliographic_field(db):
    reference = make_reference(
        title="Back and neck pain",
        csl_type="chapter",
        genre="",
        authors=[{"family": "Engstrom", "given": "John W."}],
        editors=[{"family": "Loscalzo", "given": "Joseph"}],
        container_title="Harrison's Principles of Internal Medicine",
        publisher="McGraw Hill",
        publisher_place="New York",
        edition="21",
        number="",
        issued_year=2022,
        pages="112-125",
        pmcid="PMC1",
        url="https://example.org/ch",
        accessed=dt.date(2025, 1, 15),
    )
    assert reference.to_csl() == {
        "type": "chapter",
        "title": "Back and neck pain",
        "author": [{"family": "Engstrom", "given": "John W."}],
        "editor": [{"family": "Loscalzo", "given": "Joseph"}],
        "container-title": "Harrison's Principles of Internal Medicine",
        "publisher": "McGraw Hill",
        "publisher-place": "New York",
        "edition": "21",
        "page": "112-125",
        "PMCID": "PMC1",
        "URL": "https://example.org/ch",
        "issued": {"date-parts": [[2022]]},
        "accessed": {"date-parts": [[2025, 1, 15]]},
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "title",
            "Heat\x00 therapy",
            "'Title' contains a control character (U+0000) at position 5; remove it.",
        ),
        (
            "notes",
            "\x00",
            "'Notes' contains a control character (U+0000) at position 1; remove it.",
        ),
        (
            "authors",
            [{"family": "Sm\x00ith", "given": "A"}],
            "'Authors[0].family' contains a control character (U+0000) at position 3; remove it.",
        ),
        (
            "title",
            "10\u202e mg",
            "'Title' contains a bidirectional-text control (U+202E) at position 3; remove it.",
        ),
        (
            "container_title",
            "BMJ\x85",
            "'Journal or container' contains a control character (U+0085) at position 4; "
            "remove it.",
        ),
        (
            "notes",
            "a\ud800",
            "'Notes' contains a lone surrogate (U+D800) at position 2; remove it.",
        ),
    ],
)
def test_a_control_character_is_refused_with_its_field_and_nothing_is_saved(
    editor, field, value, message
):
    reference = Reference(csl_type="book", title="Heat therapy")
    setattr(reference, field, value)

    with pytest.raises(ValidationError) as refused:
        reference_save(reference=reference, actor=editor, reason="test")

    assert refused.value.message_dict[field] == [message]
    assert Reference.objects.count() == 0
