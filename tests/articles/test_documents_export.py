"""Exporting articles as documents, and importing the export back without loss."""

import datetime
import random
from pathlib import Path

import pytest
import yaml

from articles.documents import (
    article_import,
    document_from_article,
    document_from_content,
    document_parse,
)
from articles.models import Claim, ClaimText
from articles.snapshot import working_copy_snapshot
from references.models import Reference
from tests.conftest import make_article, make_reference

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "articles" / "demo" / "upper-back-pain.md"
).read_text(encoding="utf-8")


def without_identity(content: dict) -> dict:
    """Snapshot content minus what legitimately differs between two articles."""
    content = {key: value for key, value in content.items() if key != "slug"}
    for section in content["sections"]:
        for claim in section["claims"]:
            claim.pop("uuid")
    return content


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def claim_content(text: str, **extra) -> dict:
    return {
        "uuid": "00000000-0000-0000-0000-000000000000",
        "text": text,
        "evidence": "not-graded",
        "no_citation_needed": False,
        "texts": {},
        "citations": [],
        **extra,
    }


def content_with(*, lead=(), sections=(), references=None) -> dict:
    return {
        "schema": 1,
        "slug": "tricky",
        "question": "What about tricky text?",
        "title": "",
        "specialty": "",
        "origin": "human",
        "sections": [{"kind": "lead", "heading": "", "claims": list(lead)}] * bool(lead)
        + list(sections),
        "references": references or {},
    }


# Round trips


def test_the_example_exported_reads_back_as_the_same_document(editor):
    article = article_import(text=EXAMPLE, owner=editor)
    exported = document_from_article(article=article)
    assert document_parse(text=exported) == document_parse(text=EXAMPLE)


def test_export_then_import_gives_the_same_working_copy(editor):
    original = article_import(text=EXAMPLE, owner=editor)
    copy = article_import(
        text=document_from_article(article=original), owner=editor, slug="copy-of-example"
    )
    assert without_identity(working_copy_snapshot(copy)) == without_identity(
        working_copy_snapshot(original)
    )
    assert Reference.objects.count() == 5


def test_evidence_no_citation_marks_and_audience_texts_survive_the_round_trip(editor):
    article = make_article(editor)
    claims = list(
        Claim.objects.filter(section__article=article).order_by("section__order", "order")
    )
    claims[1].evidence = "moderate"
    claims[1].save()
    claims[2].no_citation_needed = True
    claims[2].evidence = "very-low"
    claims[2].save()
    claims[2].citations.get().delete()
    ClaimText.objects.create(claim=claims[3], audience="student", text="Plain words.")
    ClaimText.objects.create(claim=claims[3], audience="patient", text="Simpler words.")

    exported = document_from_article(article=article)
    assert "{evidence=moderate}" in exported
    assert "{.uncited evidence=very-low}" in exported
    assert "    - patient: Simpler words.\n    - student: Plain words." in exported

    copy = article_import(text=exported, owner=editor, slug="copy")
    assert without_identity(working_copy_snapshot(copy)) == without_identity(
        working_copy_snapshot(article)
    )


def test_every_csl_field_survives_the_round_trip(editor):
    reference = make_reference(
        citekey="smith-2020",
        csl_type="article-journal",
        genre="Randomized trial",
        title="Heat wrap therapy: a trial",
        authors=[{"family": "Smith", "given": "Jane"}, {"literal": "Heat Study Group"}],
        editors=[{"family": "van Dijk", "given": "Anna", "non-dropping-particle": "van"}],
        container_title="Spine",
        publisher="Wolters Kluwer",
        publisher_place="Philadelphia",
        edition="2",
        number="NG59",
        pmcid="PMC1234567",
        issued_year=2020,
        issued_month=3,
        issued_day=5,
        volume="45",
        issue="7",
        pages="401-409",
        doi="10.1000/heat.2020",
        pmid="31234567",
        url="https://example.org/heat",
        accessed=datetime.date(2024, 1, 31),
        retracted_on=datetime.date(2024, 6, 1),
    )
    article = make_article(editor, references=[reference])
    exported = document_from_article(article=article)

    (item,) = front_matter(exported)["references"]
    assert item == {"id": "smith-2020", **reference.to_csl()}
    (parsed,) = document_parse(text=exported).references
    for name, value in parsed.fields.items():
        assert getattr(reference, name) == value, name
    assert set(parsed.fields) >= {
        "csl_type", "genre", "title", "authors", "editors", "container_title", "publisher",
        "publisher_place", "edition", "number", "issued_year", "issued_month", "issued_day",
        "volume", "issue", "pages", "doi", "pmid", "pmcid", "url", "accessed", "retracted_on",
    }  # fmt: skip


def test_a_revision_exports_its_frozen_content(editor):
    article = article_import(text=EXAMPLE, owner=editor)
    frozen = working_copy_snapshot(article)
    Claim.objects.filter(section__article=article).first().delete()
    assert document_from_content(content=frozen) != document_from_article(article=article)
    assert document_parse(text=document_from_content(content=frozen)) == document_parse(
        text=EXAMPLE
    )


# What the export looks like


def test_the_metadata_block_reads_naturally(editor):
    article = article_import(text=EXAMPLE, owner=editor)
    exported = document_from_article(article=article)
    assert exported.startswith(
        "---\nquestion: What are the treatment options for upper back pain?\n"
        "title: Treatment Options for Upper Back Pain\nslug: upper-back-pain-treatment\n"
    )
    assert "    issued: {date-parts: [[2025]]}\n" in exported
    assert "references:\n  - id: praxis-upper-back\n" in exported


def test_references_are_listed_in_order_of_first_citation(editor):
    refs = [
        make_reference(title="Cited second", citekey="b"),
        make_reference(title="First", citekey="a"),
    ]
    article = make_article(editor, references=[refs[1], refs[0]], sections=1)
    ids = [
        item["id"] for item in front_matter(document_from_article(article=article))["references"]
    ]
    assert ids == ["a", "b"]


def test_two_library_records_with_one_citekey_get_distinct_ids(editor):
    first = make_reference(title="Smith on heat", citekey="smith-2020")
    second = make_reference(title="Smith on cold", citekey="smith-2020")
    article = make_article(editor, references=[first, second])

    exported = document_from_article(article=article)
    assert [item["id"] for item in front_matter(exported)["references"]] == [
        "smith-2020",
        "smith-2020-2",
    ]
    copy = article_import(text=exported, owner=editor, slug="copy")
    assert without_identity(working_copy_snapshot(copy)) == without_identity(
        working_copy_snapshot(article)
    )
    assert Reference.objects.count() == 2


def test_a_reference_without_a_usable_citekey_gets_an_id_from_its_key(editor):
    blank = make_reference(title="No key", citekey="")
    spaced = make_reference(title="Spaced key", citekey="Smith 2020")
    article = make_article(editor, references=[blank, spaced])
    ids = [
        item["id"] for item in front_matter(document_from_article(article=article))["references"]
    ]
    assert ids == [f"ref-{blank.pk}", "smith-2020"]


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "- not a list item",
        "+ nor this",
        "1. not a numbered list",
        "> not a quote",
        "```not a fence",
        "note: not an audience text",
        "patient: not an audience text either",
        "ends with brackets [1]",
        "ends with braces {x}",
        "ends with a fake citation [@smith-2020]",
        "a citation [@smith-2020] in the middle",
        "a backslash \\ and an escaped star \\* and a trailing backslash \\",
        "mail [me@example.com] stays",
        "odd {.uncited} in the middle",
        "5\u00a0mg keeps its no-break space",
        "two  spaces and a\ttab stay",
        "| not a table |",
    ],
)
def test_any_plain_text_survives_the_round_trip(text):
    reference = {"1": {"id": "smith-2020", "type": "report", "title": "Source"}}
    content = content_with(
        lead=[claim_content(text, citations=["1"], texts={"patient": text})],
        sections=[
            {
                "kind": "body",
                "heading": text + " #",
                "claims": [claim_content(text, citations=["1"], texts={"patient": text})],
            }
        ],
        references=reference,
    )
    parsed = document_parse(text=document_from_content(content=content))
    for claim in (parsed.lead.claims[0], parsed.sections[1].claims[0]):
        assert claim.text == text
        assert claim.texts == {"patient": text}
        assert claim.citations == ["smith-2020"]
    assert parsed.sections[1].heading == text + " #"


@pytest.mark.parametrize(
    "text",
    [
        "first line\nsecond line",
        "a paragraph\n\nafter an empty line",
        "a line ending in a backslash \\\nand the next",
        "a line\n- that looks like a list item",
        "a line\n## that looks like a heading",
        "a line\n---",
        "| a | b |\n|---|---|",
        "patient: on the first line\npatient: and on the second",
        "a citation on the last line\n[@smith-2020]",
    ],
)
def test_line_breaks_in_a_text_survive_the_round_trip(text):
    reference = {"1": {"id": "smith-2020", "type": "report", "title": "Source"}}
    claim = claim_content(text, citations=["1"], texts={"patient": text})
    content = content_with(
        lead=[claim],
        sections=[{"kind": "body", "heading": "Care", "claims": [claim]}],
        references=reference,
    )
    parsed = document_parse(text=document_from_content(content=content))
    for parsed_claim in (parsed.lead.claims[0], parsed.sections[1].claims[0]):
        assert parsed_claim.text == text
        assert parsed_claim.texts == {"patient": text}
        assert parsed_claim.citations == ["smith-2020"]


def test_the_lead_is_written_first_whatever_its_place_in_the_content():
    content = content_with(
        sections=[
            {"kind": "body", "heading": "Care", "claims": [claim_content("Body claim.")]},
            {"kind": "lead", "heading": "", "claims": [claim_content("Lead claim.")]},
        ]
    )
    parsed = document_parse(text=document_from_content(content=content))
    assert [s.kind for s in parsed.sections] == ["lead", "body"]
    assert parsed.lead.claims[0].text == "Lead claim."


def test_random_texts_full_of_markup_characters_survive_the_round_trip():
    # Seeded, so a failure names a text that can be replayed.
    rng = random.Random(20251123)
    pieces = [*"ab cd#-*+>[]{}@\\:|`~_=.)1!<&;\n\t", "patient:", "[@x]", "{.uncited}", "\u00a0"]
    reference = {"1": {"id": "smith-2020", "type": "report", "title": "Source"}}
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        # The format keeps a text as written, except blanks at its ends and line ends.
        expected = "\n".join(line.strip(" \t") for line in text.strip().split("\n")).strip()
        if not expected:
            continue
        claim = claim_content(text, citations=["1"], texts={"patient": text})
        content = content_with(
            lead=[claim],
            sections=[{"kind": "body", "heading": "Care", "claims": [claim]}],
            references=reference,
        )
        parsed = document_parse(text=document_from_content(content=content))
        for parsed_claim in (parsed.lead.claims[0], parsed.sections[1].claims[0]):
            assert (parsed_claim.text, parsed_claim.texts["patient"]) == (expected, expected), text
            assert parsed_claim.citations == ["smith-2020"], text
