"""What is wrong with citing a source: retracted, superseded, too old for its genre,
missing what its reference-list entry needs."""

import datetime as dt

import pytest

from references.integrity import Severity, item_problems, reference_problems
from tests.conftest import make_reference

TODAY = dt.date(2025, 6, 1)


def codes(problems) -> list[tuple[str, str]]:
    return [(p.severity, p.code) for p in problems]


def complete_article(**fields):
    fields = {
        "title": "A complete trial",
        "csl_type": "article-journal",
        "genre": "Randomized trial",
        "authors": [{"family": "Smith", "given": "John"}],
        "container_title": "BMJ",
        "issued_year": 2024,
        "volume": "380",
        "pages": "e1",
        **fields,
    }
    return make_reference(**fields)


def test_a_complete_current_source_has_no_problems(db):
    assert reference_problems(reference=complete_article(), today=TODAY) == []


def test_a_retracted_source_is_an_error_naming_the_date_and_notice(db):
    reference = complete_article(
        retracted_on=dt.date(2025, 3, 2), retraction_notice_url="https://example.org/notice"
    )
    (problem,) = reference_problems(reference=reference, today=TODAY)
    assert (problem.severity, problem.code, problem.is_error) == (
        Severity.ERROR,
        "retracted",
        True,
    )
    assert problem.message == (
        "“A complete trial” was retracted on 2025-03-02; it cannot be cited. "
        "Retraction notice: https://example.org/notice"
    )


def test_a_superseded_source_is_a_warning_naming_its_successor(db):
    successor = complete_article(title="The 2025 update", doi="10.1000/new")
    reference = complete_article(superseded_by=successor)
    (problem,) = reference_problems(reference=reference, today=TODAY)
    assert (problem.severity, problem.code) == (Severity.WARNING, "superseded")
    assert problem.message == (
        f"“A complete trial” has been superseded by “The 2025 update” (reference "
        f"{successor.pk}); cite the newer source."
    )


@pytest.mark.parametrize(
    ("genre", "year", "old"),
    [
        ("Guideline", 2020, False),  # counts as 31 Dec 2020: five years on 31 Dec 2025
        ("Guideline", 2019, True),
        ("guideline", 2019, True),  # genres match whatever their case
        ("Randomized trial", 1990, False),  # no age limit for trials
    ],
)
def test_a_source_older_than_its_genre_allows_is_a_warning(db, genre, year, old):
    reference = make_reference(genre=genre, issued_year=year, authors=[{"literal": "NICE"}])
    found = codes(reference_problems(reference=reference, today=TODAY))
    assert ((Severity.WARNING, "too_old") in found) is old


def test_the_age_limits_come_from_the_setting(db, settings):
    settings.REFERENCE_MAX_AGE_YEARS = {"Randomized Trial": 10}
    reference = complete_article(issued_year=2010)
    (problem,) = reference_problems(reference=reference, today=TODAY)
    assert problem.code == "too_old"
    assert problem.message == (
        "“A complete trial” was published in 2010: more than 10 years ago, the limit for a "
        "randomized trial. Check for a newer source."
    )


def test_a_full_date_ages_from_that_day(db):
    reference = make_reference(
        genre="Guideline",
        issued_year=2020,
        issued_month=5,
        issued_day=31,
        authors=[{"literal": "NICE"}],
    )
    assert codes(reference_problems(reference=reference, today=dt.date(2025, 5, 31))) == []
    assert codes(reference_problems(reference=reference, today=dt.date(2025, 6, 1))) == [
        (Severity.WARNING, "too_old")
    ]


def test_a_web_page_without_a_genre_ages_as_a_website(db):
    reference = make_reference(
        csl_type="webpage",
        genre="",
        issued_year=2019,
        url="https://example.org",
        accessed=dt.date(2025, 1, 1),
        container_title="Example",
    )
    assert codes(reference_problems(reference=reference, today=TODAY)) == [
        (Severity.WARNING, "too_old")
    ]


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        (
            {"authors": [], "container_title": "", "volume": "", "pages": ""},
            "authors, journal, book or site name, volume or DOI, pages or DOI",
        ),
        ({"volume": "", "pages": "", "doi": "10.1000/x"}, None),
        ({"issued_year": None}, "date of publication"),
    ],
)
def test_a_journal_article_missing_fields_is_a_warning_listing_them(db, fields, missing):
    reference = complete_article(**fields)
    found = reference_problems(reference=reference, today=TODAY)
    if missing is None:
        assert found == []
    else:
        (problem,) = found
        assert (problem.severity, problem.code) == (Severity.WARNING, "missing_fields")
        assert problem.message == (
            f"“A complete trial” is missing what a journal article needs in a reference "
            f"list: {missing}."
        )


@pytest.mark.parametrize(
    ("item", "missing"),
    [
        (
            {"type": "webpage", "title": "Page"},
            "authors or journal, book or site name or publisher, URL, date accessed",
        ),
        (
            {"type": "document", "genre": "Drug label", "title": "Lipitor"},
            "publisher, date of publication",
        ),
        (
            {"type": "chapter", "title": "Ch", "author": [{"family": "A"}]},
            "journal, book or site name, publisher, date of publication, pages",
        ),
        (
            {
                "type": "book",
                "title": "B",
                "editor": [{"family": "E"}],
                "publisher": "P",
                "issued": {"date-parts": [[2024]]},
            },
            None,
        ),
    ],
)
def test_each_kind_of_source_has_its_own_required_fields(item, missing):
    found = item_problems(item=item, today=TODAY)
    assert [p.message.split("reference list: ")[-1] for p in found] == (
        [f"{missing}."] if missing else []
    )


def test_errors_come_before_warnings(db):
    reference = make_reference(
        genre="Guideline", issued_year=2010, retracted_on=dt.date(2024, 1, 1), publisher=""
    )
    assert codes(reference_problems(reference=reference, today=TODAY)) == [
        (Severity.ERROR, "retracted"),
        (Severity.WARNING, "too_old"),
        (Severity.WARNING, "missing_fields"),
    ]
