"""Citation locators, prefixes and suffixes, read as Pandoc reads them and shown as AMA
(and Pandoc with the AMA CSL style) shows them."""

import pytest

from articles.citing import CitedItem, cite_items, locator_parse, locator_write


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("", {}),
        (", p. 3", {"label": "page", "locator": "3"}),
        (", pp. 3-5", {"label": "page", "locator": "3-5"}),
        (" p. 3", {"label": "page", "locator": "3"}),
        (", 33", {"label": "page", "locator": "33"}),
        (", chap. 2", {"label": "chapter", "locator": "2"}),
        (", sec. 4.2", {"label": "section", "locator": "4.2"}),
        (", pp. 12-14, 17", {"label": "page", "locator": "12-14, 17"}),
        (", p. {iv}", {"label": "page", "locator": "iv"}),
        (", p. 4, emphasis added", {"label": "page", "locator": "4", "suffix": "emphasis added"}),
        (", emphasis added", {"suffix": "emphasis added"}),
    ],
)
def test_a_locator_is_read_as_pandoc_reads_it(after, expected):
    assert locator_parse(after) == expected


@pytest.mark.parametrize(
    ("label", "locator", "written"),
    [
        ("page", "3", "p. 3"),
        ("page", "3-5", "pp. 3-5"),
        ("chapter", "2", "chap. 2"),
        ("page", "iv", "p. {iv}"),
        ("", "", ""),
    ],
)
def test_a_locator_is_written_so_that_pandoc_reads_it_back(label, locator, written):
    assert locator_write(label, locator) == written
    if written:
        assert locator_parse(", " + written) == {"label": label, "locator": locator}


def test_citations_are_sorted_and_runs_of_three_collapse_as_ama_does():
    items = cite_items([(4, "d"), (2, "b"), (3, "c"), (1, "a"), (7, "g")], details={})
    assert items == (CitedItem(number=1, last=4), CitedItem(number=7))


def test_two_numbers_in_a_row_do_not_collapse():
    assert cite_items([(2, "b"), (1, "a")], details={}) == (CitedItem(1), CitedItem(2))


def test_a_locator_a_prefix_and_a_suffix_are_shown_in_ama_form():
    details = {
        "a": {"prefix": "see", "label": "page", "locator": "3-5"},
        "b": {"label": "chapter", "locator": "2", "suffix": "table 1"},
    }
    assert cite_items([(1, "a"), (2, "b"), (3, "c")], details=details) == (
        CitedItem(number=1, prefix="see", locator="pp3-5"),
        CitedItem(number=2, locator="chap2", suffix="table 1"),
        CitedItem(number=3),
    )
