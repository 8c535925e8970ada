"""Exporting a bibliography (CSL items) as RIS, BibTeX and CSL-JSON, and reading each
export back."""

import json

import pytest

from references.csl import reference_fields_from_csl
from references.errors import ReferenceFormatError
from references.formats import bibliography_export, entries_parse
from tests.references.test_formatting import ENGSTROM, HARTVIGSEN, LIPITOR, MAYO, NICE

ITEMS = [
    {**HARTVIGSEN, "id": "hartvigsen2018", "PMCID": "PMC123"},
    {**NICE, "id": "nice"},
    {**ENGSTROM, "id": "engstrom"},
    {**MAYO, "id": "mayo"},
    {**LIPITOR, "id": "lipitor"},
]


def fields(item: dict) -> dict:
    values, problems = reference_fields_from_csl(item)
    assert problems == []
    values.pop("citekey")
    return values


@pytest.mark.parametrize("fmt", ["ris", "bibtex", "csl-json"])
def test_an_exported_bibliography_reads_back_to_the_same_records(fmt):
    exported = bibliography_export(items=ITEMS, fmt=fmt)
    parsed = entries_parse(text=exported, fmt=fmt)
    assert parsed.errors == []
    assert [entry.errors for entry in parsed.entries] == [()] * len(ITEMS)
    assert [fields(entry.item) for entry in parsed.entries] == [fields(i) for i in ITEMS]


def test_the_ris_export_is_plain_tagged_lines():
    exported = bibliography_export(items=[ITEMS[0]], fmt="ris")
    lines = exported.splitlines()
    assert lines[0] == "TY  - JOUR"
    assert "AU  - Hartvigsen, Jan" in lines
    assert "DO  - 10.1016/s0140-6736(18)30480-x" in lines
    assert "AN  - 29573870" in lines
    assert lines[-1] == "ER  - "


def test_a_newline_inside_a_value_cannot_forge_a_ris_tag():
    item = {"type": "book", "title": "Harmless\nUR  - https://evil.example", "id": "x"}
    exported = bibliography_export(items=[item], fmt="ris")
    assert "UR  - " not in exported
    (entry,) = entries_parse(text=exported, fmt="ris").entries
    assert entry.item["title"] == "Harmless UR - https://evil.example"


def test_the_bibtex_export_escapes_latex_and_keeps_organisations_whole():
    item = {
        "type": "report",
        "id": "who 2024/1",
        "title": "Costs & benefits: 50% of {cases}",
        "author": [{"literal": "World Health Organization"}],
    }
    exported = bibliography_export(items=[item, item], fmt="bibtex")
    assert "@techreport{who20241," in exported
    assert "@techreport{who20241-2," in exported  # keys stay unique
    assert r"Costs \& benefits: 50\% of {cases}" in exported
    assert "{{World Health Organization}}" in exported
    entry = entries_parse(text=exported, fmt="bibtex").entries[0]
    assert entry.item["title"] == "Costs & benefits: 50% of cases"
    assert entry.item["author"] == [{"literal": "World Health Organization"}]


def test_the_csl_json_export_is_the_items_themselves():
    assert json.loads(bibliography_export(items=ITEMS, fmt="csl-json")) == ITEMS


def test_there_is_no_nbib_export():
    with pytest.raises(ReferenceFormatError) as caught:
        bibliography_export(items=ITEMS, fmt="nbib")
    assert caught.value.code == "unknown_format"
